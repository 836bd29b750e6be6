"""The gradient-descent playground (lesson 6): a 1-D curve, a non-convex curve and a 2-D valley."""

from __future__ import annotations

import itertools
import math
import random
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static
from textual_plotext import PlotextPlot

from nntutor.app.widgets.playgrounds.base import Playground
from nntutor.course.formula import fmt
from nntutor.playgrounds.gradient_descent import (
    LEARNING_RATES,
    SURFACES,
    Descent,
    Point,
    Surface,
    nearest_rate_index,
)

TICK_SECONDS = 0.25  # a running walk takes 4 steps a second: readable, and light over SSH
MAX_STEPS = 1000  # a run stops here
PATH_SHOWN = 200  # the chart draws at most the last this many points
MOVE = {1: 0.5, 2: 0.25}  # how far an arrow moves the start: along w (or w₁), along w₂
LEVELS = (2, 8, 18, 32, 50, 72)  # contour levels of the 2-D map: evenly spaced rings of a quadratic
BAND_COLOURS = ("blue", "cyan", "green", "yellow", "yellow", "red", "red")


def surface_map(surface: Surface, path: list[Point], width: int, height: int) -> Text:
    """The 2-D loss as shaded contour bands, with the path on top: ○ start, ● now, ★ minimum."""
    margin = 5
    cols, rows = max(4, width - margin), max(3, height - 1)
    (lo1, hi1), (lo2, hi2) = surface.bounds

    def cell(w: Point) -> tuple[int, int]:
        c = math.floor((w[0] - lo1) / (hi1 - lo1) * cols)
        r = math.floor((hi2 - w[1]) / (hi2 - lo2) * rows)
        return r, c

    bands = []
    for r in range(rows):
        w2 = hi2 - (r + 0.5) * (hi2 - lo2) / rows
        line = []
        for c in range(cols):
            w1 = lo1 + (c + 0.5) * (hi1 - lo1) / cols
            line.append(sum(1 for level in LEVELS if surface.loss((w1, w2)) >= level))
        bands.append(line)
    # a contour line wherever the band changes towards the neighbour on the right or below
    grid: list[list[tuple[str, str]]] = []
    for r in range(rows):
        line = []
        for c in range(cols):
            band = bands[r][c]
            edge = (c + 1 < cols and bands[r][c + 1] != band) or (
                r + 1 < rows and bands[r + 1][c] != band
            )
            line.append(("∙" if edge else " ", f"dim {BAND_COLOURS[band]}"))
        grid.append(line)

    def put(r: int, c: int, char: str, style: str) -> None:
        if 0 <= r < rows and 0 <= c < cols:
            grid[r][c] = (char, style)

    shown = path[-PATH_SHOWN:]
    for a, b in itertools.pairwise(shown):
        (r0, c0), (r1, c1) = cell(a), cell(b)
        n = max(abs(r1 - r0), abs(c1 - c0), 1)
        if n > 4 * (rows + cols):
            continue  # far off the map: nothing of the segment would show
        for k in range(1, n):
            put(round(r0 + (r1 - r0) * k / n), round(c0 + (c1 - c0) * k / n), "·", "bold magenta")
    first = len(path) - len(shown)  # the step number of shown[0]
    for i, point in enumerate(shown[:-1]):
        step = first + i
        put(*cell(point), str(step) if step < 10 else "o", "bold magenta")
    put(*cell(surface.minimum), "★", "bold")
    r, c = cell(path[-1])
    if 0 <= r < rows and 0 <= c < cols:
        put(r, c, "●", "bold reverse")
    else:
        arrow = "↑" if r < 0 else "↓" if r >= rows else "←" if c < 0 else "→"
        put(min(max(r, 0), rows - 1), min(max(c, 0), cols - 1), arrow, "bold reverse")

    labels = {0: fmt(hi2), rows // 2: "0", rows - 1: fmt(lo2)}
    text = Text()
    for r, line in enumerate(grid):
        label = "w₂" if r == 1 and rows > 4 else labels.get(r, "")
        text.append(f"{label:>{margin - 1}} ", style="dim")
        for char, style in line:
            text.append(char, style=style)
        text.append("\n")
    axis = [" "] * cols
    for value, at in ((lo1, 0), (0.0, cols // 2), (hi1, cols - 1)):
        label = fmt(value)
        start = max(0, min(cols - len(label), at - len(label) // 2))
        axis[start : start + len(label)] = label
    axis[cols - 6 : cols - 4] = "w₁"
    text.append(" " * margin + "".join(axis), style="dim")
    return text


class SurfaceMap(Widget):
    """The 2-D surface drawn to the widget's size."""

    DEFAULT_CSS = """
    SurfaceMap {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.surface: Surface = SURFACES["valley"]
        self.path: list[Point] = [self.surface.lesson_start]

    def show(self, surface: Surface, path: list[Point]) -> None:
        self.surface, self.path = surface, path
        self.refresh()

    def render(self) -> Text:
        return surface_map(self.surface, self.path, self.size.width, self.size.height)


class DescentPlayground(Playground):
    """Gradient descent, one step at a time or running, with a learning-rate ladder."""

    DEFAULT_CSS = """
    DescentPlayground #descent-row {
        height: 1fr;
    }
    DescentPlayground #descent-charts {
        width: 1fr;
        height: 1fr;
    }
    DescentPlayground #descent-info {
        width: 30;
        height: 1fr;
        padding: 0 0 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "step", "step"),
        Binding("p", "toggle_run", "run"),
        Binding("plus,equals_sign", "rate(1)", "ε", key_display="- +"),
        Binding("minus,underscore", "rate(-1)", "ε", show=False),
        Binding("s", "next_surface", "surface"),
        Binding("r", "new_start", "random"),
        Binding("l", "lesson_start", "lesson"),
        Binding("left", "move_start(0, -1)", "start", key_display="←→↑↓"),
        Binding("right", "move_start(0, 1)", "start", show=False),
        Binding("up", "move_start(1, 1)", "start", show=False),
        Binding("down", "move_start(1, -1)", "start", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.surface: Surface = SURFACES["curve"]
        self.rate_index = nearest_rate_index(self.surface.lesson_rate)
        self.descent = Descent(self.surface, self.surface.lesson_start, self.rate)
        self.running = False
        self.stopped_at_limit = False
        self._rng = random.Random(6)
        self._timer = None

    @property
    def rate(self) -> float:
        return LEARNING_RATES[self.rate_index]

    def compose(self) -> ComposeResult:
        with Horizontal(id="descent-row"):
            with ContentSwitcher(initial="descent-plot", id="descent-charts"):
                yield PlotextPlot(id="descent-plot")
                yield SurfaceMap(id="descent-map")
            yield Static(id="descent-info")

    def on_mount(self) -> None:
        self.ready = True
        self._timer = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        self._draw()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    # --- keys ----------------------------------------------------------------------------------
    def action_step(self) -> None:
        self._pause()
        self.descent.step()
        self._draw()

    def action_toggle_run(self) -> None:
        if self.running:
            self._pause()
        elif not (self.descent.diverged or self.descent.converged):
            self.running = True
            self.stopped_at_limit = False
            if self._timer is not None:
                self._timer.resume()
        self._draw()

    def tick(self) -> None:
        """One step of a running walk; it stops by itself at a minimum, on divergence or at MAX_STEPS."""
        if not self.running:
            return
        moved = self.descent.step()
        if not moved or self.descent.steps >= MAX_STEPS:
            self.stopped_at_limit = moved
            self._pause()
        self._draw()

    def action_rate(self, direction: int) -> None:
        self.rate_index = max(0, min(len(LEARNING_RATES) - 1, self.rate_index + direction))
        self._restart(self.descent.path[0])

    def action_next_surface(self) -> None:
        ids = list(SURFACES)
        self.surface = SURFACES[ids[(ids.index(self.surface.id) + 1) % len(ids)]]
        self.rate_index = nearest_rate_index(self.surface.lesson_rate)
        self._restart(self.surface.lesson_start)

    def action_new_start(self) -> None:
        self._restart(self.surface.random_start(self._rng))

    def action_lesson_start(self) -> None:
        self.rate_index = nearest_rate_index(self.surface.lesson_rate)
        self._restart(self.surface.lesson_start)

    def action_move_start(self, axis: int, direction: int) -> None:
        if axis >= self.surface.dims:
            return
        start = list(self.descent.path[0])
        lo, hi = self.surface.bounds[axis]
        start[axis] = max(lo, min(hi, round(start[axis] + direction * MOVE[axis + 1], 6)))
        self._restart(tuple(start))

    def _pause(self) -> None:
        self.running = False
        if self._timer is not None:
            self._timer.pause()

    def _restart(self, start: Point) -> None:
        self._pause()
        self.stopped_at_limit = False
        self.descent = Descent(self.surface, start, self.rate)
        self._draw()

    # --- drawing -------------------------------------------------------------------------------
    def _draw(self) -> None:
        if not self.ready:
            return
        switcher = self.query_one("#descent-charts", ContentSwitcher)
        if self.surface.dims == 1:
            switcher.current = "descent-plot"
            self._draw_curve()
        else:
            switcher.current = "descent-map"
            self.query_one("#descent-map", SurfaceMap).show(self.surface, self.descent.path)
        self.query_one("#descent-info", Static).update(self.info_text())

    def _draw_curve(self) -> None:
        surface, path = self.surface, self.descent.path[-PATH_SHOWN:]
        plot = self.query_one("#descent-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        lo, hi = surface.bounds[0]
        xs = [lo + (hi - lo) * i / 160 for i in range(161)]
        ys = [surface.loss((x,)) for x in xs]
        top = max(ys)
        plt.xlim(lo, hi)
        plt.ylim(min(ys) - 0.03 * top, top * 1.03)
        plt.plot(xs, ys, marker="braille", color="cyan")
        inside = []
        for point in path:  # the path up to the first point that leaves the chart
            if not surface.inside(point) or surface.loss(point) > top * 1.03:
                break
            inside.append(point)
        if len(inside) > 1:
            plt.plot(
                [p[0] for p in inside],
                [surface.loss(p) for p in inside],
                marker="braille",
                color="orange",
            )
        if inside:
            plt.scatter(
                [p[0] for p in inside[:-1]],
                [surface.loss(p) for p in inside[:-1]],
                marker="o",
                color="orange",
            )
        now = self.descent.w
        if surface.inside(now) and surface.loss(now) <= top * 1.03:
            plt.scatter([now[0]], [self.descent.loss], marker="●", color="red")
        plt.title(surface.formula)
        plt.xlabel("w")
        plot.refresh()

    def info_text(self) -> Text:
        surface, d = self.surface, self.descent
        text = Text()
        text.append(surface.formula + "\n\n", style="bold")
        text.append(f"ε = {fmt(self.rate):<10}", style="bold")
        text.append("- +\n", style="dim")
        text.append(f"{self.say('descent.step')} {d.steps}\n")
        if surface.dims == 1:
            text.append(f"w      = {fmt(d.w[0])}\n")
            text.append(f"C(w)   = {fmt(d.loss)}\n")
            text.append(f"dC/dw  = {fmt(d.gradient[0])}\n")
        else:
            text.append(f"w  = ({fmt(d.w[0])}, {fmt(d.w[1])})\n")
            text.append(f"C  = {fmt(d.loss)}\n")
            g = d.gradient
            text.append(f"∇C = ({fmt(g[0])}, {fmt(g[1])})\n")
        factors = surface.factors(self.rate)
        if factors is not None:
            if surface.dims == 1:
                what = f"\n  (w − {fmt(surface.minimum[0])}) × {fmt(factors[0])}"
            else:
                what = f"\n  w₁ × {fmt(factors[0])}\n  w₂ × {fmt(factors[1])}"
            text.append(self.say("descent.factor", what=what) + "\n", style="dim")
        text.append("\n")
        text.append(self.say("descent.running") if self.running else self.say("descent.paused"))
        text.append("\n")
        text.append(self.behaviour_text(), style="italic")
        return text

    def behaviour_text(self) -> str:
        d = self.descent
        kind = d.behaviour()
        if kind == "diverged":
            last = d.w
            shown = fmt(last[0]) if len(last) == 1 else f"({fmt(last[0])}, {fmt(last[1])})"
            return self.say("descent.diverged", w=shown)
        if kind == "start":
            return self.say("descent.start")
        words = self.say(f"descent.{kind}")
        if self.stopped_at_limit:
            words = f"{self.say('descent.max_steps', n=d.steps)} {words}"
        if not self.surface.inside(d.w):
            words = f"{self.say('descent.off_map')} {words}"
        return words
