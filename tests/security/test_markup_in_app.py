"""Markup and links from outside never act in the app: a click on them runs no action, and
stray tags never crash it (issue 12, §3)."""

from __future__ import annotations

from textual.widgets import Static

from nntutor.app.safe import escape, fill, plain

from .conftest import set_title


def actions_in(content) -> list[str]:
    """The click actions a rendered Content carries (none, for text from outside)."""
    return [str(span.style) for span in content.spans if "@click" in str(span.style)]


def screenshot_action(folder) -> str:
    return f"app.screenshot('planted.svg','{folder}')"


async def test_a_click_on_a_hostile_title_runs_nothing(make_app, course_copy, tmp_path):
    # "[ @click=…]" (a space after the bracket) is not escaped by rich.markup.escape,
    # yet Textual reads it as an action: the banner must not be built from escaped markup.
    target = tmp_path / "written"
    target.mkdir()
    set_title(course_copy, f"[ @click={screenshot_action(target)}]Click to continue[/]")
    app = make_app(course_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#next-step", Static)
        assert "Click to continue" in str(banner.render())
        assert not actions_in(banner.render())
        for x in (14, 20, 30, 45):
            await pilot.click("#next-step", offset=(x, 0))
        await pilot.pause()
        assert app.is_running
        assert list(target.iterdir()) == []


async def test_stray_tags_in_a_title_do_not_crash_the_app(make_app, course_copy):
    set_title(course_copy, "[b [/] [/b] [link=file:///etc/passwd]x \\")
    app = make_app(course_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.is_running
        shown = str(app.screen.query_one("#next-step", Static).render())
        assert "[b [/] [/b] [link=file:///etc/passwd]x" in shown
        await pilot.press("enter")  # the lesson opens too: its title goes into the header
        await pilot.pause()
        assert app.is_running and app.screen.__class__.__name__ == "LessonScreen"


LESSON_TEXT = """# A planted lesson

[Click me](@click={action})

[quit](@click=app.quit) and [@click=app.quit]raw markup[/] and [ @click=app.quit]spaced[/]

[a web page](https://example.org/x)
"""


async def test_links_in_the_lesson_text_never_act(make_app, course_copy, tmp_path):
    from textual.widgets._markdown import MarkdownParagraph

    target = tmp_path / "written"
    target.mkdir()
    (course_copy / "01-intro" / "en.md").write_text(
        LESSON_TEXT.format(action=screenshot_action(target)), encoding="utf-8"
    )
    app = make_app(course_copy)
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # nothing may reach the browser hook
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        paragraphs = list(app.screen.query_one("#lesson-text").query(MarkdownParagraph))
        assert len(paragraphs) == 3
        raw = str(paragraphs[1].render())
        assert "[@click=app.quit]raw markup[/]" in raw  # shown as written
        for paragraph in paragraphs:
            for x in (1, 3, 25, 30, 45):
                await pilot.click(paragraph, offset=(x, 0))
                await pilot.pause()
        assert app.is_running
        assert list(target.iterdir()) == []
        assert opened == []
        shown = [str(n.message) for n in app._notifications]
        assert any("@click=app.quit" in message for message in shown)  # the address is shown
        assert any("https://example.org/x" in message for message in shown)


async def test_notifications_are_plain_text(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify("[ @click=app.quit]x[/] [b \x1b]2;pwned\x07", title="[/]")
        await pilot.pause()
        assert app.is_running
        note = list(app._notifications)[-1]
        assert note.markup is False
        assert "\x1b" not in note.message and "␛]2;pwned␇" in note.message


async def test_file_names_in_the_lab_dialog_are_plain(make_app, tmp_path):
    from textual.widgets import OptionList

    from nntutor.app.widgets.lab.file_dialog import FileDialog

    names = [tmp_path / "[ @click=app.quit]w.npz", tmp_path / "[b \x1b[2J.npz"]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FileDialog("Load [/]", str(names[0]), names, lambda _: "bad [/] file"))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompts = [options.get_option_at_index(i).prompt for i in range(2)]
        assert all(not actions_in(prompt) for prompt in prompts)
        assert "\x1b" not in str(prompts[1]) and "␛[2J" in str(prompts[1])
        await pilot.press("enter")  # the check refuses: its message is shown as text
        await pilot.pause()
        assert app.is_running
        assert "bad [/] file" in str(app.screen.query_one("#file-error", Static).render())


def test_the_app_helpers_never_make_markup_from_outside_text():
    hostile = "[ @click=app.quit]a[/] [@click=app.quit]b [b \x1b[31m\\"
    assert not actions_in(plain(hostile)) and not plain(hostile).spans
    filled = fill("[b]$x[/b] [dim]$y[/dim]", x=hostile, y="[/dim]")
    assert not actions_in(filled)
    assert "[ @click=app.quit]a[/]" in filled.plain and "\x1b" not in filled.plain
    from textual.content import Content

    escaped = Content.from_markup(f"[b]{escape(hostile)}")
    assert not actions_in(escaped)
    assert "[@click=app.quit]b" in escaped.plain


async def test_exercise_choices_and_prompts_from_a_lesson_never_act(make_app, course_copy):
    from textual.widgets import OptionList

    toml = course_copy / "01-intro" / "lesson.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        .replace('en = "Recognising images"', 'en = "[ @click=app.quit]Recognising images[/]"')
        .replace(
            'en = "Where do neural networks win?"',
            'en = "Where? [quit](@click=app.quit) [ @click=app.quit]here[/] [b"',
        ),
        encoding="utf-8",
    )
    app = make_app(course_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(app.course.lesson("intro"), "exercise:where")
        await pilot.pause()
        choices = app.screen.query_one("#answer-widget", OptionList)
        prompt = choices.get_option_at_index(0).prompt
        assert not actions_in(prompt) and "[ @click=app.quit]Recognising" in str(prompt)
        await pilot.click(choices, offset=(4, 0))
        await pilot.click("#exercise-prompt", offset=(9, 0))
        await pilot.click("#exercise-prompt", offset=(20, 0))
        await pilot.pause()
        assert app.is_running


async def test_a_hostile_lab_preset_is_refused_before_building(make_app):
    from nntutor.app.screens.lab import LabScreen
    from nntutor.lab import LabRequest

    app = make_app()
    app.open_lab(LabRequest({"dataset": "xor", "samples": 10**8, "pace": 0}))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await app.workers.wait_for_complete()
            await pilot.pause()
            lab = app.screen_stack[0]
            if isinstance(lab, LabScreen) and lab.session is not None:
                break
        assert app.is_running and isinstance(lab, LabScreen)
        assert lab.session is not None  # a network was built, from settings that work
        assert lab.config.samples <= 1_000_000
