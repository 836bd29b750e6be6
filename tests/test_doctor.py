"""`nntutor doctor`: each check on the situations it must recognise, and the command as a whole."""

from __future__ import annotations

import json
import shutil
import types
from pathlib import Path

import pytest

from nntutor import doctor
from nntutor.cli import main
from nntutor.commands.doctor import render
from nntutor.doctor import NOTE, OK, PROBLEM

TEST_COURSE = Path(__file__).parent / "app" / "course"


def by_name(checks, name):
    found = [c for c in checks if c.name == name]
    assert found, f"no check named {name}: {[c.name for c in checks]}"
    return found[0]


# --- terminal ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "environ, depth",
    [
        ({"TERM": "xterm"}, "16"),
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "truecolor"),
        ({"TERM": "screen-256color", "COLORTERM": "24bit"}, "truecolor"),
        ({"TERM": "xterm-kitty"}, "truecolor"),
        ({"TERM": "dumb"}, "none"),
        ({}, "none"),
        ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, "16"),
    ],
)
def test_colour_depth(environ, depth):
    assert doctor.colour_depth(environ) == depth


def terminal(environ=None, size=(80, 24), encoding="utf-8"):
    return doctor.terminal_checks(
        environ if environ is not None else {"TERM": "xterm-256color"},
        size=size,
        is_tty=size is not None,
        encoding=encoding,
    )


def test_terminal_fine():
    checks = terminal()
    assert all(c.status == OK for c in checks), checks
    assert by_name(checks, "size").message == "80×24"
    assert "256 colours" in by_name(checks, "colours").message


def test_terminal_too_small_says_how_big():
    check = by_name(terminal(size=(50, 15)), "size")
    assert check.status == PROBLEM
    assert "60×18" in check.message and "80×24" in check.fix


def test_terminal_between_minimum_and_80x24_is_a_note():
    assert by_name(terminal(size=(70, 20)), "size").status == NOTE


def test_not_a_terminal_is_a_note():
    checks = terminal(size=None)
    assert by_name(checks, "size").status == NOTE
    assert "redirected" in by_name(checks, "size").message


def test_unknown_terminal_type_is_a_problem_with_a_fix():
    check = by_name(terminal(environ={}), "colours")
    assert check.status == PROBLEM and "export TERM=xterm-256color" in check.fix


def test_no_color_is_explained():
    check = by_name(terminal(environ={"TERM": "xterm-256color", "NO_COLOR": "1"}), "colours")
    assert check.status == OK and "NO_COLOR" in check.message and "grey" in check.message


def test_non_utf8_terminal():
    check = by_name(terminal(encoding="ANSI_X3.4-1968"), "encoding")
    assert check.status == PROBLEM and "LANG=C.UTF-8" in check.fix


def test_over_ssh_explains_colorterm_and_no_mouse():
    check = by_name(
        terminal(environ={"TERM": "xterm-256color", "SSH_CONNECTION": "1 2 3 4"}), "ssh"
    )
    assert check.status == NOTE
    assert "COLORTERM" in check.message and "--no-mouse" in check.fix


def test_over_ssh_with_truecolor_needs_no_fix():
    environ = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "SSH_TTY": "/dev/pts/1"}
    assert by_name(terminal(environ=environ), "ssh").fix == ""


# --- libraries -----------------------------------------------------------------------------------
def test_missing_library_is_a_problem_and_optional_one_a_note():
    versions = {name: "1.0" for name in doctor.REQUIRED}
    del versions["sympy"]
    checks = doctor.python_checks(version_of=versions.get)
    missing = by_name(checks, "libraries-missing")
    assert missing.status == PROBLEM and "sympy" in missing.message and "pip install" in missing.fix
    serve = by_name(checks, "textual-serve")
    assert serve.status == NOTE and "nntutor[serve]" in serve.fix


def test_real_libraries_are_all_there():
    checks = doctor.python_checks()
    assert not [c for c in checks if c.status == PROBLEM]
    assert "numpy" in by_name(checks, "libraries").details


# --- data and course -----------------------------------------------------------------------------
def test_data_dir_not_yet_created(tmp_path):
    check = by_name(doctor.data_checks(tmp_path / "a" / "b", TEST_COURSE), "data-dir")
    assert check.status == OK and "will be created" in check.message
    assert not (tmp_path / "a").exists()  # the doctor writes nothing


def test_data_dir_with_progress(tmp_path):
    (tmp_path / "progress.sqlite3").write_bytes(b"")
    (tmp_path / "progress-anna.sqlite3").write_bytes(b"")
    check = by_name(doctor.data_checks(tmp_path, TEST_COURSE), "data-dir")
    assert check.details["profiles"] == ["anna", "default"]


