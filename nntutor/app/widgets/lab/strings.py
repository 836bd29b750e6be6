"""The lab's interface words in English and Russian (the engine's explanations stay in English)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # status
    "state.building": {"en": "building", "ru": "сборка сети"},
    "state.ready": {"en": "ready: Space trains", "ru": "готово: Пробел — обучать"},
    "state.running": {"en": "training", "ru": "обучение"},
    "state.stepping": {"en": "stepping", "ru": "шаг"},
    "state.paused": {"en": "paused", "ru": "пауза"},
    "state.finished": {"en": "done", "ru": "готово"},
    "state.stopped_early": {"en": "stopped early", "ru": "ранняя остановка"},
    "state.diverged": {"en": "diverged: r resets", "ru": "расходится: r — сначала"},
    "state.error": {"en": "stopped", "ru": "остановлено"},
    "epoch": {"en": "epoch", "ru": "эпоха"},
    "step": {"en": "step", "ru": "шаг"},
    "steps_per_s": {"en": "steps/s", "ru": "шагов/с"},
    "loss": {"en": "loss", "ru": "потери"},
    "acc": {"en": "acc", "ru": "точн."},
    "val": {"en": "val", "ru": "вал."},
    "batch_loss": {"en": "batch loss", "ru": "потери батча"},
    "keys_hint": {
        "en": "Space: train · . one batch · > one epoch · v: next view",
        "ru": "Пробел: обучать · . один батч · > одна эпоха · v: вид",
    },
    # views
    "view.loss": {"en": "Loss curves", "ru": "Кривые потерь"},
    "view.boundary": {"en": "Decision boundary", "ru": "Граница решений"},
    "view.fit": {"en": "Fit to the data", "ru": "Подгонка к данным"},
    "view.gradients": {"en": "Gradient norms", "ru": "Нормы градиентов"},
    "view.network": {"en": "Network", "ru": "Сеть"},
    "legend.loss": {"en": "+/- learning rate", "ru": "+/- скорость"},
    "legend.boundary": {"en": "• train ◦ val", "ru": "• обуч. ◦ вал."},
    "legend.gradients": {"en": "log scale", "ru": "лог. шкала"},
    "legend.network": {"en": "Tab, arrows: a neuron", "ru": "Tab, стрелки: нейрон"},
    "chart.start": {"en": "press Space to train", "ru": "Пробел — начать обучение"},
    "chart.train": {"en": "train", "ru": "обучение"},
    "chart.validation": {"en": "validation", "ru": "валидация"},
    "chart.layer": {"en": "layer {n}", "ru": "слой {n}"},
    "chart.output": {"en": "output", "ru": "выход"},
    # the settings panel
    "hint.change": {"en": "←→ change", "ru": "←→ изменить"},
    "hint.type": {"en": " · Enter type", "ru": " · Enter ввести"},
    "hint.live": {"en": "applies while training", "ru": "сразу, не прерывая"},
    "hint.rebuild": {"en": "rebuilds the network", "ru": "пересобирает сеть"},
    "hint.locked": {"en": "[b]locked[/b] by the lesson", "ru": "[b]закреплено[/b] уроком"},
    # notices
    "locked": {"en": "{what} is locked by the lesson.", "ru": "«{what}» закреплено уроком."},
    "setting_locked": {
        "en": "That setting is locked by the lesson.",
        "ru": "Эта настройка закреплена уроком.",
    },
    "cannot_build": {
        "en": "This network cannot be built: {why}",
        "ru": "Эту сеть нельзя собрать: {why}",
    },
    "bad_settings": {
        "en": "These lab settings cannot work: {why}",
        "ru": "С такими настройками не обучить: {why}",
    },
    "fix_settings": {
        "en": "Change the settings first: this network cannot be built.",
        "ru": "Сначала измените настройки: эту сеть нельзя собрать.",
    },
    "diverged_first": {
        "en": "This run diverged: press r to start again (lower the learning rate first).",
        "ru": "Обучение разошлось: нажмите r, чтобы начать снова (сначала уменьшите скорость).",
    },
    "run_complete": {
        "en": "The run is complete ({n} epochs). Raise the epochs to go on, or press r to start again.",
        "ru": "Обучение закончено ({n} эпох). Увеличьте число эпох, чтобы продолжить, или нажмите r.",
    },
    "ladder_end": {
        "en": "The learning rate ladder ends at {lr}.",
        "ru": "Лестница скоростей кончается на {lr}.",
    },
    "nothing_to_save": {"en": "There is no network to save yet.", "ru": "Сохранять пока нечего."},
    "saved": {"en": "Saved {weights} and {config}", "ru": "Сохранено: {weights} и {config}"},
    "not_saved": {"en": "Not saved: {why}", "ru": "Не сохранено: {why}"},
    "loaded": {"en": "Loaded {name} {note}.", "ru": "Загружено {name} ({note})."},
    "weights_locked": {
        "en": "Those weights need settings the lesson locked.",
        "ru": "Этим весам нужны настройки, которые урок закрепил.",
    },
    "save_title": {
        "en": "Save the weights (.npz) and settings (.json) to:",
        "ru": "Сохранить веса (.npz) и настройки (.json) в:",
    },
    "load_title": {"en": "Load weights (.npz) from:", "ru": "Загрузить веса (.npz) из:"},
    "type_title": {"en": "{what}: type {how}", "ru": "{what}: введите значение"},
    "dialog.apply": {"en": "Enter: apply · Esc: cancel", "ru": "Enter: применить · Esc: отмена"},
    "dialog.ok": {"en": "Enter: OK · Esc: cancel", "ru": "Enter: OK · Esc: отмена"},
    "dialog.pick": {"en": "or pick one (↓, Enter):", "ru": "или выберите (↓, Enter):"},
    "presets": {
        "en": "[b]Presets[/b] (the network is rebuilt; locked settings stay)",
        "ru": "[b]Заготовки[/b] (сеть пересобирается; закреплённое остаётся)",
    },
    # the network view
    "neuron.hidden": {"en": "layer {layer} · neuron {n}", "ru": "слой {layer} · нейрон {n}"},
    "neuron.class": {"en": "output · class {k}", "ru": "выход · класс {k}"},
    "neuron.p1": {"en": "output · P(class 1)", "ru": "выход · P(класс 1)"},
    "neuron.output": {"en": "output {n}", "ru": "выход {n}"},
    "neuron.smaller": {"en": "… {n} smaller", "ru": "… ещё {n} меньше"},
    "neuron.plane": {"en": "a over the plane:", "ru": "a на плоскости входов:"},
    "neuron.choose": {
        "en": "Choose a neuron with the arrow keys.",
        "ru": "Выберите нейрон стрелками.",
    },
    "neuron.needs_plane": {
        "en": "(needs data with 1 or 2 inputs)",
        "ru": "(нужны данные с 1 или 2 входами)",
    },
    # challenges
    "challenge": {"en": "Challenge", "ru": "Задание"},
    "goal.acc": {"en": "validation accuracy ≥ {v}", "ru": "точность на валидации ≥ {v}"},
    "goal.loss": {"en": "validation loss ≤ {v}", "ru": "потери на валидации ≤ {v}"},
    "goal.on": {
        "en": "{goal} on {dataset} within {epochs} epochs",
        "ru": "{goal} на {dataset} за {epochs} эпох",
    },
    "limit.layers": {"en": "≤ {n} hidden layers", "ru": "≤ {n} скрытых слоёв"},
    "limit.width": {"en": "≤ {n} wide", "ru": "≤ {n} нейронов в слое"},
    "best": {"en": "best", "ru": "лучшее"},
    "solved": {"en": "✓ Solved", "ru": "✓ Решено"},
    "not_yet": {"en": "✗ Not yet", "ru": "✗ Пока нет"},
    "recorded": {"en": "recorded; r to try again", "ru": "записано; r — ещё раз"},
    "challenge_solved": {
        "en": "Challenge solved: recorded in your progress.",
        "ru": "Задание решено и записано в ваш прогресс.",
    },
    "judged_when": {
        "en": "Judged when the run reaches the target, ends, or passes the epoch limit. 1: back to the lesson.",
        "ru": "Оценка — когда обучение достигнет цели, закончится или выйдет за лимит эпох. 1: к уроку.",
    },
    "breaks_limits": {
        "en": "This network breaks the challenge's limits ({what}): it will not count.",
        "ru": "Сеть нарушает ограничения задания ({what}): этот запуск не засчитается.",
    },
    "other_data": {
        "en": "The challenge is on {dataset}: a run on other data does not count.",
        "ru": "Задание на данных {dataset}: запуск на других данных не засчитается.",
    },
    "loaded_weights_count": {
        "en": "A run from loaded weights does not count: press r to start from fresh weights.",
        "ru": "Запуск с загруженными весами не засчитается: нажмите r, чтобы начать с новых весов.",
    },
    # added on branch h/lab: the typing box's hints, and texts that were English only
    "typed.samples": {"en": "a number of samples", "ru": "число примеров"},
    "typed.noise": {"en": "the noise, e.g. 0.1", "ru": "шум, например 0.1"},
    "typed.val_fraction": {
        "en": "the validation share, e.g. 0.2",
        "ru": "долю валидации, например 0.2",
    },
    "typed.layers": {
        "en": "hidden widths, e.g. 16,16",
        "ru": "ширины скрытых слоёв, например 16,16",
    },
    "typed.widths": {
        "en": "hidden widths, e.g. 16,16",
        "ru": "ширины скрытых слоёв, например 16,16",
    },
    "typed.activation": {
        "en": "one activation, or one per layer: relu,tanh",
        "ru": "одну активацию или по одной на слой: relu,tanh",
    },
    "typed.lr": {"en": "a learning rate, e.g. 0.05", "ru": "скорость обучения, например 0.05"},
    "typed.batch_size": {"en": "a batch size", "ru": "размер батча"},
    "typed.epochs": {"en": "a number of epochs", "ru": "число эпох"},
    "typed.dropout": {
        "en": "a dropout probability, e.g. 0.2",
        "ru": "вероятность dropout, например 0.2",
    },
    "typed.l2": {"en": "an L2 weight decay, e.g. 0.001", "ru": "коэффициент L2, например 0.001"},
    "typed.patience": {
        "en": "epochs without a better validation loss, or off",
        "ru": "эпох без улучшения потерь на валидации, или off",
    },
    "typed.pace": {"en": "epochs per second, or max", "ru": "эпох в секунду, или max"},
    "typed.seed": {"en": "a seed (a whole number)", "ru": "seed (целое число)"},
    "typed.separated": {
        "en": "type {what}, separated by commas (or none for no hidden layer)",
        "ru": "введите {what} через запятую (или none — без скрытых слоёв)",
    },
    "typed.type": {"en": "type {what}", "ru": "введите {what}"},
    "typed.not_whole": {
        "en": "type {what}; {text} is not a whole number",
        "ru": "введите {what}; {text} — не целое число",
    },
    "typed.not_number": {
        "en": "type {what}; {text} is not a number",
        "ru": "введите {what}; {text} — не число",
    },
    "no_boundary": {
        "en": "The decision boundary needs data with 1 or 2 inputs; this data has {n}.",
        "ru": "Границу решений можно нарисовать для данных с 1 или 2 входами; у этих данных {n}.",
    },
    "training_stopped": {"en": "Training stopped.", "ru": "Обучение остановлено."},
}


def tr(lang: str, key: str, **kwargs: object) -> str:
    """The lab string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def lang_of(node) -> str:
    """The interface language of a widget's app ("en" outside nntutor's app)."""
    try:
        return getattr(node.app, "lang", "en")
    except Exception:  # noqa: BLE001 - no app yet (a widget built outside one)
        return "en"
