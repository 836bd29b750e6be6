"""The playgrounds' words, in English and Russian."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # neuron
    "neuron.probe": {"en": "probe x", "ru": "точка x"},
    "neuron.switch": {"en": "switches on at x = −b/w = {x}", "ru": "включается при x = −b/w = {x}"},
    "neuron.switch_none": {"en": "w = 0: a does not depend on x", "ru": "w = 0: a не зависит от x"},
    "neuron.steep": {"en": "Large |w|: a steep switch.", "ru": "Большой |w|: крутое переключение."},
    "neuron.flipped": {
        "en": "Negative w: the curve is flipped.",
        "ru": "Отрицательный w: кривая отражена.",
    },
    "neuron.flat": {"en": "Small |w|: a gentle slope.", "ru": "Маленький |w|: пологий склон."},
    "neuron.saturated": {
        "en": "Saturated at this x: f′(z) ≈ 0, almost no gradient.",
        "ru": "Насыщение в этой точке: f′(z) ≈ 0, градиента почти нет.",
    },
    "neuron.dead": {
        "en": "z < 0: ReLU outputs 0 and f′(z) = 0, no gradient flows.",
        "ru": "z < 0: ReLU выдаёт 0 и f′(z) = 0, градиент не проходит.",
    },
    # graph
    "graph.value": {"en": "value", "ru": "значение"},
    "graph.forward": {"en": "forward {n}/{total}", "ru": "прямой проход {n}/{total}"},
    "graph.backward": {"en": "backward {n}/{total}", "ru": "обратный проход {n}/{total}"},
    "graph.done": {"en": "done", "ru": "готово"},
    "graph.start": {
        "en": "The inputs are given: {inputs}. Press → or space to compute the next node.",
        "ru": "Входы заданы: {inputs}. Нажмите → или пробел, чтобы вычислить следующий узел.",
    },
    "graph.forward_step": {
        "en": "Forward: {node} = {formula} = {numbers} = {value}",
        "ru": "Вперёд: {node} = {formula} = {numbers} = {value}",
    },
    "graph.forward_done": {
        "en": "The forward pass is done. Next, the gradients flow back from {out}.",
        "ru": "Прямой проход закончен. Дальше градиенты текут назад от {out}.",
    },
    "graph.seed": {
        "en": "Backward: start at the output, ∂{out}/∂{out} = 1. Every other gradient starts at 0.",
        "ru": "Назад: начинаем с выхода, ∂{out}/∂{out} = 1. Остальные градиенты начинаются с 0.",
    },
    "graph.backward_step": {
        "en": "Backward through {node} = {formula}:",
        "ru": "Назад через {node} = {formula}:",
    },
    "graph.shared": {
        "en": "{node} is used {k} times: its gradient is the sum over the paths (+=).",
        "ru": "{node} используется {k} раза: его градиент — сумма по путям (+=).",
    },
    "graph.waiting": {"en": "… = more paths still to add", "ru": "… = ещё не все пути добавлены"},
    "graph.finished": {
        "en": "Done: {grads}. Now type your own ∂{out}/∂{target} below (f) and compare.",
        "ru": "Готово: {grads}. Теперь введите свою ∂{out}/∂{target} ниже (f) и сравните.",
    },
    "graph.compare_title": {
        "en": "∂{out}/∂{target} at these values",
        "ru": "∂{out}/∂{target} при этих значениях",
    },
    "graph.yours": {"en": "your formula", "ru": "ваша формула"},
    "graph.backprop": {"en": "backprop (graph)", "ru": "backprop по графу"},
    "graph.engine": {"en": "engine backprop", "ru": "движок (backprop)"},
    "graph.difference": {"en": "finite difference", "ru": "конечная разность"},
    "graph.engine_off": {"en": "unavailable", "ru": "недоступен"},
    "graph.type": {"en": "Your ∂{out}/∂{target} =", "ru": "Ваша ∂{out}/∂{target} ="},
    "graph.placeholder": {
        "en": "type a formula in {vars}, then Enter",
        "ru": "формула от {vars}, затем Enter",
    },
    "graph.checking": {"en": "Checking…", "ru": "Проверяю…"},
    "graph.correct": {
        "en": "Right: it equals ∂{out}/∂{target} everywhere, not only here.",
        "ru": "Верно: совпадает с ∂{out}/∂{target} везде, а не только здесь.",
    },
    "graph.error.syntax": {
        "en": "cannot read it ({detail})",
        "ru": "не удаётся прочитать ({detail})",
    },
    "graph.error.name": {"en": "unknown name {detail}", "ru": "неизвестное имя {detail}"},
    "graph.error.domain": {
        "en": "undefined at these values",
        "ru": "не определена при этих значениях",
    },
    "graph.error.overflow": {"en": "too large to compute", "ru": "слишком велика"},
    "graph.error.long": {"en": "too long", "ru": "слишком длинная"},
    # descent
    "descent.step": {"en": "step", "ru": "шаг"},
    "descent.rate": {"en": "ε (learning rate)", "ru": "ε (скорость обучения)"},
    "descent.factor": {"en": "each step: {what}", "ru": "каждый шаг: {what}"},
    "descent.running": {"en": "▶ running", "ru": "▶ идёт"},
    "descent.paused": {"en": "‖ paused", "ru": "‖ пауза"},
    "descent.off_map": {"en": "The point has left the map.", "ru": "Точка ушла за край карты."},
    "descent.start": {
        "en": "Press space to take a step.",
        "ru": "Нажмите пробел, чтобы сделать шаг.",
    },
    "descent.diverged": {
        "en": "Diverged: every step overshot further, until w ran off to {w}. Lower ε (-) and reset (r).",
        "ru": "Расходится: каждый шаг перелетал всё дальше, пока w не ушёл к {w}. Уменьшите ε (-) и начните заново (r).",
    },
    "descent.converged": {
        "en": "Converged: the gradient is zero, this is the minimum.",
        "ru": "Сошлось: градиент равен нулю, это минимум.",
    },
    "descent.local_minimum": {
        "en": "Stuck in a local minimum: the gradient is zero, but the valley on the other side is lower.",
        "ru": "Застряли в локальном минимуме: градиент равен нулю, но соседняя впадина ниже.",
    },
    "descent.diverging": {
        "en": "Diverging: each jump lands higher than the last. ε is too large.",
        "ru": "Расходится: каждый прыжок приземляется выше предыдущего. ε слишком велика.",
    },
    "descent.bouncing": {
        "en": "Bouncing from wall to wall without getting lower.",
        "ru": "Прыгает от стенки к стенке и не опускается.",
    },
    "descent.zigzag": {
        "en": "Zigzagging across the minimum, but getting lower.",
        "ru": "Зигзагом через минимум, но опускается.",
    },
    "descent.creeping": {
        "en": "Creeping: every step is tiny. ε is small.",
        "ru": "Ползёт: каждый шаг крошечный. ε мала.",
    },
    "descent.descending": {"en": "Walking smoothly down.", "ru": "Плавно спускается."},
    "descent.max_steps": {"en": "Stopped after {n} steps.", "ru": "Остановлено после {n} шагов."},
}

# The footer's key descriptions, by their English text.
KEYS_RU: dict[str, str] = {
    "w": "w",
    "b": "b",
    "activation": "активация",
    "probe x": "точка x",
    "reset": "сброс",
    "next": "дальше",
    "back": "назад",
    "restart": "сначала",
    "graph": "граф",
    "new values": "новые значения",
    "lesson values": "как в уроке",
    "formula": "формула",
    "step": "шаг",
    "run": "пуск",
    "ε": "ε",
    "surface": "поверхность",
    "random": "случайно",
    "lesson": "как в уроке",
    "start": "старт",
}


def say(key: str, lang: str, **params: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), with ``params`` filled in."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
