"""The lab's status says that the GPU is being prepared while the warm-up runs."""

from __future__ import annotations

import threading

from textual.app import App

from nntutor.app.widgets.lab.status import LabStatus
from nntutor.lab import Frame


class FakeWarmup:
    def __init__(self) -> None:
        self.done = threading.Event()

    def message(self, lang: str = "en") -> str:
        return f"Preparing the GPU ({lang})"


class StatusApp(App):
    lang = "ru"

    def compose(self):
        yield LabStatus()


def frame(warmup=None) -> Frame:
    return Frame(
        generation=0, epoch=0, epochs=5, steps=0, steps_per_second=None, batch_loss=None,
        last=None, reports=[], gpu_warmup=warmup,
    )  # fmt: skip


async def test_the_status_shows_the_warmup_message_in_the_learners_language():
    app = StatusApp()
    async with app.run_test(size=(100, 4)) as pilot:
        status = app.query_one(LabStatus)
        status.show("running", frame(FakeWarmup()))
        await pilot.pause()
        assert "Preparing the GPU (ru)" in str(status.render())
        status.show("running", frame())
        await pilot.pause()
        assert "Preparing the GPU" not in str(status.render())
