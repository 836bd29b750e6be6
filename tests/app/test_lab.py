"""The lab: its training session on its own, and the screen driven by Pilot.

Small seeded configurations at full speed (pace 0); runs end by themselves and the tests
wait for them with ``workers.wait_for_complete()``, never with sleeps.
"""

from __future__ import annotations

import argparse
import json
import textwrap

import numpy as np
import pytest

from nntutor.app.screens.lab import VIEWS, LabScreen
from nntutor.app.widgets.lab.controls import BY_NAME, LabControls, parse_typed, step_updates
from nntutor.app.widgets.lab.network_diagram import NetworkDiagram
from nntutor.engine import ConfigError, TrainConfig, Trainer
from nntutor.lab import (
    PRESETS,
    LabConfig,
    LabRequest,
    LabSession,
    Wants,
    config_for_weights,
    curves_of,
    downsample,
    preset_config,
)

SMALL = {"dataset": "xor", "samples": 200, "hidden": [4], "epochs": 8, "pace": 0, "seed": 1}


# --- the session, without a screen -------------------------------------------------------------------


def run_to_end(session: LabSession, wants: Wants | None = None):
    frames = []
    outcome = session.train(
        "end", lambda: False, frames.append, lambda: wants or Wants(), interval=0.0
    )
    return outcome, frames


def test_a_lab_run_matches_nntutor_train_exactly():
    options = {"dataset": "spirals", "samples": 300, "hidden": (8, 8), "epochs": 5, "seed": 3}
    session = LabSession(LabConfig.from_options({**options, "pace": 0}))
    outcome, _ = run_to_end(session)
    reference = Trainer(TrainConfig(**options)).fit()
    assert outcome.reason == "finished"
    assert [r.val_loss for r in session.trainer.history] == [r.val_loss for r in reference]
    assert [r.val_acc for r in session.trainer.history] == [r.val_acc for r in reference]
    assert session.val_points is not None and len(session.val_points[0]) == 60


def test_frames_carry_what_the_views_ask_for():
    session = LabSession(LabConfig.from_options(SMALL))
    wants = Wants(boundary=(30, 20), weights=True, neuron=(0, 2), neuron_size=(12, 8))
    outcome, frames = run_to_end(session, wants)
    last = frames[-1]
    assert outcome.reason == "finished" and last.epoch == 8 and last.steps == session.trainer.steps
    assert last.boundary.kind == "classes" and last.boundary.classes.shape == (20, 30)
    assert [w.shape for w, _ in last.weights] == [(4, 2), (1, 4)]
    assert last.neuron.activation == "tanh" and last.neuron.plane.values.shape == (8, 12)
    assert len(last.curves.epochs) == 8 and len(last.curves.grad_norms) == 2
    bare = session.frame(Wants())
    assert bare.boundary is None and bare.weights is None and bare.neuron is None


def test_an_activation_per_layer():
    config = LabConfig.from_options(
        {"dataset": "moons", "hidden": [8, 8], "activation": "relu,tanh", "epochs": 3}
    )
    assert config.activations == ("relu", "tanh") and config.activation == "relu"
    session = LabSession(config)
    names = [type(layer.activation).__name__ for layer in session.trainer.network.layers]
    assert names == ["ReLU", "Tanh", "NoneType"]
    grown = config.with_hidden((8, 8, 8))
    assert grown.activations == ("relu", "tanh", "tanh")
    assert (
        LabConfig.from_options({"activation": "relu,relu"}).activations is None
    )  # one for all: the engine's case
    with pytest.raises(ConfigError, match="one per layer"):
        LabConfig.from_options({"hidden": [4, 4], "activation": "relu,tanh,relu"})
    with pytest.raises(ConfigError, match="unknown lab setting"):
        LabConfig.from_options({"learning_rate": 0.1})


def test_a_run_that_diverges_is_explained_not_raised():
    session = LabSession(
        LabConfig.from_options({"dataset": "sine", "optimizer": "sgd", "lr": 5.0, "pace": 0})
    )
    outcome, frames = run_to_end(session)
    assert outcome.reason == "diverged"
    assert (
        "diverged" in outcome.message
        and "learning rate 5" in outcome.message
        and "--lr" not in outcome.message
    )
    assert frames[-1].boundary is None  # nothing is drawn from NaN weights


