"""The lab with the learner's own code: their dense layer trains spirals in a child process."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import SelectionList, Static

from nntutor.app.screens.lab_mine import MyCodeLabScreen
from nntutor.lab.my_code import default_choice, grad_check_rows, learner_parts, training_config

CODE_COURSE = Path(__file__).parent / "code_course"
EXERCISE = CODE_COURSE / "01-dense" / "code" / "dense-backward"
SOLUTION = (EXERCISE / "solution.py").read_text(encoding="utf-8")
BROKEN = SOLUTION.replace(
    "    n = A_in.shape[0]\n", "    n = A_in.shape[0]\n    n = n / undefined\n"
)


def write_mine(app, text: str, solved: bool = True) -> Path:
    from nntutor.runner import workspace_file
    from nntutor.runner.workspace import save_private

    settings = app.settings
    path = workspace_file(settings.data_dir, settings.profile, "dense", "dense-backward")
    save_private(path, text)
    if solved:
        app.store.record_attempt("dense", "dense-backward", "5/5", True, skills=["backprop"])
    return path


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def until(pilot, condition, tries: int = 600) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the training did not get there")


def test_parts_are_found_and_chosen_and_the_settings_passed(make_app):
    app = make_app(lessons=CODE_COURSE)
    assert learner_parts(app.course, app.settings.data_dir, "default", "en", set()) == []
    path = write_mine(app, SOLUTION, solved=False)
    files = learner_parts(app.course, app.settings.data_dir, "default", "en", set())
    assert [(f.part, f.exercise_id, f.path, f.solved) for f in files] == [
        ("dense", "dense-backward", path, False)
    ]
    assert default_choice(files, "adam") == {}  # a file whose tests never passed is not chosen
    files = learner_parts(
        app.course, app.settings.data_dir, "default", "en", {("dense", "dense-backward")}
    )
    assert default_choice(files, "adam") == {"dense": files[0]}
    from nntutor.lab import LabConfig

    config = training_config(LabConfig(hidden=(8,), epochs=7, optimizer="momentum", lr=0.1))
    assert config["hidden"] == [8] and config["epochs"] == 7 and config["optimizer"] == "momentum"
    assert grad_check_rows([1e-12, 0.97]) == [("1", 1e-12, True), ("out", 0.97, False)]


async def test_my_dense_layer_trains_spirals_with_a_clean_gradient_check(make_app):
    app = make_app(lessons=CODE_COURSE)
    write_mine(app, SOLUTION)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("lab")
        await pilot.pause()
        await pilot.press("m")  # the lab's "use my implementation"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeLabScreen)
        parts = screen.query_one("#mine-parts", SelectionList)
        assert parts.selected == [0] and "dense-backward" in str(
            parts.get_option_at_index(0).prompt
        )
        await pilot.press("escape")
        await pilot.pause()

        lab = app.screen
        from nntutor.lab import LabConfig

        config = LabConfig(hidden=(16,), optimizer="momentum", lr=0.1, epochs=6, seed=0)
        app.push_screen(MyCodeLabScreen(config))
        await pilot.pause()
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.outcome is not None)
        assert screen.outcome["status"] == "finished"
        losses = [r["train_loss"] for r in screen.reports]
        assert len(losses) == 6 and losses[-1] < losses[0]
        assert "Finished: 6 epochs" in text_of(screen, "#mine-status")
        grads = text_of(screen, "#mine-grads")
        assert "layer 1" in grads and "layer out" in grads and "agrees" in grads
        assert "differs" not in grads
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lab


async def test_an_exception_in_my_code_stops_the_lab_and_says_where(make_app):
    app = make_app(lessons=CODE_COURSE, lang="ru")
    path = write_mine(app, BROKEN)
    async with app.run_test(size=(80, 24)) as pilot:
        from nntutor.lab import LabConfig

        app.switch_mode("lab")
        await pilot.pause()
        app.push_screen(MyCodeLabScreen(LabConfig(hidden=(8,), epochs=3)))
        await pilot.pause()
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.outcome is not None)
        assert screen.outcome["status"] == "error"
        problem = text_of(screen, "#mine-problem").replace("\n", " ")
        assert "Обучение остановлено" in problem
        assert f"{path.name}, line 11" in problem and "NameError" in problem
        assert screen.training.outcome is not None  # the child is gone; the app goes on
        await pilot.press("space")  # the usual key starts again, and stops again
        await pilot.pause()
        await pilot.press("space")
        await until(pilot, lambda: screen.outcome is not None)


async def test_a_code_exercise_that_implements_a_part_opens_the_lab_with_it(make_app):
    app = make_app(lessons=CODE_COURSE)
    write_mine(app, SOLUTION)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.course.lesson("dense"), "exercise:dense-backward")
        await pilot.pause()
        await pilot.pause()
        await pilot.click("#code-lab")
        await pilot.pause()
        assert app.current_mode == "lab"
        screen = app.screen
        assert isinstance(screen, MyCodeLabScreen)
        assert screen.query_one("#mine-parts", SelectionList).selected == [0]
        assert "dense" in screen.chosen_parts()


async def test_a_nan_from_my_backward_stops_the_lab_and_says_when(make_app):
    from nntutor.lab import LabConfig

    app = make_app(lessons=CODE_COURSE)
    zero = SOLUTION.replace("n = A_in.shape[0]\n", "n = A_in.shape[0] - len(A_in)\n")  # n is 0
    write_mine(app, zero)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("lab")
        await pilot.pause()
        config = LabConfig(hidden=(8,), optimizer="sgd", lr=1.0, epochs=20)
        app.push_screen(MyCodeLabScreen(config))
        await pilot.pause()
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.outcome is not None)
        assert screen.outcome["status"] == "error"
        problem = text_of(screen, "#mine-problem").replace("\n", " ")
        assert "nan" in problem and "epoch 1" in problem and "diverged" in problem
