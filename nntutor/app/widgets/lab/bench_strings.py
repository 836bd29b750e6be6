"""Words of the lab's experiment bench: backprop replay, points by hand, the hidden space, neurons
off and frozen (English here; other languages in nntutor/locale, context "lab_bench")."""

from __future__ import annotations

from nntutor.i18n import Messages, t

STRINGS: Messages = Messages(
    "lab_bench",
    {
        # backprop replay
        "title": {
            "en": "Backprop replay · {net} · {what} · step {k} of {n}",
            "ru": "Обратный проход по шагам · {net} · {what} · шаг {k} из {n}",
        },
        "one_example": {"en": "one example", "ru": "один пример"},
        "batch": {
            "en": ("a mini-batch of {n} example", "a mini-batch of {n} examples"),
            "ru": (
                "мини-батч из {n} примера",
                "мини-батч из {n} примеров",
                "мини-батч из {n} примеров",
            ),
        },
        "note.sum": {
            "en": "Σ runs over the examples of the batch; δ already holds the 1/N of the mean",
            "ru": "Σ берётся по примерам батча; в δ уже есть множитель 1/N от среднего",
        },
        "note.derivative": {"en": "{rule}", "ru": "{rule}"},
        "note.off": {
            "en": "on: 0 for a neuron switched off, 1 for the others",
            "ru": "on: 0 у выключенного нейрона, 1 у остальных",
        },
        "note.n_examples": {
            "en": "N = {n}: the examples in the batch",
            "ru": "N = {n}: число примеров в батче",
        },
        "note.n_entries": {
            "en": "N = {n}: examples × outputs",
            "ru": "N = {n}: примеры × выходы",
        },
        "more_rows": {"en": "… {n} more rows", "ru": "… ещё строк: {n}"},
        "ask": {
            "en": "Predict {what} ({where}) before it is shown.",
            "ru": "Предскажите {what} ({where}), пока оно скрыто.",
        },
        "ask_keys": {
            "en": "p: type a number · + − 0: only its sign · Enter: just show it",
            "ru": "p: ввести число · + − 0: только знак · Enter: просто показать",
        },
        "where_example": {"en": "example {i}, neuron {j}", "ru": "пример {i}, нейрон {j}"},
        "where_weight": {
            "en": "the weight from input {k} into neuron {j}",
            "ru": "вес от входа {k} к нейрону {j}",
        },
        "where_neuron": {"en": "neuron {j}", "ru": "нейрон {j}"},
        "enter_next": {
            "en": "Enter: next step · ←: back · Esc: close",
            "ru": "Enter: следующий шаг · ←: назад · Esc: закрыть",
        },
        "already_shown": {
            "en": "This step is already shown: Enter goes on to the next one.",
            "ru": "Этот шаг уже показан: Enter — к следующему.",
        },
        "not_a_number": {
            "en": "Type a number such as -0.05 or 0.12 (or a sign: + or -).",
            "ru": "Введите число, например -0.05 или 0.12 (или знак: + или -).",
        },
        "predict_title": {"en": "Your prediction of {what}:", "ru": "Ваш прогноз для {what}:"},
        "predict_hint": {
            "en": "Enter: check · Esc: cancel · within 5 % counts",
            "ru": "Enter: проверить · Esc: отмена · засчитывается с точностью 5 %",
        },
        "right": {
            "en": "✓ Right: the engine computed {answer}. (recorded)",
            "ru": "✓ Верно: движок получил {answer}. (записано)",
        },
        "wrong": {
            "en": "✗ Not quite: the engine computed {answer}. (recorded)",
            "ru": "✗ Не совсем: движок получил {answer}. (записано)",
        },
        "update_ready": {
            "en": "The gradients of every layer are ready. Enter applies the update to the lab's network.",
            "ru": "Градиенты всех слоёв готовы. Enter применит обновление к сети лаборатории.",
        },
        "loss_batch": {
            "en": "loss on this batch:    {before} → {after}",
            "ru": "потеря на этом батче:     {before} → {after}",
        },
        "loss_train": {
            "en": "loss on the training set: {before} → {after}",
            "ru": "потеря на обучающих данных: {before} → {after}",
        },
        "update_done": {
            "en": "One {optimizer} step with learning rate {lr} · Enter or Esc: back to the lab · n: another batch",
            "ru": "Один шаг {optimizer} со скоростью обучения {lr} · Enter или Esc: в лабораторию · n: другой батч",
        },
        "recorded": {
            "en": (
                "{n} prediction recorded in your progress.",
                "{n} predictions recorded in your progress.",
            ),
            "ru": (
                "{n} прогноз записан в ваш прогресс.",
                "{n} прогноза записаны в ваш прогресс.",
                "{n} прогнозов записаны в ваш прогресс.",
            ),
        },
        "before": {"en": "before", "ru": "до"},
        "after": {"en": "after", "ru": "после"},
        "no_session": {
            "en": "There is no network yet: wait until it is built.",
            "ru": "Сети ещё нет: дождитесь, пока она соберётся.",
        },
        "diverged": {
            "en": "This run diverged: press r to start again first.",
            "ru": "Это обучение разошлось: сначала нажмите r, чтобы начать заново.",
        },
        # points by hand
        "edit_needs_2d": {
            "en": "Points can be added on data with 2 inputs; this data has {n}.",
            "ru": "Точки можно добавлять к данным с 2 входами; у этих данных {n}.",
        },
        "edit_needs_classes": {
            "en": "Points can be added to classification data; this data is regression.",
            "ru": "Точки можно добавлять к данным классификации; эти данные — регрессия.",
        },
        "edit_hint": {
            "en": "arrows: move · Enter: add class {k} · c: class · x: delete nearest · Esc: done",
            "ru": "стрелки: курсор · Enter: точка класса {k} · c: класс · x: удалить ближайшую · Esc: готово",
        },
        "point_added": {
            "en": (
                "A point of class {k} added: {n} training point.",
                "A point of class {k} added: {n} training points.",
            ),
            "ru": (
                "Добавлена точка класса {k}: {n} обучающая точка.",
                "Добавлена точка класса {k}: {n} обучающие точки.",
                "Добавлена точка класса {k}: {n} обучающих точек.",
            ),
        },
        "point_deleted": {
            "en": "The nearest point (class {k}) deleted.",
            "ru": "Ближайшая точка (класса {k}) удалена.",
        },
        "point_last": {
            "en": "The last two points stay: a network needs something to train on.",
            "ru": "Две последние точки остаются: сети нужно на чём-то учиться.",
        },
        "busy": {
            "en": "The network is busy; try again.",
            "ru": "Сеть занята; попробуйте ещё раз.",
        },
        # neurons off and frozen
        "choose_neuron": {
            "en": "Choose a neuron in the network view first (v until Network, Tab, arrows).",
            "ru": "Сначала выберите нейрон в виде «Сеть» (v до «Сети», Tab, стрелки).",
        },
        "neuron_off": {
            "en": "{name} is off: its output is 0.",
            "ru": "{name} выключен: его выход равен 0.",
        },
        "neuron_on": {"en": "{name} is on again.", "ru": "{name} снова включён."},
        "neuron_frozen": {
            "en": "{name} is frozen: its weights in and its bias stay as they are.",
            "ru": "{name} заморожен: его входные веса и смещение не меняются.",
        },
        "neuron_thawed": {"en": "{name} learns again.", "ru": "{name} снова учится."},
        "output_off": {
            "en": "An output neuron cannot be switched off; freeze it (f) instead.",
            "ru": "Выходной нейрон нельзя выключить; его можно заморозить (f).",
        },
        "switches": {
            "en": "off: {off} · frozen: {frozen}",
            "ru": "выкл.: {off} · заморожены: {frozen}",
        },
        "switch_keys": {"en": "o: off · f: freeze", "ru": "o: выкл. · f: заморозить"},
        "none": {"en": "none", "ru": "нет"},
        # the hidden space
        "hidden_title": {
            "en": "Hidden space · {layer} · axes: neuron {i} → , neuron {j} ↑",
            "ru": "Скрытое пространство · {layer} · оси: нейрон {i} → , нейрон {j} ↑",
        },
        "input_layer": {"en": "the input (x₁, x₂)", "ru": "вход (x₁, x₂)"},
        "hidden_layer": {
            "en": ("hidden layer {k} ({n} neuron)", "hidden layer {k} ({n} neurons)"),
            "ru": (
                "скрытый слой {k} ({n} нейрон)",
                "скрытый слой {k} ({n} нейрона)",
                "скрытый слой {k} ({n} нейронов)",
            ),
        },
        "hidden_keys": {
            "en": "[ ]: layer · ←→: x-axis neuron · ↑↓: y-axis neuron · Space: train · Esc: close",
            "ru": "[ ]: слой · ←→: нейрон оси x · ↑↓: нейрон оси y · Space: обучать · Esc: закрыть",
        },
        "hidden_legend": {
            "en": "· the input grid, bent by the layer   • the training points by class",
            "ru": "· сетка входной плоскости, изогнутая слоем   • обучающие точки по классам",
        },
        "hidden_one": {
            "en": "This layer has one neuron: the plane is folded onto a line.",
            "ru": "В этом слое один нейрон: плоскость сложена в линию.",
        },
        "hidden_needs_2d": {
            "en": "The hidden space needs data with 2 inputs; this data has {n}.",
            "ru": "Скрытому пространству нужны данные с 2 входами; у этих данных {n}.",
        },
        "hidden_no_layer": {
            "en": "This network has no hidden layer: add one in the settings.",
            "ru": "В этой сети нет скрытого слоя: добавьте его в настройках.",
        },
    },
)


def say(lang: str, key: str, **kwargs: object) -> str:
    """The bench's string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    if key not in STRINGS:
        raise KeyError(key)
    return t(key, lang, STRINGS, **kwargs)
