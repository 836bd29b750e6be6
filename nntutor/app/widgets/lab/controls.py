"""The lab's settings: one row per control, changed from the keyboard.

↑ ↓ choose a row, ← → step its value along a ladder (or through its choices), Enter types
a value. Rows a lesson locked are shown and refuse changes; rows it hid are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from nntutor.engine.config import (
    ACTIVATION_NAMES,
    DATASET_NAMES,
    DEVICES,
    DTYPES,
    LOSS_NAMES,
    OPTIMIZER_NAMES,
)

LR_LADDER = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
LADDERS: dict[str, tuple] = {
    "samples": (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000),
    "noise": (0.0, 0.02, 0.04, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0),
    "val_fraction": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    "layers": (0, 1, 2, 3, 4, 5, 6, 8),
    "widths": (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512),
    "lr": LR_LADDER,
    "batch_size": (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048),
    "epochs": (5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000),
    "dropout": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "l2": (0.0, 0.00001, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1),
    "patience": (None, 5, 10, 20, 50, 100),
    "pace": (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 0.0),  # 0: as fast as possible, the last step up
}
CHOICES: dict[str, tuple] = {
    "dataset": DATASET_NAMES,
    "activation": ACTIVATION_NAMES,
    "loss": LOSS_NAMES,
    "optimizer": OPTIMIZER_NAMES,
    "dtype": DTYPES,
    "device": DEVICES,
}


@dataclass(frozen=True)
class Control:
    name: str  # the row
    key: str  # the configuration field it sets (what a lesson locks or hides)
    label: dict[str, str]
    typed: str = ""  # what Enter asks for; "" when a row is only stepped
    live: bool = False  # applies to a running network without rebuilding it


CONTROLS: tuple[Control, ...] = (
    Control(
        "dataset",
        "dataset",
        {"en": "dataset", "ru": "данные"},
        typed="a dataset name, or a boundary like x2 > sin(3*x1)",
    ),
    Control("samples", "samples", {"en": "samples", "ru": "примеры"}, typed="a number of samples"),
    Control("noise", "noise", {"en": "noise", "ru": "шум"}, typed="the noise, e.g. 0.1"),
    Control(
        "val_fraction",
        "val_fraction",
        {"en": "val split", "ru": "валидация"},
        typed="the validation share, e.g. 0.2",
    ),
    Control("layers", "hidden", {"en": "layers", "ru": "слои"}, typed="hidden widths, e.g. 16,16"),
    Control(
        "widths", "hidden", {"en": "widths", "ru": "ширина"}, typed="hidden widths, e.g. 16,16"
    ),
    Control(
        "activation",
        "activation",
        {"en": "activation", "ru": "активация"},
        typed="one activation, or one per layer: relu,tanh",
    ),
    Control("loss", "loss", {"en": "loss", "ru": "потери"}),
    Control("optimizer", "optimizer", {"en": "optimizer", "ru": "оптимиз."}),
    Control(
        "lr",
        "lr",
        {"en": "learn rate", "ru": "скор. обуч"},
        typed="a learning rate, e.g. 0.05",
        live=True,
    ),
    Control("batch_size", "batch_size", {"en": "batch", "ru": "батч"}, typed="a batch size"),
    Control(
        "epochs", "epochs", {"en": "epochs", "ru": "эпохи"}, typed="a number of epochs", live=True
    ),
    Control(
        "dropout",
        "dropout",
        {"en": "dropout", "ru": "dropout"},
        typed="a dropout probability, e.g. 0.2",
    ),
    Control(
        "l2", "l2", {"en": "L2", "ru": "L2"}, typed="an L2 weight decay, e.g. 0.001", live=True
    ),
    Control(
        "patience",
        "patience",
        {"en": "early stop", "ru": "ранн. стоп"},
        typed="epochs without a better validation loss, or off",
    ),
    Control(
        "pace", "pace", {"en": "speed", "ru": "темп"}, typed="epochs per second, or max", live=True
    ),
    Control("dtype", "dtype", {"en": "dtype", "ru": "dtype"}),
    Control("device", "device", {"en": "device", "ru": "устр."}),
    Control("seed", "seed", {"en": "seed", "ru": "seed"}, typed="a seed (a whole number)"),
    Control(
        "features",
        "features",
        {"en": "features", "ru": "признаки"},
        typed="input features, e.g. x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)",
    ),
)
# the feature sets ← → steps through (None: x1, x2 as given); Enter types any other
FEATURE_SETS: tuple[tuple[str, ...] | None, ...] = (
    None,
    ("x1^2", "x2^2"),
    ("x1", "x2", "x1^2", "x2^2"),
    ("x1", "x2", "x1*x2"),
    ("x1", "x2", "sin(x1)", "sin(x2)"),
    ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"),
)
BY_NAME = {c.name: c for c in CONTROLS}


def setting_label(setting: str, lang: str) -> str:
    """The label of the control that sets ``setting`` (a LabConfig field), quoted, in ``lang``."""
    control = BY_NAME.get(setting) or next(
        (c for c in reversed(CONTROLS) if c.key == setting), None
    )
    label = (control.label.get(lang) or control.label["en"]) if control else setting
    return f"«{label}»" if lang == "ru" else f"“{label}”"


LABEL_WIDTH = 10


def _g(value: float) -> str:
    return f"{value:g}"


def _word(word: str, lang: str) -> str:
    """A value word of the panel (off, none, max, ep/s) in ``lang``."""
    from nntutor.app.widgets.lab.strings import tr

    return tr(lang, f"value.{word}")


def value_text(
    name: str,
    config,
    device_active: str | None = None,
    resolved_loss: str | None = None,
    lang: str = "en",
) -> str:
    """How a control's value reads in the panel (short), its words in ``lang``."""
    match name:
        case "dataset":
            if config.data_path:
                from pathlib import Path

                return Path(config.data_path).name
            return str(config.dataset)
        case "samples":
            return "—" if config.data_path else f"{config.samples}"
        case "noise":
            if config.data_path:
                return "—"
            if config.noise is None:
                from nntutor.engine.data import DATASETS

                spec = DATASETS.get(config.dataset)
                return _g(spec.noise if spec is not None else 0.0)
            return _g(config.noise)
        case "val_fraction":
            return f"{config.val_fraction:.0%}" if config.val_fraction else _word("none", lang)
        case "layers":
            return str(len(config.hidden))
        case "widths":
            return ",".join(map(str, config.hidden)) or "—"
        case "activation":
            return ",".join(config.layer_activations()) if config.activations else config.activation
        case "loss":
            if config.loss == "auto" and resolved_loss:
                return f"auto:{resolved_loss}"
            return config.loss
        case "lr":
            return _g(config.learning_rate)
        case "dropout" | "l2":
            value = getattr(config, name)
            return _g(value) if value else _word("off", lang)
        case "patience":
            return _word("off", lang) if config.patience is None else str(config.patience)
        case "features":
            return ",".join(config.features) if config.features else "x1,x2"
        case "pace":
            return (
                _word("max", lang) if not config.pace else f"{config.pace:g} {_word('eps', lang)}"
            )
        case "device":
            if config.device == "auto" and device_active:
                return f"auto:{device_active}"
            if device_active and device_active != config.device:
                return f"{config.device}:{device_active}"
            return config.device
        case _:
            return str(getattr(config, name))


