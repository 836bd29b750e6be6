"""The lab's settings: a ``TrainConfig`` plus an activation per hidden layer and a pace."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from nntutor.engine.activations import canonical_activation
from nntutor.engine.config import ACTIVATION_NAMES, TrainConfig, parse_hidden
from nntutor.engine.errors import ConfigError

DEFAULT_PACE = 30.0  # epochs per second while training: fast enough to finish, slow enough to watch

# The lab's settings that are not `nntutor train` options.
LAB_ONLY = ("activations", "pace")


@dataclass
class LabConfig(TrainConfig):
    """A ``TrainConfig`` plus what only the lab has: an activation per hidden layer and a pace."""

    activations: tuple[str, ...] | None = None  # one per hidden layer; None: ``activation`` for all
    pace: float = DEFAULT_PACE  # epochs per second while training; 0: as fast as the machine goes

    def layer_activations(self) -> tuple[str, ...]:
        if self.activations is None:
            return (self.activation,) * len(self.hidden)
        return tuple(self.activations)

    def validate(self, *, data_given: bool = False) -> None:
        if self.activations is not None:
            try:
                names = tuple(canonical_activation(str(a)) for a in self.activations)
            except TypeError:
                raise ConfigError(
                    "activations must be a list of names, like relu,relu,tanh",
                    setting="activation",
                ) from None
            for name in names:
                if name not in ACTIVATION_NAMES:
                    raise ConfigError(
                        f"unknown activation {name!r}; choose one of {', '.join(ACTIVATION_NAMES)}",
                        setting="activation",
                    )
            self.activations = names
            if names:
                self.activation = names[0]
        super().validate(data_given=data_given)
        if self.activations is not None:
            if len(self.activations) != len(self.hidden):
                raise ConfigError(
                    f"{len(self.activations)} activations for {len(self.hidden)} hidden layers; "
                    "give one per layer, like relu,tanh for two layers",
                    setting="activation",
                )
            if len(set(self.activations)) <= 1:
                self.activations = None  # one activation for every layer: the engine's own case
        if isinstance(self.pace, bool) or not isinstance(self.pace, (int, float)):
            raise ConfigError(
                f"the pace must be a number of epochs per second; got {self.pace!r}",
                setting="pace",
            )
        if not math.isfinite(self.pace) or self.pace < 0:
            raise ConfigError(
                "the pace must be 0 (as fast as possible) or a positive number of epochs per second",
                setting="pace",
            )

    def train_config(self) -> TrainConfig:
        """The engine's configuration, with one activation per hidden layer where they differ."""
        values = {f.name: getattr(self, f.name) for f in fields(TrainConfig)}
        if self.activations is not None:
            values["activation"] = tuple(self.activations)
        return TrainConfig(**values)

    def with_hidden(self, hidden: Sequence[int]) -> LabConfig:
        """The same settings with other hidden widths; per-layer activations follow (the last repeats)."""
        hidden = tuple(hidden)
        activations = None
        if self.activations is not None and hidden:
            acts = list(self.activations)[: len(hidden)]
            while len(acts) < len(hidden):
                acts.append(acts[-1] if acts else self.activation)
            activations = tuple(acts)
        return replace(self, hidden=hidden, activations=activations)

    def options(self) -> dict[str, Any]:
        """The settings as plain JSON values (the saved configuration)."""
        values = asdict(self)
        values["hidden"] = list(self.hidden)
        values["activations"] = list(self.activations) if self.activations is not None else None
        return values

    @classmethod
    def from_options(
        cls, options: Mapping[str, Any] | None = None, base: LabConfig | None = None
    ) -> LabConfig:
        """A configuration from `nntutor train`-style options (a lesson's preset, a saved file).

        ``activation`` may name one activation or several (``"relu,tanh"`` or a list), one per layer.
        Unknown names raise ConfigError. The result is validated.
        """
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (options or {}).items():
            if key not in known:
                raise ConfigError(f"unknown lab setting {key!r}; use: {', '.join(sorted(known))}")
            values[key] = value
        if "hidden" in values and values["hidden"] is not None:
            hidden = values["hidden"]
            if isinstance(hidden, str):
                hidden = parse_hidden(hidden)
            elif isinstance(hidden, (int, float)):
                hidden = (hidden,)
            try:
                values["hidden"] = tuple(hidden)
            except TypeError:
                raise ConfigError(
                    "hidden layer widths must be a list of whole numbers, like 16,16",
                    setting="hidden",
                ) from None
        activation = values.get("activation")
        if isinstance(activation, (list, tuple)) or (
            isinstance(activation, str) and "," in activation
        ):
            names = activation.split(",") if isinstance(activation, str) else list(activation)
            values["activations"] = tuple(n.strip() for n in names)
            values["activation"] = values["activations"][0] if values["activations"] else "tanh"
        elif "activation" in values and "activations" not in values:
            values["activations"] = None  # one activation named: every layer gets it
        if values.get("activations") is not None:
            values["activations"] = tuple(values["activations"])
        if values.get("data_path"):
            values.setdefault("dataset", None)
        config = base if base is not None else cls()
        try:
            if "hidden" in values and "activations" not in values:
                config = config.with_hidden(values.pop("hidden"))
            config = replace(config, **values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"these lab settings cannot be read: {exc}") from None
        config.validate()
        return config

    @classmethod
    def from_train_config(cls, config: TrainConfig, **extra: Any) -> LabConfig:
        values = {f.name: getattr(config, f.name) for f in fields(TrainConfig)}
        values.update(extra)
        return cls(**values)
