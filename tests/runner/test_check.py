"""The runner: verdicts, messages at the learner's line, anticipated mistakes, and every limit."""

from __future__ import annotations

import os
import threading
import time

from nntutor.runner import Limits, check_code, solution_text, starter_text

from .conftest import SOLUTION

FAST = Limits(wall_s=5.0, memory_mb=512, output_bytes=4000)


def test_the_reference_passes_every_test(exercise, learner):
    report = check_code(exercise, learner(SOLUTION), "en")
    assert report.status == "passed" and report.passed
    assert [t.passed for t in report.tests] == [True, True]
    assert report.mistake is None and report.error is None
    assert report.ms > 0


def test_a_wrong_value_is_named_with_its_index_and_both_values(exercise, learner):
    wrong = SOLUTION.replace("return 2 * x", "y = 2 * x\n    y[1, 2] += 1\n    return y")
    report = check_code(exercise, learner(wrong), "en")
    assert report.status == "failed"
    first = report.tests[0]
    assert not first.passed
    assert first.message.startswith("double(x)[1, 2] is ")
    assert ", expected " in first.message
    assert report.tests[1].passed
    assert report.mistake is None


def test_messages_follow_the_learner_language(exercise, learner):
    wrong = SOLUTION.replace("return 2 * x", "return (2 * x).T")
    report = check_code(exercise, learner(wrong), "ru")
    assert report.tests[0].name == "умножение вектора"
    assert (
        report.tests[0].message
        == "double(x) имеет форму (3, 2), ожидалось (2, 3) (транспонировано?)"
    )


def test_each_anticipated_mistake_is_named_with_its_feedback(exercise, learner):
    for mistake in exercise.code_mistakes:
        text = (exercise.code_dir / mistake.file).read_text()
        report = check_code(exercise, learner(text, f"{mistake.id}.py"), "ru")
        assert report.status == "failed"
        assert report.mistake == mistake.id
        assert report.feedback == f"ош {mistake.id}"


def test_a_gradient_is_checked_against_central_differences(exercise, learner):
    wrong = SOLUTION.replace("np.full(x.shape, 2.0)", "np.full(x.shape, 2.5)")
    report = check_code(exercise, learner(wrong), "en")
    assert report.tests[0].passed and not report.tests[1].passed
    assert report.tests[1].message == "d[0] is 2.5, expected 2"


def test_a_syntax_error_is_shown_at_the_learner_line(exercise, learner):
    path = learner("import numpy as np\n\n\ndef double(x)\n    return 2 * x\n")
    report = check_code(exercise, path, "en")
    assert report.status == "error"
    assert report.error.startswith("double.py, line 4: SyntaxError:")
    assert "harness" not in report.error and "Traceback" not in report.error
    assert report.tests == []


def test_an_exception_at_import_is_shown_at_the_learner_line(exercise, learner):
    report = check_code(exercise, learner("x = 1\ny = undefined_name\n"), "en")
    assert report.status == "error"
    assert report.error == "double.py, line 2: NameError: name 'undefined_name' is not defined"


def test_an_exception_inside_a_function_fails_that_test_at_the_learner_line(exercise, learner):
    text = SOLUTION.replace("return 2 * x", "return 2 * dx")
    report = check_code(exercise, learner(text), "en")
    assert report.status == "failed"
    assert report.error == "double.py, line 6: NameError: name 'dx' is not defined"
    assert report.tests[0].message.endswith(
        "double.py, line 6: NameError: name 'dx' is not defined"
    )
    assert report.tests[1].passed


def test_a_missing_function_is_named(exercise, learner):
    report = check_code(exercise, learner("def double(x):\n    return 2 * x\n"), "en")
    assert report.tests[0].passed
    assert report.tests[1].message == (
        "your file defines no `double_grad`; keep the name the starter gave it"
    )


def test_none_returned_is_explained(exercise, learner):
    report = check_code(exercise, learner(SOLUTION.replace("return 2 * x", "pass")), "en")
    assert report.tests[0].message == "double(x) is None, expected numbers of shape (2, 3)"


def test_printed_output_is_captured_with_control_characters_visible(exercise, learner):
    text = "print('hello \\x1b[31mred')\n" + SOLUTION
    report = check_code(exercise, learner(text), "en")
    assert report.passed
    assert report.output == "hello ␛[31mred\n"