def _step_ladder(ladder: tuple, current: Any, direction: int) -> Any:
    """The next value up or down a ladder from ``current``, which need not be on it."""
    if current in ladder:
        index = ladder.index(current) + direction
        return ladder[index] if 0 <= index < len(ladder) else None
    numeric = [v for v in ladder if v is not None]
    if current is None:
        return numeric[0] if direction > 0 else None
    if direction > 0:
        above = [v for v in numeric if v > current]
        return min(above) if above else None
    below = [v for v in numeric if v < current]
    return max(below) if below else None


def step_updates(name: str, config, direction: int) -> dict[str, Any] | None:
    """The configuration changes for stepping control ``name`` by ``direction`` (±1), or None at an end."""
    if name in CHOICES:
        choices = CHOICES[name]
        if name == "dataset" and config.data_path:
            return {"dataset": choices[0 if direction > 0 else -1], "data_path": None}
        current = config.activation if name == "activation" else getattr(config, name)
        index = choices.index(current) if current in choices else -1
        index = (index + direction) % len(choices)
        if name == "activation":
            return {"activation": choices[index], "activations": None}
        return {name: choices[index]}
    if name == "layers":
        count = _step_ladder(LADDERS["layers"], len(config.hidden), direction)
        if count is None:
            return None
        width = config.hidden[-1] if config.hidden else 8
        hidden = tuple(config.hidden[:count]) + (width,) * max(0, count - len(config.hidden))
        return {"hidden": hidden}
    if name == "widths":
        if not config.hidden:
            return None
        width = _step_ladder(LADDERS["widths"], max(config.hidden), direction)
        return None if width is None else {"hidden": (width,) * len(config.hidden)}
    if name == "features":
        current = tuple(config.features) if config.features else None
        index = FEATURE_SETS.index(current) if current in FEATURE_SETS else 0
        return {"features": FEATURE_SETS[(index + direction) % len(FEATURE_SETS)]}
    if name == "seed":
        seed = config.seed + direction
        return {"seed": seed} if seed >= 0 else None
    if name == "noise" and config.noise is None:
        from nntutor.engine.data import DATASETS

        current = DATASETS[config.dataset].noise if config.dataset in DATASETS else 0.0
    elif name == "pace":
        current = config.pace
        if current == 0:  # "max" sits at the top of the ladder
            return {"pace": LADDERS["pace"][-2]} if direction < 0 else None
    elif name == "lr":
        current = config.learning_rate
    else:
        current = getattr(config, name)
    value = _step_ladder(LADDERS[name], current, direction)
    if value is None and not (name == "patience" and current is not None and direction < 0):
        return None
    return {name: value}