def test_a_loss_that_does_not_fall_gets_advice():
    config = LabConfig.from_options(
        {"dataset": "spirals", "samples": 300, "lr": 10.0, "epochs": 12, "pace": 0}
    )
    session = LabSession(config)
    _, frames = run_to_end(session)
    assert "not falling" in frames[-1].stalled and "learning rate 10" in frames[-1].stalled


def test_stepping_one_batch_and_one_epoch():
    session = LabSession(LabConfig.from_options(SMALL))
    outcome = session.train("batch", lambda: False, lambda f: None, Wants)
    assert outcome.reason == "batch" and session.trainer.steps == 1 and session.trainer.epoch == 0
    outcome = session.train("epoch", lambda: False, lambda f: None, Wants)
    assert outcome.reason == "epoch" and session.trainer.epoch == 1
    assert session.trainer.steps == session.trainer.steps_per_epoch


def test_save_and_load_back(tmp_path):
    session = LabSession(LabConfig.from_options({**SMALL, "activation": "relu"}))
    run_to_end(session)
    weights, side = session.save(tmp_path / "mine")
    assert weights.name == "mine.npz" and side.name == "mine.json"
    record = json.loads(side.read_text())
    assert (
        record["format"] == "nntutor-lab" and record["network"] == "2-4-1" and record["epoch"] == 8
    )
    config, note = config_for_weights(weights, LabConfig())
    assert config.dataset == "xor" and config.activation == "relu" and "mine.json" in note
    loaded = LabSession(config, weights=weights)
    before, after = session.trainer.network.get_weights(), loaded.trainer.network.get_weights()
    for (W, b), (W2, b2) in zip(before, after, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_weights_from_nntutor_train_load_with_their_shapes(tmp_path):
    trainer = Trainer(TrainConfig(dataset="moons", hidden=(6, 3), epochs=2))
    trainer.fit()
    path = tmp_path / "from-train.npz"
    trainer.save_weights(path)
    config, note = config_for_weights(path, LabConfig.from_options({"dataset": "moons"}))
    assert config.hidden == (6, 3) and "2-6-3-1" in note
    session = LabSession(config, weights=path)
    assert np.allclose(session.trainer.predict(np.zeros((1, 2))), trainer.predict(np.zeros((1, 2))))
    with pytest.raises(ConfigError, match="no weights file"):
        config_for_weights(tmp_path / "missing.npz", LabConfig())
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match="not a readable"):
        config_for_weights(tmp_path / "bad.npz", LabConfig())


def test_presets_build_and_small_helpers():
    for name in PRESETS:
        preset_config(name)
    from nntutor.commands.lab import PRESET_NAMES

    assert tuple(PRESETS) == PRESET_NAMES
    assert downsample(10, 300) == list(range(10))
    picks = downsample(1000, 300)
    assert len(picks) <= 300 and picks[0] == 0 and picks[-1] == 999
    assert curves_of([]).epochs == []


def test_the_lab_names_settings_in_words_and_gives_a_direction_not_a_value():
    from nntutor.engine.explain import diverged
    from nntutor.lab import lab_words

    why = diverged(float("nan"), 3, 5.0, "sgd", 0.1, 1.0, 1.0)
    cli = why.render()
    assert "--lr 0.1" in cli and "float64" not in cli
    lab = lab_words(why)
    assert "the learning rate 5" in lab and "lower the learning rate" in lab
    assert "--" not in lab and "0.1" not in lab and "float64" not in lab
    ru = lab_words(why, "ru", name=lambda setting: "скор. обуч")
    assert "скор. обуч" in ru and "Обучение разошлось" in ru


