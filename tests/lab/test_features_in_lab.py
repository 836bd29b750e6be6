"""Input features and boundary-formula datasets in the lab: its settings rows and its session."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.engine import ConfigError
from nntutor.lab import LabConfig, LabSession


def test_a_lab_session_trains_on_a_formula_with_features_and_draws_x1_x2():
    config = LabConfig.from_options(
        {
            "dataset": "x1^2 + x2^2 < 0.5",
            "samples": 300,
            "hidden": [],
            "features": ["x1^2", "x2^2"],
            "epochs": 150,
            "lr": 0.05,
            "device": "cpu",
            "seed": 2,
        }
    )
    session = LabSession(config)
    assert session.features == 2 and session.sizes == (2, 1) and session.can_draw_plane
    session.trainer.fit()
    assert session.trainer.history[-1].val_acc >= 0.95
    plane = session.output_plane(9, 9)
    assert plane.classes[4, 4] == 1 and plane.classes[0, 0] == 0  # inside the circle: class 1
    neuron = session.neuron(0, 0, size=(5, 5))
    assert neuron.plane is not None and np.all(np.isfinite(neuron.plane.values))
    saved = config.options()
    assert LabConfig.from_options(saved).features == ("x1^2", "x2^2")


def test_the_settings_rows_step_and_type_features_and_formulas():
    from nntutor.app.widgets.lab.controls import (
        BY_NAME,
        FEATURE_SETS,
        parse_typed,
        step_updates,
        typed_value,
        value_text,
    )

    config = LabConfig()
    assert value_text("features", config) == "x1,x2"
    assert step_updates("features", config, 1) == {"features": FEATURE_SETS[1]}
    assert step_updates("features", config, -1) == {"features": FEATURE_SETS[-1]}
    features = BY_NAME["features"]
    assert parse_typed(features, "x1, x2, x1*x2") == {"features": ("x1", "x2", "x1*x2")}
    assert parse_typed(features, "x1,x2") == {"features": None}
    with pytest.raises(ConfigError, match="unknown input feature"):
        parse_typed(features, "x1,cos(x1)")
    dataset = BY_NAME["dataset"]
    assert parse_typed(dataset, "x2 > sin(3*x1)") == {
        "dataset": "x2 > sin(3*x1)",
        "data_path": None,
    }
    assert parse_typed(dataset, "Moons") == {"dataset": "moons", "data_path": None}
    with pytest.raises(ConfigError, match="x1 and x2 only"):
        parse_typed(dataset, "x2 > t")
    with pytest.raises(ConfigError, match="comparison over x1 and x2"):
        parse_typed(dataset, "nothing")
    formula = LabConfig.from_options({"dataset": "x2 > sin(3*x1)"})
    assert value_text("noise", formula) == "0" and typed_value(dataset, formula) == "x2 > sin(3*x1)"
