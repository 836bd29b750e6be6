"""The lab waits for the GPU warm-up before its first step and says so in its frames."""

from __future__ import annotations

import threading

from nntutor.lab import LabConfig, LabSession
from nntutor.lab.frames import Wants


class FakeWarmup:
    """Stands in for ``engine.backend.GpuWarmup`` (there is no GPU in the tests)."""

    def __init__(self) -> None:
        self.done = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)

    def message(self, lang: str = "en") -> str:
        return f"preparing the GPU ({lang})"


def small_session() -> LabSession:
    return LabSession(LabConfig(hidden=(4,), samples=64, epochs=2, batch_size=16, seed=3))


def test_a_session_on_the_cpu_warms_nothing_up():
    session = small_session()
    assert session.device == "cpu"
    assert session.gpu_warmup is None
    assert not session.preparing_gpu
    assert session.frame(Wants()).gpu_warmup is None


def test_training_waits_for_the_warmup_and_its_frames_carry_it():
    session = small_session()
    warmup = FakeWarmup()
    session.gpu_warmup = warmup
    frames = []
    first_frame = threading.Event()

    def on_frame(frame):
        frames.append(frame)
        first_frame.set()

    outcome = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault(
            "it", session.train("batch", lambda: False, on_frame, Wants, interval=0.01)
        )
    )
    worker.start()
    assert first_frame.wait(10)
    assert session.trainer.steps == 0  # no step while the GPU is being prepared
    assert frames[0].gpu_warmup is warmup
    assert frames[0].gpu_warmup.message("ru") == "preparing the GPU (ru)"
    warmup.done.set()
    worker.join(10)
    assert outcome["it"].reason == "batch"
    assert session.trainer.steps == 1
    assert frames[-1].gpu_warmup is None
    assert not session.preparing_gpu


def test_stopping_during_the_warmup_pauses_before_any_step():
    session = small_session()
    session.gpu_warmup = FakeWarmup()
    frames = []
    outcome = session.train("end", lambda: True, frames.append, Wants, interval=0.01)
    assert outcome.reason == "paused"
    assert session.trainer.steps == 0
    assert frames and all(f.gpu_warmup is session.gpu_warmup for f in frames)