class LabControls(Widget, can_focus=True):
    """The settings panel; posts ``Stepped`` and ``EditRequested`` for the screen to apply."""

    DEFAULT_CSS = """
    LabControls {
        width: 24;
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("left,h", "change(-1)", "Less", show=False),
        Binding("right", "change(1)", "More", show=False),
        Binding("enter", "edit", "Type a value", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Stepped(Message):
        """The learner stepped a control: apply ``updates`` to the configuration."""

        setting: Control
        updates: dict[str, Any]

    @dataclass
    class EditRequested(Message):
        setting: Control

    @dataclass
    class Highlighted(Message):
        setting: Control

    @dataclass
    class Refused(Message):
        setting: Control
        why: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = None
        self.locked: frozenset[str] = frozenset()
        self.hidden_keys: frozenset[str] = frozenset()
        self.device_active: str | None = None
        self.resolved_loss: str | None = None

    @property
    def rows(self) -> list[Control]:
        return [c for c in CONTROLS if c.key not in self.hidden_keys]

    @property
    def current(self) -> Control | None:
        rows = self.rows
        return rows[min(self.cursor, len(rows) - 1)] if rows else None

    def show(
        self,
        config,
        locked: frozenset[str] = frozenset(),
        hidden: frozenset[str] = frozenset(),
        device_active: str | None = None,
        resolved_loss: str | None = None,
    ) -> None:
        self.config = config
        self.locked, self.hidden_keys = frozenset(locked), frozenset(hidden)
        self.device_active, self.resolved_loss = device_active, resolved_loss
        self.cursor = min(self.cursor, max(0, len(self.rows) - 1))
        self.refresh(layout=True)

    def select(self, name: str) -> None:
        names = [c.name for c in self.rows]
        if name in names:
            self.cursor = names.index(name)

    def render(self) -> Text:
        lang = getattr(self.app, "lang", "en")
        out = Text(no_wrap=True, overflow="ellipsis")
        if self.config is None:
            return out
        width = max(12, self.size.width or 24)
        for index, control in enumerate(self.rows):
            label = control.label.get(lang) or control.label["en"]
            value = value_text(
                control.name, self.config, self.device_active, self.resolved_loss, lang
            )
            locked = control.key in self.locked
            room = width - LABEL_WIDTH - (2 if locked else 0)
            if len(value) > room:
                value = value[: max(1, room - 1)] + "…"
            line = Text(f"{label:<{LABEL_WIDTH}}", style="dim" if locked else "")
            line.append(f"{value:>{room}}", style="dim" if locked else "bold")
            if locked:
                line.append(" ⊘", style="dim")
            if index == self.cursor and self.has_focus:
                line.stylize("reverse")
            elif index == self.cursor:
                line.stylize("underline")
            if index:
                out.append("\n")
            out.append_text(line)
        return out

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows)

    def watch_cursor(self) -> None:
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        rows = len(self.rows)
        if rows:
            self.cursor = (self.cursor + step) % rows

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else max(0, len(self.rows) - 1)

    def action_change(self, direction: int) -> None:
        control = self.current
        if control is None or self.config is None:
            return
        if control.key in self.locked:
            self.post_message(self.Refused(control, "locked"))
            return
        updates = step_updates(control.name, self.config, direction)
        if updates is None:
            self.post_message(self.Refused(control, "end"))
            return
        self.post_message(self.Stepped(control, updates))

    def action_edit(self) -> None:
        control = self.current
        if control is None:
            return
        if control.key in self.locked:
            self.post_message(self.Refused(control, "locked"))
        elif control.typed:
            self.post_message(self.EditRequested(control))
        else:
            self.action_change(1)


def typed_value(control: Control, config) -> str:
    """The text a typing box starts with: the control's value in a form ``parse_typed`` reads back."""
    match control.name:
        case "layers" | "widths":
            return ",".join(map(str, config.hidden))
        case "activation":
            return ",".join(config.layer_activations()) if config.activations else config.activation
        case "lr":
            return _g(config.learning_rate)
        case "noise":
            return "" if config.noise is None else _g(config.noise)
        case "patience":
            return "off" if config.patience is None else str(config.patience)
        case "features":
            return ",".join(config.features) if config.features else "x1,x2"
        case "dataset":
            return str(config.dataset or "")
        case "pace":
            return "max" if not config.pace else _g(config.pace)
        case _:
            value = getattr(config, control.name)
            return _g(value) if isinstance(value, float) else str(value)


