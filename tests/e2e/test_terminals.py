"""End to end in tmux: the colour matrix, 80×24, and the terminal shrinking and growing under the app.

Every status on the course map has its own mark and word, so the map reads the
same with 16 colours, 256, truecolor or none (NO_COLOR). The colours actually
written are read back with ``capture-pane -e`` to check that each setting is
honoured.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Pane
from tests.e2e.tools import require

COURSE = Path(__file__).parents[1] / "app" / "course"
pytestmark = pytest.mark.e2e

STATUSES = {"✓": "done", "◐": "started", "○": "new", "✗": "unavailable"}
CLEAN = "env -u COLORTERM -u NO_COLOR -u TEXTUAL_COLOR_SYSTEM -u FORCE_COLOR"


def course_with_every_status(tmp_path: Path) -> tuple[Path, Path]:
    """The test course plus a fourth lesson, and a record in which lessons are completed, started and new."""
    from nntutor.practice.store import ProgressStore

    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    shutil.copytree(course / "01-intro", course / "04-more")
    toml = course / "04-more" / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('id = "intro"', 'id = "more"', 1).replace("order = 1", "order = 4", 1)
    toml.write_text(
        text.replace('en = "Why neural networks"', 'en = "More practice"', 1), encoding="utf-8"
    )
    data = tmp_path / "data"
    store = ProgressStore.open(data)
    try:
        store.mark_lesson_complete("intro")
        store.record_attempt("neuron", "forward", "1", False)
    finally:
        store.close()
    return course, data


def nntutor(course: Path, env: dict[str, str], *extra: str) -> str:
    """The command for Pane, with exactly ``env``'s colour settings, whatever the runner's terminal says."""
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    python = shlex.quote(sys.executable)
    return f"{CLEAN} {exports} {python} -m nntutor --lessons {shlex.quote(str(course))} --lang en {' '.join(extra)}"


def colours(pane: Pane) -> set[str]:
    """The SGR parameter lists on the screen as tmux holds it (what the app actually asked for)."""
    out = subprocess.run(
        ["tmux", "capture-pane", "-e", "-p", "-t", pane.session],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(re.findall(r"\x1b\[([0-9;]*)m", out))


def colour_codes(sgr: set[str]) -> list[tuple[str, ...]]:
    """Each colour in the SGR lists: ('16', n), ('256', n) or ('rgb', r, g, b)."""
    found = []
    for params in sgr:
        parts = [int(p) if p else 0 for p in params.split(";")]
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in (38, 48) and i + 2 < len(parts) and parts[i + 1] == 5:
                found.append(("256", parts[i + 2]))
                i += 3
            elif p in (38, 48) and i + 4 < len(parts) and parts[i + 1] == 2:
                found.append(("rgb", *parts[i + 2 : i + 5]))
                i += 5
            else:
                if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                    found.append(("16", p))
                i += 1
    return found


def is_grey(colour: tuple) -> bool:
    if colour[0] == "rgb":
        return colour[1] == colour[2] == colour[3]
    if colour[0] == "256":
        n = colour[1]
        return n in (0, 7, 8, 15, 16, 59, 102, 145, 188, 231) or 232 <= n <= 255
    return colour[1] in (30, 37, 90, 97, 40, 47, 100, 107)


def check_16(found):
    assert found, "no colour at all with TERM=xterm"
    assert all(c[0] == "16" for c in found), f"more than 16 colours with TERM=xterm: {found}"


def check_256(found):
    assert any(c[0] == "256" for c in found), found
    assert not any(c[0] == "rgb" for c in found), f"truecolor without COLORTERM: {found}"


def check_truecolor(found):
    assert any(c[0] == "rgb" for c in found), found


def check_no_color(found):
    assert all(is_grey(c) for c in found), (
        f"colours despite NO_COLOR=1: {[c for c in found if not is_grey(c)]}"
    )


MATRIX = {
    "xterm-16": ({"TERM": "xterm"}, check_16),
    "xterm-256color": ({"TERM": "xterm-256color"}, check_256),
    "truecolor": ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, check_truecolor),
    "NO_COLOR": ({"TERM": "xterm-256color", "NO_COLOR": "1"}, check_no_color),
}


@pytest.mark.parametrize("case", list(MATRIX))
def test_course_map_reads_the_same_in_every_colour_depth(tmp_path, case):
    require("tmux")
    env, check_colours = MATRIX[case]
    course, data = course_with_every_status(tmp_path)
    pane = Pane(nntutor(course, {**env, "LANG": "C.UTF-8", "NNTUTOR_DATA_DIR": str(data)}))
    try:
        pane.wait_for("More practice")
        screen = pane.wait_for("Next step: 2. The neuron")
        lines = screen.splitlines()
        assert len(lines) == 24
        for mark, word in STATUSES.items():
            line = next((row for row in lines if f" {mark} " in row), None)
            assert line is not None, f"no lesson marked {mark} at 80×24:\n{screen}"
            assert word in line or word in lines[lines.index(line) + 1], (
                f"{mark} without '{word}':\n{screen}"
            )
        assert "Next step" in screen and "nntutor" in lines[0]
        footer = lines[-1]
        assert "Quit" in footer and "Help" in footer, (
            f"the footer is cut off at 80 columns: {footer!r}"
        )
        check_colours(colour_codes(colours(pane)))
        pane.keys("C-q")
        pane.wait_for("EXITED-0")
    finally:
        pane.close()


def resize(pane: Pane, width: int, height: int) -> None:
    subprocess.run(
        ["tmux", "resize-window", "-t", pane.session, "-x", str(width), "-y", str(height)],
        check=True,
    )


def wait_for_words(pane: Pane, words: str, timeout: float = 20.0) -> str:
    """Like Pane.wait_for, but ``words`` may be wrapped over several lines of a narrow screen."""
    want = " ".join(words.split())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = pane.screen()
        if want in " ".join(screen.split()):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{words!r} did not appear on the screen; it shows:\n{pane.screen()}")


def wait_until(pane: Pane, condition, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = pane.screen()
        if condition(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"the screen never got there; it shows:\n{pane.screen()}")


def test_shrink_and_grow_under_the_app(tmp_path):
    require("tmux")
    # COLUMNS and LINES exported, as readline (so any Python started from pytest) and some shells do:
    # they must not pin the app to its first size.
    env = {
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "NNTUTOR_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "80",
        "LINES": "24",
    }
    pane = Pane(nntutor(COURSE, env))
    try:
        pane.wait_for("Next step")
        pane.keys("Enter")
        pane.wait_for("Neural networks find")
        resize(pane, 50, 12)
        screen = wait_for_words(pane, "Please enlarge the terminal")
        assert "50×12" in screen and "60×18" in screen
        for width, height in [(30, 6), (120, 40), (20, 4), (59, 30)]:
            resize(pane, width, height)
            time.sleep(0.1)
        wait_for_words(pane, "it is 59×30")
        resize(pane, 80, 24)
        wait_until(
            pane, lambda screen: "enlarge" not in screen and "Neural networks find" in screen
        )
        # the cover is gone and the lesson is still open underneath
        pane.keys("e")
        pane.wait_for("Exercise 1 of 2")
        pane.keys("Down", "Enter")
        pane.wait_for("Not quite")
        pane.keys("C-q")
        pane.wait_for("EXITED-0")
    finally:
        pane.close()


def test_starting_in_a_tiny_terminal(tmp_path):
    require("tmux")
    env = {"TERM": "xterm", "LANG": "C.UTF-8", "NNTUTOR_DATA_DIR": str(tmp_path / "data")}
    pane = Pane(nntutor(COURSE, env), width=24, height=6)
    try:
        wait_for_words(pane, "Please enlarge")
        pane.keys("C-q")
        wait_for_words(pane, "EXITED-0")
    finally:
        pane.close()


def test_no_mouse_turns_mouse_tracking_off(tmp_path):
    """tmux knows which mouse modes the program asked for: none with --no-mouse, some without it."""
    require("tmux")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "NNTUTOR_DATA_DIR": str(tmp_path / "data")}
    for extra, expect_mouse in (("--no-mouse", False), ("", True)):
        pane = Pane(nntutor(COURSE, env, extra))
        try:
            pane.wait_for("Next step")
            flags = subprocess.run(
                [
                    "tmux",
                    "display-message",
                    "-p",
                    "-t",
                    pane.session,
                    "#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_all_flag}",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            assert ("1" in flags) is expect_mouse, f"{extra or 'default'}: mouse flags {flags}"
            pane.keys("C-q")
            pane.wait_for("EXITED-0")
        finally:
            pane.close()


def epoch_shown(screen: str) -> int | None:
    match = re.search(r"epoch ([\d,]+)/", screen)
    return int(match.group(1).replace(",", "")) if match else None


def test_resizing_while_the_lab_trains(tmp_path):
    require("tmux")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "NNTUTOR_DATA_DIR": str(tmp_path / "data")}
    pane = Pane(nntutor(COURSE, env, "lab", "--preset", "spirals", "--epochs", "1000000"))
    try:
        pane.wait_for("Space trains")
        pane.keys("Space")
        pane.wait_for("▶ training")
        for width, height in [(50, 12), (120, 40), (30, 8), (100, 30), (61, 19), (80, 24)]:
            resize(pane, width, height)
            time.sleep(0.3)
        screen = wait_until(pane, lambda s: "enlarge" not in s and "▶ training" in s)
        first = epoch_shown(screen)
        assert first is not None, screen
        screen = wait_until(
            pane, lambda s: (epoch_shown(s) or 0) > first
        )  # it kept training throughout
        assert "Traceback" not in screen and "Error" not in screen
        pane.keys("C-q")
        pane.wait_for("EXITED-0")
    finally:
        pane.close()