def test_an_endless_loop_hits_the_time_limit(exercise, learner):
    text = SOLUTION.replace("return 2 * x", "while True:\n        pass")
    started = time.monotonic()
    report = check_code(exercise, learner(text), "en", Limits(wall_s=1.5))
    assert time.monotonic() - started < 6
    assert report.status == "limit" and report.limit == "time"
    assert "time limit" in report.error and "scale a vector" in report.error


def test_a_memory_hog_hits_the_memory_limit(exercise, learner):
    text = SOLUTION.replace("return 2 * x", "big = np.ones((1 << 30,))\n    return big")
    report = check_code(exercise, learner(text), "en", Limits(memory_mb=400))
    assert report.status == "limit" and report.limit == "memory"
    assert "400 MB" in report.error


def test_a_memory_hog_in_plain_python_hits_the_memory_limit(exercise, learner):
    report = check_code(exercise, learner("junk = [0] * (1 << 31)\n"), "en", Limits(memory_mb=400))
    assert report.status == "limit" and report.limit == "memory"


def test_a_flood_of_output_hits_the_output_limit(exercise, learner):
    text = "while True:\n    print('spam' * 100)\n"
    report = check_code(exercise, learner(text), "en", FAST)
    assert report.status == "limit" and report.limit == "output"
    assert len(report.output.encode()) <= FAST.output_bytes


def test_a_missing_file_gets_a_clear_message(exercise, tmp_path):
    report = check_code(exercise, tmp_path / "gone.py", "en")
    assert report.status == "error"
    assert "gone.py is gone (deleted or moved?)" in report.error


def test_a_file_deleted_mid_run_does_not_disturb_the_run(exercise, learner):
    path = learner("import time\ntime.sleep(0.8)\n" + SOLUTION)
    remover = threading.Timer(0.3, path.unlink)
    remover.start()
    report = check_code(exercise, path, "en")
    remover.join()
    assert not path.exists()
    assert report.passed  # the file was read once, before the run began
    again = check_code(exercise, path, "en")
    assert again.status == "error" and "is gone" in again.error


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_no_process_is_left_behind(exercise, learner, tmp_path):
    pid_file = tmp_path / "pids"
    text = f"""
import os, time
try:
    child = os.fork()
except OSError:
    child = -1
if child == 0:
    time.sleep(60)
    os._exit(0)
with open({str(pid_file)!r}, "w") as f:
    f.write(f"{{os.getpid()}} {{child}}")
while True:
    pass
"""
    report = check_code(exercise, learner(text), "en", Limits(wall_s=1.5))
    assert report.limit == "time"
    pids = [int(p) for p in pid_file.read_text().split() if int(p) > 0]
    assert pids
    deadline = time.monotonic() + 2
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in pids)


def test_exit_is_reported_not_obeyed(exercise, learner):
    report = check_code(exercise, learner("import sys\nsys.exit(3)\n"), "en")
    assert report.status == "error"
    assert "exit()" in report.error


def test_os_exit_is_reported_as_an_unexpected_stop(exercise, learner):
    report = check_code(exercise, learner("import os\nos._exit(5)\n"), "en")
    assert report.status == "error"
    assert (
        report.error == "the program stopped unexpectedly (exit code 5) before the tests finished"
    )


def test_stdin_is_closed(exercise, learner):
    report = check_code(exercise, learner("x = input()\n"), "en")
    assert report.status == "error"
    assert report.error.startswith("double.py, line 1: EOFError")


def test_starter_and_solution_text(exercise):
    assert "NotImplementedError" in starter_text(exercise)
    assert solution_text(exercise) == SOLUTION


def test_environment_is_small(exercise, learner, tmp_path):
    out = tmp_path / "env"
    text = f"import os\nopen({str(out)!r}, 'w').write(repr(sorted(os.environ)))\n" + SOLUTION
    os.environ["NNTUTOR_SECRET_FOR_TEST"] = "1"
    try:
        assert check_code(exercise, learner(text), "en").passed
    finally:
        del os.environ["NNTUTOR_SECRET_FOR_TEST"]
    assert "NNTUTOR_SECRET_FOR_TEST" not in out.read_text()