def test_data_dir_under_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    check = by_name(doctor.data_checks(tmp_path / "file" / "data", TEST_COURSE), "data-dir")
    assert check.status == PROBLEM and "--data-dir" in check.fix


def test_broken_lesson_is_reported_with_validate(tmp_path):
    check = by_name(doctor.data_checks(tmp_path, TEST_COURSE), "course")
    assert check.status == PROBLEM and "2 of 3" in check.message
    assert "nntutor lessons validate" in check.fix


# --- training ------------------------------------------------------------------------------------
def test_tiny_training_step_runs_on_the_real_cpu_engine():
    check = doctor.training_check("cpu", "CPU")
    assert check.status == OK, check
    assert check.details["device"] == "cpu" and check.details["loss"] > 0


def test_failing_training_step_is_a_problem():
    def broken(device):
        raise RuntimeError("out of memory")

    check = doctor.training_check("gpu", "GPU", broken)
    assert check.status == PROBLEM and "out of memory" in check.message and check.fix


# --- GPU -----------------------------------------------------------------------------------------
SMI_HEADER = """
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: {cuda}     |
|-----------------------------------------+------------------------+----------------------+
"""


def fake_smi(cuda="12.4", rows="NVIDIA H200, 143771, 512\n"):
    def run_command(argv):
        return (
            rows if any(a.startswith("--query-gpu") for a in argv) else SMI_HEADER.format(cuda=cuda)
        )

    return doctor.nvidia_smi(which=lambda name: "/usr/bin/nvidia-smi", run_command=run_command)


def test_nvidia_smi_parsed():
    smi = fake_smi()
    assert smi["cuda"] == "12.4"
    assert smi["gpus"] == [
        {"name": "NVIDIA H200", "memory_total_mib": 143771, "memory_used_mib": 512}
    ]
    assert doctor.nvidia_smi(which=lambda name: None) is None


def no_cupy():
    return None, "CuPy is not installed"


def test_no_gpu_here_is_a_note_with_the_way_to_a_gpu():
    checks = doctor.gpu_checks(environ={}, smi=None, cupy_loader=no_cupy, cupy_packages=list)
    cupy = by_name(checks, "cupy")
    assert cupy.status == NOTE
    assert "no CUDA device" in cupy.message and "CuPy is not installed" in cupy.message
    assert "pip install 'nntutor[gpu]'" in cupy.fix and "cupy-cudaXXx" in cupy.fix


@pytest.mark.parametrize(
    "cuda, install",
    [
        ("12.4", "pip install 'nntutor[gpu]'"),
        ("11.8", "pip install cupy-cuda11x"),
        ("13.0", "pip install cupy-cuda13x"),
    ],
)
def test_gpu_without_cupy_names_the_matching_cupy(cuda, install):
    checks = doctor.gpu_checks(
        environ={}, smi=fake_smi(cuda), cupy_loader=no_cupy, cupy_packages=list
    )
    assert by_name(checks, "nvidia-smi").status == OK
    cupy = by_name(checks, "cupy")
    assert cupy.status == PROBLEM and install in cupy.fix and f"CUDA {cuda}" in cupy.fix


def test_wrong_cupy_for_the_driver_is_uninstalled_first():
    checks = doctor.gpu_checks(
        environ={},
        smi=fake_smi("11.8"),
        cupy_loader=lambda: (
            None,
            "CuPy failed to load (libcudart.so.12: cannot open shared object file)",
        ),
        cupy_packages=lambda: ["cupy-cuda12x 13.3.0"],
    )
    cupy = by_name(checks, "cupy")
    assert "pip uninstall cupy-cuda12x" in cupy.fix and "pip install cupy-cuda11x" in cupy.fix
    assert "libcudart" in cupy.message


def fake_cupy(name=b"NVIDIA H200", total=140 * 1024**3, free=139 * 1024**3, count=1):
    runtime = types.SimpleNamespace(
        getDeviceCount=lambda: count, getDeviceProperties=lambda i: {"name": name}
    )
    device = types.SimpleNamespace(mem_info=(free, total))
    cuda = types.SimpleNamespace(runtime=runtime, Device=lambda i: device)
    return types.SimpleNamespace(cuda=cuda, __version__="13.3.0")


def gpu_step(device):
    return {"device": device, "seconds": 0.02, "loss": 0.61}