def test_control_ladders():
    config = LabConfig()
    assert step_updates("lr", config, 1) == {"lr": 0.03}
    assert step_updates("lr", LabConfig(lr=0.05), -1) == {
        "lr": 0.03
    }  # off the ladder: the next rung
    assert step_updates("lr", LabConfig(lr=10.0), 1) is None
    assert step_updates("layers", config, 1) == {"hidden": (16, 16, 16)}
    assert step_updates("widths", config, -1) == {"hidden": (12, 12)}
    assert step_updates("patience", LabConfig(patience=5), -1) == {"patience": None}
    assert step_updates("pace", config, 1) == {"pace": 100.0}
    assert step_updates("pace", LabConfig(pace=0), 1) is None
    assert step_updates("activation", config, 1) == {"activation": "relu", "activations": None}
    assert parse_typed(BY_NAME["widths"], "32, 16") == {"hidden": (32, 16)}
    assert parse_typed(BY_NAME["activation"], "relu,tanh") == {
        "activation": "relu",
        "activations": ("relu", "tanh"),
    }
    assert parse_typed(BY_NAME["patience"], "off") == {"patience": None}
    with pytest.raises(ConfigError, match="not a whole number"):
        parse_typed(BY_NAME["epochs"], "ten")


def test_nntutor_lab_flags(tmp_path, capsys):
    from nntutor.cli import build_parser
    from nntutor.commands.lab import options_from_args

    args = build_parser().parse_args(
        [
            "lab",
            "--dataset",
            "moons",
            "--hidden",
            "8,8",
            "--activation",
            "relu,tanh",
            "--pace",
            "max",
            "--updates",
            "1",
        ]
    )
    assert options_from_args(args) == {
        "dataset": "moons",
        "hidden": (8, 8),
        "activation": "relu,tanh",
        "pace": 0.0,
        "updates": 1.0,
    }
    assert (
        build_parser()
        .parse_args(["lab", "--hidden", "4", "--lr", "-1"])
        .handler(build_parser().parse_args(["lab", "--hidden", "4", "--lr", "-1"]))
        == 2
    )
    assert "learning rate" in capsys.readouterr().err


# --- the screen ----------------------------------------------------------------------------------


def lab_app(make_app, **options):
    app = make_app()
    app.open_lab(LabRequest({**SMALL, **options}))
    return app


async def settle(app, pilot) -> LabScreen:
    """Wait for the lab's workers and the messages they posted; return the lab's screen.

    The lab opens once the app is ready and builds its network in a worker, so the first
    call may find no worker yet: it goes round until the network is built."""
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        lab = app.screen_stack[0]
        if (
            isinstance(lab, LabScreen)
            and lab.state != "building"
            and all(w.is_finished for w in app.workers)
        ):
            return lab
        if app.current_mode != "lab" and lab is not None and not isinstance(lab, LabScreen):
            return lab
    raise AssertionError("the lab did not settle")


