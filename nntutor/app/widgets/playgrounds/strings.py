"""The playgrounds' words (English here; other languages in nntutor/locale, context "playgrounds")."""

from __future__ import annotations

from nntutor.i18n import Messages, t

STRINGS: Messages = Messages(
    "playgrounds",
    {
        # neuron
        "neuron.probe": "probe x",
        "neuron.switch": "switches on at x = −b/w = {x}",
        "neuron.switch_none": "w = 0: a does not depend on x",
        "neuron.steep": "Large |w|: a steep switch.",
        "neuron.flipped": "Negative w: the curve is flipped.",
        "neuron.flat": "Small |w|: a gentle slope.",
        "neuron.saturated": "Saturated at this x: f′(z) ≈ 0, almost no gradient.",
        "neuron.dead": "z < 0: ReLU outputs 0 and f′(z) = 0, no gradient flows.",
        # graph
        "graph.value": "value",
        "graph.forward": "forward {n}/{total}",
        "graph.backward": "backward {n}/{total}",
        "graph.done": "done",
        "graph.start": "The inputs are given: {inputs}. Press → or space to compute the next node.",
        "graph.forward_step": "Forward: {node} = {formula} = {numbers} = {value}",
        "graph.forward_done": "The forward pass is done. Next, the gradients flow back from {out}.",
        "graph.seed": "Backward: start at the output, ∂{out}/∂{out} = 1. Every other gradient starts at 0.",
        "graph.backward_step": "Backward through {node} = {formula}:",
        "graph.shared": (
            "{node} is used {k} time: its gradient is the sum over the paths (+=).",
            "{node} is used {k} times: its gradient is the sum over the paths (+=).",
        ),
        "graph.waiting": "… = more paths still to add",
        "graph.finished": "Done: {grads}. Now type your own ∂{out}/∂{target} below (f) and compare.",
        "graph.compare_title": "∂{out}/∂{target} at these values",
        "graph.yours": "your formula",
        "graph.backprop": "backprop (graph)",
        "graph.engine": "engine backprop",
        "graph.difference": "finite difference",
        "graph.engine_off": "unavailable",
        "graph.type": "Your ∂{out}/∂{target} =",
        "graph.placeholder": "f, then a formula in {vars}, then Enter (Esc: back)",
        "graph.checking": "Checking…",
        "graph.correct": "Right: it equals ∂{out}/∂{target} everywhere, not only here.",
        "graph.error.syntax": "cannot read it ({detail})",
        "graph.error.name": "unknown name {detail}",
        "graph.error.domain": "undefined at these values",
        "graph.error.overflow": "too large to compute",
        "graph.error.long": "too long",
        # descent
        "descent.step": "step",
        "descent.rate": "ε (learning rate)",
        "descent.factor": "each step: {what}",
        "descent.running": "▶ running",
        "descent.paused": "‖ paused",
        "descent.off_map": "The point has left the map.",
        "descent.start": "Press space to take a step.",
        "descent.diverged": "Diverged: every step overshot further, until w ran off to {w}. Lower ε (-) and reset (r).",
        "descent.converged": "Converged: the gradient is zero, this is the minimum.",
        "descent.local_minimum": "Stuck in a local minimum: the gradient is zero, but the valley on the other side is lower.",
        "descent.diverging": "Diverging: each jump lands higher than the last. ε is too large.",
        "descent.bouncing": "Bouncing from wall to wall without getting lower.",
        "descent.zigzag": "Zigzagging across the minimum, but getting lower.",
        "descent.creeping": "Creeping: every step is tiny. ε is small.",
        "descent.descending": "Walking smoothly down.",
        "descent.max_steps": ("Stopped after {n} step.", "Stopped after {n} steps."),
    },
)

# The playgrounds' footer words are in nntutor/app/keys.py (LABELS, catalog context "keys"),
# so that every language gets them; this stays for callers that pass it as ``extra``.
KEYS_RU: dict[str, str] = {}


def say(key: str, lang: str, **params: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), with ``params`` filled in."""
    if key not in STRINGS:
        raise KeyError(key)
    return t(key, lang, STRINGS, **params)