def test_working_gpu_reports_device_memory_share_and_training():
    checks = doctor.gpu_checks(
        environ={"NNTUTOR_GPU_MEMORY": "4GiB"},
        smi=fake_smi(),
        cupy_loader=lambda: (fake_cupy(), None),
        cupy_packages=lambda: ["cupy-cuda12x 13.3.0"],
        step=gpu_step,
    )
    assert all(c.status == OK for c in checks), checks
    device = by_name(checks, "device")
    assert "NVIDIA H200" in device.message and "139.0 of 140.0 GiB free" in device.message
    share = by_name(checks, "gpu-memory")
    assert "at most 4 GiB" in share.message and "about 35 learners" in share.message
    assert "runs on the GPU" in by_name(checks, "training-gpu").message


def test_gpu_memory_share_bigger_than_the_gpu():
    checks = doctor.gpu_checks(
        environ={"NNTUTOR_GPU_MEMORY": "64GiB"},
        smi=fake_smi(),
        cupy_loader=lambda: (fake_cupy(total=16 * 1024**3), None),
        cupy_packages=list,
        train=False,
    )
    check = by_name(checks, "gpu-memory")
    assert check.status == PROBLEM and "NNTUTOR_GPU_MEMORY" in check.fix


def test_gpu_memory_setting_that_is_not_a_size():
    checks = doctor.gpu_checks(
        environ={"NNTUTOR_GPU_MEMORY": "lots"},
        smi=fake_smi(),
        cupy_loader=lambda: (fake_cupy(), None),
        cupy_packages=list,
        train=False,
    )
    check = by_name(checks, "gpu-memory")
    assert check.status == PROBLEM and "lots" in check.message and "2GiB" in check.fix


def test_cupy_that_cannot_reach_the_device():
    broken = fake_cupy()
    broken.cuda.runtime.getDeviceCount = lambda: (_ for _ in ()).throw(
        RuntimeError("cudaErrorNoDevice")
    )
    checks = doctor.gpu_checks(
        environ={}, smi=fake_smi(), cupy_loader=lambda: (broken, None), cupy_packages=list
    )
    check = by_name(checks, "cupy")
    assert check.status == PROBLEM and "cudaErrorNoDevice" in check.message
    assert "CUDA_VISIBLE_DEVICES" in check.fix


@pytest.mark.gpu
def test_real_gpu():
    pytest.importorskip("cupy")
    checks = doctor.gpu_checks(smi=doctor.nvidia_smi())
    assert all(c.status == OK for c in checks), render(checks)
    assert by_name(checks, "training-gpu").details["device"] == "gpu"


# --- the command ---------------------------------------------------------------------------------
@pytest.fixture
def good_course(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(TEST_COURSE / "course.toml", course)
    for lesson in ("01-intro", "02-neuron"):
        shutil.copytree(TEST_COURSE / lesson, course / lesson)
    return course


def test_command_json(tmp_path, good_course, capsys, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    code = main(
        [
            "doctor",
            "--json",
            "--no-training",
            "--data-dir",
            str(tmp_path / "data"),
            "--lessons",
            str(good_course),
        ]
    )
    checks = json.loads(capsys.readouterr().out)
    sections = {c["section"] for c in checks}
    assert sections == {"Python and libraries", "Terminal", "Data and course", "CPU", "GPU"}
    assert all(set(c) == {"section", "name", "status", "message", "fix", "details"} for c in checks)
    assert code == (1 if any(c["status"] == PROBLEM for c in checks) else 0)
    assert not any(c["name"].startswith("training") for c in checks)


def test_command_text_ends_with_a_verdict(tmp_path, good_course, capsys, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    code = main(["doctor", "--data-dir", str(tmp_path / "data"), "--lessons", str(good_course)])
    out = capsys.readouterr().out
    for heading in ("Python and libraries", "Terminal", "Data and course", "CPU", "GPU"):
        assert f"\n{heading}\n" in f"\n{out}"
    assert "a tiny training step runs on the CPU" in out
    last = out.strip().splitlines()[-1]
    assert ("ready to use" in last) == (code == 0)


def test_render_marks_problems_in_words_not_colour():
    checks = [
        doctor.Check("A", "x", OK, "fine"),
        doctor.Check("A", "y", PROBLEM, "broken", "do this"),
        doctor.Check("B", "z", NOTE, "fyi"),
    ]
    text = render(checks)
    assert "PROBLEM  broken" in text and "fix: do this" in text and "note     fyi" in text
    assert "\x1b[" not in text
    assert text.strip().endswith("1 problem(s) found: see each 'fix' above. (1 note(s))")
