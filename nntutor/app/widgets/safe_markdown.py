"""Markdown from a lesson file, shown with links that never act.

Textual's Markdown turns a link into a click that calls ``App.open_url`` with whatever the
course author wrote: ``[x](@click=app.quit)``, a ``file:`` path, a program name for the
machine's browser hook. On a shared machine the course folder may come from anyone, so a
click here does only two things: it scrolls to an anchor of the same text (``#section``), or
it shows the address (control characters shown) so that the learner can copy it. Nothing is
opened and no action runs. The text itself goes in with its control characters made visible.
(Raw ``[@click=...]`` in the body is never markup: the Markdown widget renders text as text.)
"""

from __future__ import annotations

from textual import on
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from nntutor.i18n import Messages, t
from nntutor.textsafe import visible

STRINGS = Messages(
    "markdown",
    {
        "link": "Links are not opened from nntutor. The address: {href}",
    },
)


def _safe(markdown: str | None) -> str | None:
    return None if markdown is None else visible(markdown, keep_newlines=True)


class SafeMarkdown(Markdown):
    """A Markdown widget for outside text: control characters shown, links never followed."""

    def __init__(self, markdown: str | None = None, **kwargs) -> None:
        kwargs["open_links"] = False
        super().__init__(_safe(markdown), **kwargs)

    def update(self, markdown: str) -> AwaitComplete:
        return super().update(_safe(markdown) or "")

    def append(self, markdown: str) -> AwaitComplete:
        return super().append(_safe(markdown) or "")

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        href = event.href
        if href.startswith("#") and "@" not in href and self.goto_anchor(href[1:]):
            return
        lang = getattr(self.app, "lang", "en")
        self.app.notify(t("link", lang, STRINGS, href=visible(href)), markup=False, timeout=8)
