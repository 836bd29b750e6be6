"""Text from outside never acts: markup in titles and skill names is shown, escape sequences are shown."""

from __future__ import annotations

import shutil

from nntutor.textsafe import describe, json_text, visible

from .conftest import COURSE

HOSTILE_TITLE = "[@click=app.screenshot('x.svg','/tmp')]Click[/] [b \x1b]2;pwned\x07\x1b[2J"


def test_visible_shows_every_control_character():
    shown = visible("a\x1b[31mb\x07c\x9bd\u200be\nf")
    assert "\x1b" not in shown and "\x9b" not in shown and "\u200b" not in shown
    assert shown == "a␛[31mb␇c<U+009B>d<U+200B>e␊f"
    assert visible("x\ny\tz", keep_newlines=True) == "x\ny\tz"
    assert describe("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert describe("\x1b") == "U+001B ESCAPE"
    assert "\x9b" not in json_text({"t": "\x9b\x1b"}) and "\x1b" not in json_text("\x1b")


async def test_course_map_shows_a_hostile_title_as_text(make_app, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    toml = course / "01-intro" / "lesson.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'en = "Why neural networks"', f"en = {json_text(HOSTILE_TITLE)}"
        ),
        encoding="utf-8",
    )
    app = make_app(lessons=course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = app.export_screenshot()  # SVG: what the terminal would show, as text
        assert "Click" in text and "@click" in text  # shown literally, not turned into an action
        assert "\x1b]2;pwned" not in text and "␛]2;pwned" in text


async def test_progress_screen_survives_markup_in_skill_names(make_app):
    app = make_app()
    app.store.record_attempt(
        "intro", "where", "0", True, skills=["[/b]broken", "[@click=app.quit]x"]
    )
    async with app.run_test(size=(100, 30)) as pilot:
        app.switch_mode("progress")
        await pilot.pause()
        shot = app.export_screenshot()
        assert "[/b]broken" in shot or "[/b]broken".replace("[", "&#91;") in shot
