"""The computation-graph playground (lesson 5): values forward, gradients backward, node by node."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from nntutor.app.widgets.playgrounds.base import Playground
from nntutor.course.formula import FormulaError, fmt
from nntutor.playgrounds.computation_graph import Graph, Walk, graph_difference
from nntutor.playgrounds.gradient_comparison import (
    ENGINE_GRAPHS,
    LearnerFormula,
    check_formula,
    engine_gradient,
)
from nntutor.playgrounds.lesson_graphs import GRAPHS, random_inputs

LABEL_WIDTH, VALUE_WIDTH, GRAD_WIDTH = 21, 8, 9


def tree_rows(graph: Graph) -> list[tuple[str, str]]:
    """(prefix, node) for the graph drawn as a tree from its output; a node used twice appears twice."""
    rows: list[tuple[str, str]] = []

    def visit(name: str, prefix: str, last: bool, top: bool) -> None:
        rows.append(("" if top else prefix + ("└─ " if last else "├─ "), name))
        parents = graph.node(name).parents
        inner = "" if top else prefix + ("   " if last else "│  ")
        for i, parent in enumerate(parents):
            visit(parent, inner, i == len(parents) - 1, False)

    visit(graph.output, "", True, True)
    return rows


class FormulaBox(Input):
    """The learner's formula for a step: Tab into it, Esc back out to the playground's keys
    (rather than leaving the lesson, which Esc does from the playground itself)."""

    BINDINGS = [Binding("escape", "leave", "Back", show=False)]

    def action_leave(self) -> None:
        for node in self.ancestors:
            if isinstance(node, Playground):
                node.focus()
                return


class GraphPlayground(Playground):
    """A tiny network as a computation graph, stepped forward then backward, with a formula check."""

    DEFAULT_CSS = """
    GraphPlayground {
        overflow-y: auto;
    }
    GraphPlayground #graph-title {
        height: 1;
        text-style: bold;
    }
    GraphPlayground #graph-top {
        height: auto;
        max-height: 12;
    }
    GraphPlayground #graph-tree {
        width: 44;
        height: auto;
    }
    GraphPlayground #graph-compare {
        width: 1fr;
        height: auto;
        padding: 0 0 0 1;
    }
    GraphPlayground #graph-step {
        height: auto;
        min-height: 3;
        max-height: 5;
        margin: 1 0;
    }
    GraphPlayground #graph-formula {
        height: 1;
    }
    GraphPlayground #graph-prompt {
        width: auto;
        padding: 0 1 0 0;
    }
    GraphPlayground #graph-answer {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
    }
    GraphPlayground #graph-verdict {
        height: auto;
        max-height: 4;
        color: $text-muted;
    }
    GraphPlayground #graph-verdict.correct {
        color: $success;
    }
    GraphPlayground #graph-verdict.wrong {
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "advance(1)", "next", key_display="→"),
        Binding("space", "advance(1)", "next", show=False),
        Binding("left", "advance(-1)", "back", key_display="←"),
        Binding("home", "restart", "restart", key_display="home"),
        Binding("end", "finish", "end", show=False),
        Binding("g", "next_graph", "graph"),
        Binding("r", "new_values", "new values"),
        Binding("l", "lesson_values", "lesson values"),
        Binding("f", "focus_formula", "formula"),
    ]

    @dataclass
    class FormulaChecked(Message):
        graph_id: str
        formula: LearnerFormula

    @dataclass
    class EngineComputed(Message):
        key: tuple
        value: float | None  # None: the engine could not run
        why: str = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.graph: Graph = GRAPHS["neuron"]
        self.inputs: dict[str, float] = dict(self.graph.defaults)
        self.walk: Walk = self.graph.walk(self.inputs)
        self.index = 0  # steps taken; len(steps) + 1 is the summary after the last step
        self.formulas: dict[str, LearnerFormula] = {}
        self.engine: dict[tuple, float | str] = {}
        self._rng = random.Random(5)

    def compose(self) -> ComposeResult:
        yield Static(id="graph-title")
        with Horizontal(id="graph-top"):
            yield Static(id="graph-tree")
            yield Static(id="graph-compare")
        yield Static(id="graph-step")
        with Horizontal(id="graph-formula"):
            yield Label(id="graph-prompt")
            yield FormulaBox(id="graph-answer")
        yield Static(id="graph-verdict")

    def on_mount(self) -> None:
        self.ready = True
        self._new_graph()

    # --- keys ----------------------------------------------------------------------------------
    @property
    def last_index(self) -> int:
        return len(self.walk.steps) + 1

    def action_advance(self, steps: int) -> None:
        self.index = max(0, min(self.last_index, self.index + steps))
        self._draw()

    def action_restart(self) -> None:
        self.index = 0
        self._draw()

    def action_finish(self) -> None:
        self.index = self.last_index
        self._draw()

    def action_next_graph(self) -> None:
        ids = list(GRAPHS)
        self.graph = GRAPHS[ids[(ids.index(self.graph.id) + 1) % len(ids)]]
        self.inputs = dict(self.graph.defaults)
        self._new_graph()

    def action_new_values(self) -> None:
        self.inputs = random_inputs(self.graph, self._rng)
        self._new_values()

    def action_lesson_values(self) -> None:
        self.inputs = dict(self.graph.defaults)
        self._new_values()

    def action_focus_formula(self) -> None:
        self.query_one("#graph-answer", Input).focus()

    # --- state ---------------------------------------------------------------------------------
    def _new_graph(self) -> None:
        graph = self.graph
        names = ", ".join(graph.inputs)
        answer = self.query_one("#graph-answer", Input)
        answer.placeholder = self.say("graph.placeholder", vars=names)
        formula = self.formulas.get(graph.id)
        answer.value = formula.typed if formula else ""
        self.query_one("#graph-prompt", Label).update(
            self.say("graph.type", out=graph.output, target=graph.target)
        )
        self._new_values()

    def _new_values(self) -> None:
        """The inputs changed: walk again from the start, keep the step index where it was."""
        self.walk = self.graph.walk(self.inputs)
        self.index = min(self.index, self.last_index)
        if self.graph.id in ENGINE_GRAPHS and self._engine_key() not in self.engine:
            self._compute_engine(self._engine_key(), self.graph.id, dict(self.inputs))
        self._draw()

    def _engine_key(self) -> tuple:
        return (self.graph.id, *sorted(self.inputs.items()))

    @on(Input.Submitted, "#graph-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        verdict = self.query_one("#graph-verdict", Static)
        if not typed:
            return
        verdict.set_classes("")
        verdict.update(self.say("graph.checking"))
        self._check(self.graph, typed, self.lang)

    @work(thread=True, exclusive=True, group="playground-graph-check", exit_on_error=False)
    def _check(self, graph: Graph, typed: str, lang: str) -> None:
        try:
            formula = check_formula(self.app.checker, graph, typed, lang)
        except Exception as exc:  # noqa: BLE001 - shown beside the formula, never raised
            formula = LearnerFormula(typed, False, feedback=f"{type(exc).__name__}: {exc}")
        self.post_message(self.FormulaChecked(graph.id, formula))

    @on(FormulaChecked)
    def _formula_checked(self, event: FormulaChecked) -> None:
        self.formulas[event.graph_id] = event.formula
        self._draw()

    @work(thread=True, exclusive=False, group="playground-graph-engine", exit_on_error=False)
    def _compute_engine(self, key: tuple, graph_id: str, inputs: dict[str, float]) -> None:
        try:
            value = engine_gradient(graph_id, inputs)
            message = self.EngineComputed(key, value)
        except Exception as exc:  # noqa: BLE001 - the engine is optional here: say why it is missing
            message = self.EngineComputed(key, None, f"{type(exc).__name__}: {exc}")
        self.post_message(message)

    @on(EngineComputed)
    def _engine_computed(self, event: EngineComputed) -> None:
        self.engine[event.key] = event.value if event.value is not None else event.why
        self._draw()

    # --- drawing -------------------------------------------------------------------------------
    def _draw(self) -> None:
        if not self.ready:
            return
        self.query_one("#graph-title", Static).update(self.title_text())
        self.query_one("#graph-tree", Static).update(self.tree_text())
        self.query_one("#graph-compare", Static).update(self.compare_text())
        self.query_one("#graph-step", Static).update(self.step_text())
        self._draw_verdict()

    def title_text(self) -> Text:
        graph, walk = self.graph, self.walk
        forward = walk.forward_steps
        backward = len(walk.steps) - forward
        if self.index <= forward:
            where = self.say("graph.forward", n=self.index, total=forward)
        elif self.index <= len(walk.steps):
            where = self.say("graph.backward", n=self.index - forward, total=backward)
        else:
            where = self.say("graph.done")
        number = list(GRAPHS).index(graph.id) + 1
        text = Text(graph.title, style="bold")
        text.append(f"   {where}", style="not bold")
        text.append(f"   [{number}/{len(GRAPHS)}]", style="dim not bold")
        return text

    def _state(self):
        return self.walk.state(min(self.index, len(self.walk.steps)))

    def tree_text(self) -> Text:
        graph = self.graph
        state = self._state()
        step = state.step
        acting = step.node if step is not None and self.index <= len(self.walk.steps) else None
        receiving = {c.target for c in step.contributions} if step is not None and acting else set()
        out = graph.output
        text = Text()
        text.append(" " * LABEL_WIDTH + f"{self.say('graph.value'):>{VALUE_WIDTH}}  ", style="dim")
        text.append(f"{'∂' + out + '/∂·':>{GRAD_WIDTH}}\n", style="dim")
        for prefix, name in tree_rows(graph):
            node = graph.node(name)
            label = name if node.op == "input" else f"{name} = {node.formula}"
            style = ""
            if name == acting:
                style = "reverse"
            elif name in receiving:
                style = "bold underline"
            text.append(prefix, style="dim")
            text.append(f"{label:<{LABEL_WIDTH - len(prefix)}}", style=style)
            value = fmt(state.values[name]) if name in state.values else "·"
            text.append(f"{value:>{VALUE_WIDTH}}  ")
            if name in state.grads:
                grad = fmt(state.grads[name]) + ("" if name in state.complete else "…")
                text.append(f"{grad:>{GRAD_WIDTH}}", style="bold" if name in receiving else "")
            text.append("\n")
        text.rstrip()
        return text

    def step_text(self) -> Text:
        graph, walk = self.graph, self.walk
        out = graph.output
        text = Text()
        if self.index == 0:
            given = ", ".join(f"{k} = {fmt(v)}" for k, v in self.inputs.items())
            text.append(self.say("graph.start", inputs=given))
            return text
        if self.index > len(walk.steps):
            grads = self._state().grads
            listed = ", ".join(f"∂{out}/∂{k} = {fmt(grads[k])}" for k in graph.inputs)
            text.append(self.say("graph.finished", grads=listed, out=out, target=graph.target))
            return text
        step = walk.steps[self.index - 1]
        node = graph.node(step.node)
        if step.phase == "forward":
            values = walk.values
            line = self.say(
                "graph.forward_step",
                node=node.name,
                formula=node.formula,
                numbers=node.substituted(values),
                value=fmt(step.value),
            )
            text.append(line)
            if self.index == walk.forward_steps:
                text.append("\n" + self.say("graph.forward_done", out=out), style="dim")
        elif step.phase == "seed":
            text.append(self.say("graph.seed", out=out))
        else:
            text.append(
                self.say("graph.backward_step", node=node.name, formula=node.formula), style="bold"
            )
            for term in step.contributions:
                text.append("\n  " + term.rule)
            for target in dict.fromkeys(c.target for c in step.contributions):
                uses = len(graph.children(target))
                if uses > 1:
                    text.append(
                        "\n" + self.say("graph.shared", node=target, k=uses), style="italic"
                    )
            if any(c.target not in self._state().complete for c in step.contributions):
                text.append("\n" + self.say("graph.waiting"), style="dim")
        return text

    def compare_text(self) -> Text:
        graph = self.graph
        out, target = graph.output, graph.target
        rows: list[tuple[str, str, str]] = []
        formula = self.formulas.get(graph.id)
        if formula is not None:
            value = formula.value_at(self.inputs)
            if isinstance(value, FormulaError):
                shown = (
                    self.say(f"graph.error.{value.code}", detail=value.detail)
                    if formula.valid
                    else "?"
                )
                rows.append((self.say("graph.yours"), shown, ""))
            else:
                mark = "✓" if formula.equivalent else "✗"
                rows.append((self.say("graph.yours"), fmt(value, 6), mark))
        else:
            rows.append((self.say("graph.yours"), "…", ""))
        rows.append((self.say("graph.backprop"), fmt(graph.backward(self.inputs)[target], 6), ""))
        if graph.id in ENGINE_GRAPHS:
            engine = self.engine.get(self._engine_key())
            if engine is None:
                shown = "…"
            elif isinstance(engine, str):
                shown = self.say("graph.engine_off")
            else:
                shown = fmt(engine, 6)
        else:
            shown = "—"  # the engine builds networks; this graph is not one
        rows.append((self.say("graph.engine"), shown, ""))
        rows.append(
            (self.say("graph.difference"), fmt(graph_difference(graph, self.inputs, target), 6), "")
        )
        text = Text(self.say("graph.compare_title", out=out, target=target) + "\n", style="bold")
        for label, value, mark in rows:
            text.append(f"{label:<18}")
            text.append(f"{value:>10}")
            if mark:
                text.append(f" {mark}", style="bold")
            text.append("\n")
        text.rstrip()
        return text

    def _draw_verdict(self) -> None:
        verdict = self.query_one("#graph-verdict", Static)
        formula = self.formulas.get(self.graph.id)
        if formula is None:
            verdict.set_classes("")
            verdict.update("")
            return
        if not formula.valid:
            verdict.set_classes("wrong")
            verdict.update(Text(formula.feedback))
            return
        verdict.set_classes("correct" if formula.equivalent else "wrong")
        if formula.equivalent:
            message = self.say("graph.correct", out=self.graph.output, target=self.graph.target)
        else:
            message = formula.feedback
        verdict.update(Text(f"= {formula.interpreted_as}. {message}"))