async def test_space_trains_and_the_views_follow(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        assert app.current_mode == "lab" and isinstance(lab, LabScreen)
        assert lab.state == "ready" and lab.session.sizes == (2, 4, 1)
        assert lab.controls.has_focus
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.state == "finished" and lab.last_frame.epoch == 8
        assert "epoch 8/8" in str(lab.status.render()) and "done" in str(lab.status.render())
        assert lab.loss_chart.curves is not None and lab.loss_chart.curves.epochs[-1] == 8
        for view in VIEWS[1:]:
            await pilot.press("v")
            lab = await settle(app, pilot)
            assert lab.view == view
            assert lab.query_one(f"#view-{view}").display
        assert lab.boundary.plane is not None and lab.boundary.redraws >= 1
        assert lab.gradient_chart.curves is not None
        diagram = lab.query_one(NetworkDiagram)
        assert diagram.weights is not None
        await pilot.press("tab")  # the network view's diagram takes the arrows
        assert diagram.has_focus
        await pilot.press("down", "down")
        lab = await settle(app, pilot)
        assert lab.neuron == (0, 2)
        detail = str(lab.network_view.detail.query_one("#neuron-text").render())
        assert "layer 1 · neuron 3" in detail and "tanh" in detail
        await pilot.press("right")
        lab = await settle(app, pilot)
        assert lab.neuron == (1, 0) and "output" in str(
            lab.network_view.detail.query_one("#neuron-text").render()
        )


async def test_single_steps_pause_and_reset(make_app):
    app = lab_app(make_app, epochs=500, pace=2)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("full_stop")
        lab = await settle(app, pilot)
        assert lab.state == "paused" and lab.last_frame.steps == 1 and lab.last_frame.epoch == 0
        await pilot.press("greater_than_sign")
        lab = await settle(app, pilot)
        assert (
            lab.last_frame.epoch == 1
            and lab.last_frame.steps == lab.session.trainer.steps_per_epoch
        )
        await pilot.press("space")  # 2 epochs a second: still training when paused
        assert lab.state == "running"
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.state == "paused" and lab.session.trainer.epoch < 500
        await pilot.press("r")
        lab = await settle(app, pilot)
        assert lab.state == "ready" and lab.last_frame.epoch == 0


async def test_learning_rate_ladder_applies_live(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        session = lab.session
        await pilot.press("plus")
        assert lab.config.learning_rate == 0.03 and session.trainer.optimizer.lr == 0.03
        assert lab.session is session  # not rebuilt
        await pilot.press("minus", "minus")
        assert lab.config.learning_rate == 0.003
        assert lab.controls.current.name == "lr"


async def test_changing_the_network_rebuilds_it(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        controls = lab.query_one(LabControls)
        controls.select("widths")
        await pilot.press("right")
        lab = await settle(app, pilot)
        assert lab.config.hidden == (6,) and lab.session.sizes == (2, 6, 1)
        controls.select("seed")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"42", "enter")  # the typing box starts with the value selected
        lab = await settle(app, pilot)
        assert lab.config.seed == 42 and lab.session.config.seed == 42


async def test_divergence_is_explained_in_russian_with_the_controls_label(make_app):
    app = make_app("ru")
    app.open_lab(LabRequest({"dataset": "sine", "optimizer": "sgd", "lr": 5.0, "pace": 0}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.state == "diverged"
        notice = str(lab.notice.render())
        assert "Обучение разошлось" in notice and "«скор. обуч»" in notice
        assert "--lr" not in notice and "float64" not in notice


async def test_divergence_is_explained_in_place(make_app):
    app = make_app()
    app.open_lab(LabRequest({"dataset": "sine", "optimizer": "sgd", "lr": 5.0, "pace": 0}))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.state == "diverged"
        notice = str(lab.notice.render())
        assert lab.notice.display and "diverged" in notice and "learning rate 5" in notice
        await pilot.press("space")  # does nothing but say what to do
        assert lab.state == "diverged"


async def test_locked_and_hidden_controls(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lab(LabRequest({**SMALL}, locked=("dataset", "lr"), hidden=("seed", "dtype")))
        lab = await settle(app, pilot)
        controls = lab.query_one(LabControls)
        assert "seed" not in [c.name for c in controls.rows] and "dtype" not in [
            c.name for c in controls.rows
        ]
        controls.select("dataset")
        await pilot.press("right")
        await pilot.press("plus")
        lab = await settle(app, pilot)
        assert lab.config.dataset == "xor" and lab.config.learning_rate == 0.01


async def test_leaving_the_lab_while_it_trains_is_safe(make_app):
    app = lab_app(make_app, epochs=60, pace=200)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        await pilot.press("1")
        assert app.current_mode == "course"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("4")
        lab = await settle(app, pilot)
        assert lab.state == "finished" and lab.last_frame.epoch == 60


async def test_quitting_mid_training_ends_the_worker(make_app):
    app = lab_app(make_app, epochs=100000, pace=0, samples=2000, hidden=[64, 64])
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        assert lab.in_flight is not None
        await pilot.press("ctrl+q")
    assert lab.session.trainer.epoch < 100000  # the worker saw the cancellation and stopped


async def test_wide_terminal_shows_all_views(make_app):
    app = lab_app(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.wide and lab.visible_views() == VIEWS
        assert all(lab.query_one(f"#view-{v}").display for v in VIEWS)
        assert lab.boundary.plane is not None and lab.query_one(NetworkDiagram).weights is not None
        await pilot.press("z")
        assert lab.visible_views() == ("loss",)


async def test_save_and_load_from_the_screen(make_app, tmp_path):
    app = lab_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        trained = lab.session.trainer.network.get_weights()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # the proposed path, in the data folder
        await pilot.pause()
        saved = sorted((tmp_path / "data" / "lab").glob("*.npz"))
        assert [p.name for p in saved] == ["xor-2-4-1.npz"]
        assert (tmp_path / "data" / "lab" / "xor-2-4-1.json").is_file()
        await pilot.press("r")  # fresh weights
        lab = await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # the newest file is proposed
        lab = await settle(app, pilot)
        assert lab.session.weights_file is not None
        for (W, _), (W2, _) in zip(trained, lab.session.trainer.network.get_weights(), strict=True):
            np.testing.assert_array_equal(W, W2)


CHALLENGE_COURSE = """
[[exercises]]
id = "xor-lab"
kind = "lab_challenge"
skills = ["training"]
prompt = {{ en = "Reach the target validation accuracy on xor within 10 epochs." }}
hints = [{{ en = "More neurons." }}]
solution = {{ en = "Eight tanh neurons do it." }}
dataset = "xor"
target = {{ metric = "val_acc", value = {target} }}
max_epochs = 10
limits = {{ max_layers = 2, max_width = 16 }}
preset = {{ samples = 200, hidden = [8], activation = "tanh", lr = 0.03, epochs = 10 }}
locked = ["dataset", "samples"]
reference = {{ samples = 200, hidden = [8], activation = "tanh", lr = 0.03, epochs = 10, seed = 0 }}
"""


def challenge_course(tmp_path, target: float):
    root = tmp_path / f"course-{target}"
    folder = root / "01-lab"
    folder.mkdir(parents=True)
    (root / "course.toml").write_text('[title]\nen = "Lab course"\n')
    (folder / "lesson.toml").write_text(
        textwrap.dedent(
            """
            id = "lab"
            order = 1
            title = { en = "The lab" }
            skills = ["training"]
            """
        )
        + CHALLENGE_COURSE.format(target=target)
    )
    (folder / "en.md").write_text("# The lab\n\nTrain a network.\n")
    return root


async def test_a_lab_challenge_is_judged_and_recorded(make_app, tmp_path):
    app = make_app(lessons=challenge_course(tmp_path, 0.7))
    if not app.course.lessons[0].available:
        pytest.fail(app.course.lessons[0].reason)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("enter")  # the focused "Open in the lab" button
        lab = await settle(app, pilot)
        assert app.current_mode == "lab" and lab.challenge is not None
        assert lab.config.hidden == (8,) and {"dataset", "samples"} <= lab.locked
        assert "Challenge" in str(lab.banner.render())
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.challenge_run.judged
        assert "Solved" in str(lab.banner.render())
        state = app.store.exercise_states("lab")["xor-lab"]
        assert state.solved and state.attempts == 1
        assert app.store.lesson_status("lab") == "completed"  # its only exercise is solved
        await pilot.press("1")  # back to the lesson: the panel shows the attempt
        await pilot.pause()
        await pilot.pause()
        assert "attempts: 1" in str(app.screen.query_one("#exercise-title").render())


async def test_a_failed_or_out_of_limits_run_is_recorded_as_not_yet(make_app, tmp_path):
    app = make_app(lessons=challenge_course(tmp_path, 0.999))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("enter")
        lab = await settle(app, pilot)
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert "Not yet" in str(lab.banner.render())
        state = app.store.exercise_states("lab")["xor-lab"]
        assert state.attempts == 1 and not state.solved
        lab.apply_updates({"hidden": (32,)})  # wider than the limit: the run will not count
        lab = await settle(app, pilot)
        assert not lab.challenge_run.counts and "limits" in lab.challenge_run.why_not
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert app.store.exercise_states("lab")["xor-lab"].attempts == 1


def test_build_app_opens_straight_into_the_lab(tmp_path):
    from nntutor.commands._app import build_app

    args = argparse.Namespace(
        lessons=None,
        data_dir=str(tmp_path),
        lang="en",
        profile=None,
        no_mouse=True,
        lab={"preset": "xor"},
    )
    app = build_app(args)
    try:
        assert app._lab_request.options == {"preset": "xor"}
    finally:
        app.store.close()


def test_log_charts_survive_being_built_again():
    """plotext's own log scale takes the log of its data on every build; ours transforms once."""
    from textual_plotext.plot import Plot

    from nntutor.app.widgets.lab.loss_chart import log_ticks, plot_log

    plt = Plot()
    plot_log(plt, [([1, 2, 3], [0.2, 0.07, 0.004], {"marker": "braille"})])
    plt.plotsize(40, 10)
    assert plt.build() == plt.build()
    ticks, labels = log_ticks(0.004, 0.2)
    assert labels[0] == "0.005" and labels[-1] == "0.2" and len(ticks) == len(labels)
    huge, _ = log_ticks(1e90, 1e290)
    assert huge[0] >= 90 and huge[-1] <= 290


@pytest.mark.gpu
def test_the_lab_on_a_gpu_draws_from_host_copies():
    from nntutor.engine.backend import load_cupy

    cupy, reason = load_cupy()
    if cupy is None:
        pytest.skip(f"needs a GPU: {reason}")
    config = LabConfig.from_options(
        {**SMALL, "device": "gpu", "activation": "relu,tanh", "hidden": [8, 8]}
    )
    session = LabSession(config)
    assert session.device == "gpu"
    wants = Wants(boundary=(20, 10), weights=True, neuron=(1, 3), neuron_size=(10, 6))
    outcome, frames = run_to_end(session, wants)
    assert outcome.reason == "finished"
    last = frames[-1]
    assert isinstance(last.boundary.classes, np.ndarray) and isinstance(
        last.weights[0][0], np.ndarray
    )
    assert last.neuron.plane.values.shape == (6, 10)


@pytest.mark.gpu
async def test_the_lab_on_a_gpu_says_it_prepares_the_gpu_then_trains(
    make_app, tmp_path, monkeypatch
):
    """On a real GPU: a first step asked for while CuPy still compiles waits with the status
    line saying so (never a blank screen), and training then runs on the GPU to the end.

    Run alone in a fresh process (empty kernel cache) the warm-up takes seconds and the first
    branch is what is tested; after other GPU tests it may already be done."""
    from nntutor.engine import backend as backend_module

    cupy, reason = backend_module.load_cupy()
    if cupy is None:
        pytest.skip(f"needs a GPU: {reason}")
    monkeypatch.setenv("CUPY_CACHE_DIR", str(tmp_path / "kernels"))
    monkeypatch.setattr(backend_module, "_warmup", None)  # this test's own warm-up
    app = lab_app(make_app, device="gpu", hidden=[48, 24], activation="softplus", epochs=3)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        session = lab.session
        assert session.device == "gpu" and session.gpu_warmup is not None
        shown_while_preparing = []
        show = lab.status.show

        def spy(state, frame=None, *args, **kwargs):
            show(state, frame, *args, **kwargs)
            if frame is not None and frame.gpu_warmup is not None:
                shown_while_preparing.append(str(lab.status.render()))

        monkeypatch.setattr(lab.status, "show", spy)
        was_preparing = session.preparing_gpu
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert lab.state == "finished" and lab.last_frame.epoch == 3
        warmup = session.gpu_warmup
        assert warmup.error is None, warmup.error
        assert warmup.message("en") not in str(lab.status.render())
        if was_preparing:
            assert shown_while_preparing and warmup.message("en") in shown_while_preparing[0]


async def test_the_preset_picker_describes_the_presets_in_the_learners_language(make_app):
    from textual.widgets import OptionList

    from nntutor.app.widgets.lab.preset_picker import PresetPicker
    from nntutor.lab import PRESETS
    from nntutor.lab.presets import DESCRIPTIONS

    app = make_app(lang="ru")
    app.open_lab(LabRequest(dict(SMALL)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PresetPicker)
        options = app.screen.query_one(OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(texts) == len(PRESETS)
        assert any("полумесяца" in text for text in texts)
        for preset, text in zip(PRESETS.values(), texts, strict=True):
            assert preset.describe("ru") in text and preset.describe("en") not in text
            assert preset.describe("ru") != preset.describe("en") == DESCRIPTIONS[preset.name]
        await pilot.press("escape")


async def test_the_lab_speaks_russian(make_app):
    app = make_app(lang="ru")
    app.open_lab(LabRequest(dict(SMALL)))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await settle(app, pilot)
        assert "Пробел" in str(lab.status.render())
        assert "Кривые" in str(lab.query_one("#lab-viewbar").render())
        assert "данные" in str(lab.controls.render())
        await pilot.press("space")
        lab = await settle(app, pilot)
        assert "готово" in str(lab.status.render()) and "эпоха 8/8" in str(lab.status.render())
