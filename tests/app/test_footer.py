"""The footer is rebuilt when the keys it shows change, and only then; the app's keys are in the
learner's language from the first frame."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from nntutor.app.keys import localize_bindings
from nntutor.app.screens.course_map import CourseMapScreen


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_unchanged_keys_are_not_rebuilt(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        before = footer_keys(app)
        assert [k.description for k in before][:2] == ["Continue", "Review"]
        app.screen.refresh_bindings()  # what Textual does whenever bindings may have changed
        await pilot.pause()
        after = footer_keys(app)
        assert [id(k) for k in after] == [id(k) for k in before]


async def test_changed_keys_are_rebuilt(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        localize_bindings(app.screen, "ru")
        await pilot.pause()
        assert [k.description for k in footer_keys(app)][:2] == ["Продолжить", "Повтор"]


async def test_the_apps_own_keys_are_translated_from_the_start(make_app):
    app = make_app(lang="ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        labels = {k.key: k.description for k in footer_keys(app)}
        assert labels["ctrl+q"] == "Выход"
        assert labels["f1"] == "Справка"
