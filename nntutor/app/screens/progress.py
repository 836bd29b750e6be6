"""The progress section: completion per lesson, mastery per skill, reviews ahead, time spent."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from nntutor.app.keys import localize_bindings
from nntutor.course.skills import level_name, skill_name
from nntutor.i18n import Messages, t
from nntutor.textsafe import visible

STRINGS = Messages(
    "progress",
    {
        "lessons": "Lessons",
        "lesson": "Lesson",
        "status": "Status",
        "solved": "Solved",
        "skills": "Mastery by skill",
        "skill": "Skill",
        "level": "Level",
        "reviews": "Reviews due",
        "today": "today",
        "time": "Time spent: {m} min",
        "streak": "Streak: {n} day(s) in a row",
        "streak_off": "Streak: off (press s to count days in a row)",
        "no_skills": "Answer exercises to build mastery.",
        "weekday.0": "Mon",
        "weekday.1": "Tue",
        "weekday.2": "Wed",
        "weekday.3": "Thu",
        "weekday.4": "Fri",
        "weekday.5": "Sat",
        "weekday.6": "Sun",
    },
)


def tr(app, key: str, **kw) -> str:
    return t(key, app.lang, STRINGS, **kw)


def day_label(day, app) -> str:
    """A day of the review forecast, "Sat 05" (weekday names in the learner's language)."""
    return f"{tr(app, f'weekday.{day.weekday()}')} {day.day:02d}"


def bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def fill_table(table: DataTable, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Replace a table's content; each column as wide as its widest cell (lesson titles capped).

    Titles and skill names come from outside: control characters are shown, markup escaped
    (DataTable reads a str cell as markup)."""
    rows = [tuple(visible(str(cell)) for cell in row) for row in rows]
    table.clear(columns=True)
    for index, header in enumerate(headers):
        width = max([len(header)] + [len(row[index]) for row in rows])
        table.add_column(header, width=min(width, 44))
    table.add_rows([tuple(escape(cell) for cell in row) for row in rows])


class ProgressScreen(Screen):
    BINDINGS = [
        Binding("s", "toggle_streak", "Streak on/off"),
        Binding("r", "refresh_view", "Refresh"),
        Binding("1", "app.switch_mode('course')", "Course"),
        Binding("2", "app.switch_mode('review')", "Review"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body", can_focus=True):
            yield Static(id="progress-time")
            yield Static(id="progress-reviews")
            yield Static(f"[b]{tr(self.app, 'lessons')}[/b]")
            yield DataTable(id="progress-lessons", cursor_type="row", zebra_stripes=False)
            yield Static(f"[b]{tr(self.app, 'skills')}[/b]")
            yield DataTable(id="progress-skills", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        self.action_refresh_view()
        self.query_one("#progress-body").focus()

    def on_screen_resume(self) -> None:
        self.action_refresh_view()

    def action_refresh_view(self) -> None:
        app = self.app
        store = app.store
        statuses = store.lesson_statuses()
        rows = []
        for lesson in app.course.lessons:
            if not lesson.available:
                continue
            states = store.exercise_states(lesson.id)
            total = len(lesson.exercises)
            solved = sum(1 for e in lesson.exercises if states.get(e.id) and states[e.id].solved)
            status = statuses.get(lesson.id, "new")
            mark = {"completed": "✓", "started": "◐", "new": "○"}[status]
            rows.append(
                (
                    str(lesson.order),
                    lesson.title.get(app.lang),
                    f"{mark} {app.tr('status.' + status)}",
                    f"{bar(solved / total if total else 0, 8)} {solved}/{total}",
                )
            )
        headers = ("#", tr(app, "lesson"), tr(app, "status"), tr(app, "solved"))
        fill_table(self.query_one("#progress-lessons", DataTable), headers, rows)
        mastery = store.mastery()
        skill_rows = [
            (skill_name(skill, app.lang), level_name(st.level, app.lang), bar(st.progress, 10))
            for skill, st in sorted(mastery.items(), key=lambda item: skill_name(item[0], app.lang))
        ]
        fill_table(
            self.query_one("#progress-skills", DataTable),
            (tr(app, "skill"), tr(app, "level"), ""),
            skill_rows or [(tr(app, "no_skills"), "", "")],
        )
        forecast = store.review_forecast(days=7)
        days = "  ".join(
            f"{tr(app, 'today') if i == 0 else day_label(day, app)}: {count}"
            for i, (day, count) in enumerate(forecast)
        )
        self.query_one("#progress-reviews", Static).update(f"[b]{tr(app, 'reviews')}[/b]  {days}")
        minutes = round(store.total_time() / 60)
        streak = (
            tr(app, "streak", n=store.streak()) if store.streak_enabled else tr(app, "streak_off")
        )
        self.query_one("#progress-time", Static).update(
            f"{tr(app, 'time', m=minutes)}   ·   {streak}"
        )

    def action_toggle_streak(self) -> None:
        self.app.store.set_streak_enabled(not self.app.store.streak_enabled)
        self.action_refresh_view()
