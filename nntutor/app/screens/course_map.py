"""The course map: lessons in order, each with its status, and the recommended next step."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from nntutor.app.keys import localize_bindings
from nntutor.app.safe import fill
from nntutor.app.widgets.footer import Footer
from nntutor.textsafe import visible

# State is never conveyed by colour alone: every status has its own mark and word.
MARKS = {"completed": "✓", "started": "◐", "new": "○", "unavailable": "✗"}
STYLES = {"completed": "green", "started": "yellow", "new": "", "unavailable": "red"}


class CourseMapScreen(Screen):
    """The lessons in order; Enter opens the highlighted one."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("c", "app.continue", "Continue"),
        Binding(
            "n", "open_next", "Next step", show=False
        ),  # the banner shows (n); 80 columns are few
        Binding("2", "app.switch_mode('review')", "Review"),
        Binding("3", "app.switch_mode('progress')", "Progress"),
        Binding("4", "app.switch_mode('lab')", "Lab"),
    ]

    _shown: tuple | None = None  # what refresh_map last showed: the rows and the banner

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="next-step")
        yield OptionList(id="lessons")
        yield Footer()

    @property
    def lessons_list(self) -> OptionList:
        return self.query_one("#lessons", OptionList)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        self.refresh_map()
        self.lessons_list.focus()

    def on_screen_resume(self) -> None:
        self.refresh_map()

    def refresh_map(self) -> None:
        app = self.app
        statuses = app.store.lesson_statuses()
        recommended = app.course.recommended_next(statuses)
        width = min(
            48, max((len(lesson.title.get(app.lang)) for lesson in app.course.lessons), default=0)
        )
        rows: list[tuple[Text, str, bool]] = []
        for lesson in app.course.lessons:
            status = statuses.get(lesson.id, "new") if lesson.available else "unavailable"
            row = Text()
            row.append(f" {MARKS[status]} ", style=STYLES[status])
            order = lesson.order if lesson.order < 10**6 else "?"
            row.append(f"{order:>2}. ")
            title = visible(lesson.title.get(app.lang))
            row.append(title, style="bold" if lesson is recommended else "")
            if lesson.available:
                row.append(" " * max(0, width - len(title)))
                row.append(f"  · {app.tr('status.' + status)}", style="dim")
                if lesson is recommended:
                    label = f"  ← {app.tr('next_step')}"
                    room = (app.size.width or 80) - 6  # the list's padding and scrollbar
                    if len(row.plain) + len(label) > room:  # the banner above says it in words
                        label = "  ←"
                    row.append(label, style="bold")
            else:
                row.append(
                    f"\n      {app.tr('unavailable_reason', reason=visible(lesson.reason))}",
                    style="red",
                )
            rows.append((row, lesson.id, not lesson.available))
        if recommended is None and app.course.lessons:
            banner = app.tr("all_done")
        elif recommended is not None:
            banner = fill(
                "$next: [b]$order. $title[/b]   [dim](n)   ·   ↑↓ Enter: $open[/dim]",
                next=app.tr("next_step"),
                order=recommended.order,
                title=recommended.title.get(app.lang),
                open=app.tr("open").lower(),
            )
        else:
            problems = "; ".join(str(p) for p in app.course.problems) or "no lessons"
            banner = fill("[red]$problems[/red]", problems=problems)
        # The map is shown on mount and again on every resume (two of them as the app starts):
        # rebuilding an unchanged list would only cost the first screen time.
        shown = (rows, banner if isinstance(banner, str) else banner.markup)
        if shown == self._shown:
            return
        self._shown = shown
        highlighted = self.lessons_list.highlighted
        self.lessons_list.clear_options()
        for row, lesson_id, disabled in rows:
            self.lessons_list.add_option(Option(row, id=lesson_id, disabled=disabled))
        if highlighted is None and recommended is not None:
            highlighted = app.course.lessons.index(recommended)
        if highlighted is not None and self.lessons_list.option_count:
            self.lessons_list.highlighted = min(highlighted, self.lessons_list.option_count - 1)
        self.query_one("#next-step", Static).update(banner)

    @on(OptionList.OptionSelected, "#lessons")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        lesson = self.app.course.lesson(event.option.id)
        if lesson is not None:
            self.app.open_lesson(lesson)

    def action_open(self) -> None:
        index = self.lessons_list.highlighted
        if index is not None:
            self.app.open_lesson(self.app.course.lessons[index])

    def action_open_next(self) -> None:
        lesson = self.app.course.recommended_next(self.app.store.lesson_statuses())
        if lesson is not None:
            self.app.open_lesson(lesson)
