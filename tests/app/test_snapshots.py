"""SVG snapshots of the main screens at 80×24."""

from __future__ import annotations


def test_course_map(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_lesson_text(snap_compare, make_app):
    assert snap_compare(make_app(), press=["enter"], terminal_size=(80, 24))


def test_exercise_feedback(snap_compare, make_app):
    assert snap_compare(make_app(), press=["enter", "e", "down", "enter"], terminal_size=(80, 24))


def test_course_map_russian(snap_compare, make_app):
    assert snap_compare(make_app(lang="ru"), terminal_size=(80, 24))


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=(80, 24))
