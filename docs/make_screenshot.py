"""Render the README's pictures from the real app at 80×24.

    python docs/make_screenshot.py

Writes docs/screenshot.svg (the course map, with some progress) and
docs/screenshot-exercise.svg (a derivation exercise checked by SymPy).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from nntutor.commands._app import build_app

DOCS = Path(__file__).parent


def _app(data_dir: str):
    args = argparse.Namespace(
        lessons=None, data_dir=data_dir, lang="en", profile=None, no_mouse=True
    )
    return build_app(args)


async def course_map(data_dir: str) -> None:
    app = _app(data_dir)
    for lesson in app.course.lessons[:2]:
        app.store.mark_lesson_complete(lesson.id)
    third = app.course.lessons[2]
    app.store.record_attempt(
        third.id, third.exercises[0].id, "demo", True, skills=list(third.exercises[0].skills)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.save_screenshot(filename="screenshot.svg", path=str(DOCS))
    app.store.close()


async def exercise(data_dir: str) -> None:
    app = _app(data_dir)
    lesson = app.course.lesson("the-neuron")
    target = next(e for e in lesson.exercises if e.kind == "expression")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson, f"exercise:{target.id}")
        await pilot.pause()
        wrong = target.mistakes[0].answer if target.mistakes else target.expected
        app.screen.query_one("#answer-widget").value = wrong
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        app.save_screenshot(filename="screenshot-exercise.svg", path=str(DOCS))
    app.store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        asyncio.run(course_map(a))
        asyncio.run(exercise(b))
    print("wrote docs/screenshot.svg and docs/screenshot-exercise.svg")


if __name__ == "__main__":
    main()