def parse_typed(control: Control, text: str, lang: str = "en") -> dict[str, Any]:
    """The configuration changes for a typed value; ConfigError (in ``lang``) when it cannot be read."""
    from nntutor.app.widgets.lab.strings import STRINGS, tr
    from nntutor.engine import ConfigError

    text = text.strip()
    key = f"typed.{control.name}"
    what = tr(lang, key) if key in STRINGS else control.label.get(lang) or control.label["en"]
    if control.name in ("layers", "widths"):
        from nntutor.engine.config import parse_hidden

        try:
            return {"hidden": parse_hidden(text)}
        except ConfigError:
            raise ConfigError(tr(lang, "typed.separated", what=what)) from None
    if control.name == "activation":
        names = tuple(n.strip() for n in text.split(",") if n.strip())
        if not names:
            raise ConfigError(tr(lang, "typed.type", what=what))
        if len(names) == 1:
            return {"activation": names[0], "activations": None}
        return {"activation": names[0], "activations": names}
    if control.name == "features":
        from nntutor.engine.features import parse_features

        features = parse_features(text)
        return {"features": None if features == ("x1", "x2") else features}
    if control.name == "dataset":
        from nntutor.engine.config import DATASET_NAMES, is_boundary_formula

        if is_boundary_formula(text):
            from nntutor.lab.datasets import boundary_rule

            boundary_rule(text)  # refused here, in the dialog, when it cannot be read
        elif text.lower() not in DATASET_NAMES:
            raise ConfigError(tr(lang, "typed.dataset_choice", names=", ".join(DATASET_NAMES)))
        return {"dataset": text if is_boundary_formula(text) else text.lower(), "data_path": None}
    words = {text.lower()} & {tr(lang, "value.off").lower(), tr(lang, "value.none").lower()}
    if control.name == "patience" and (words or text.lower() in ("off", "none", "no", "0", "")):
        return {"patience": None}
    maximum = text.lower() == tr(lang, "value.max").lower()
    if control.name == "pace" and (maximum or text.lower() in ("max", "0", "fast", "fastest")):
        return {"pace": 0.0}
    if control.name == "noise" and text.lower() in ("", "default"):
        return {"noise": None}
    whole = control.name in ("samples", "batch_size", "epochs", "seed", "patience")
    try:
        value: Any = int(text) if whole else float(text)
    except ValueError:
        raise ConfigError(
            tr(lang, "typed.not_whole" if whole else "typed.not_number", what=what, text=repr(text))
        ) from None
    return {control.name: value}
