"""Text from outside (lesson files, file names, imported progress, typed answers) in a widget.

Textual reads a ``str`` as markup in ``Static``, ``Label``, notifications, option prompts and
selection lists, and Rich does the same for ``DataTable`` cells. Markup can carry actions:
``[@click=app.screenshot('x.svg','/tmp')]`` writes a file on a click, ``[b`` or a stray ``[/]``
raises ``MarkupError``. ``rich.markup.escape`` is not enough for Textual's own markup: it leaves
``[ @click=app.quit]`` (a space after the bracket) as it is, and Textual reads that as an action.

So outside text enters a widget only in one of these ways (control characters are always shown,
see ``nntutor.textsafe.visible``):

- ``plain(text)``: Content without any markup: for a whole string from outside;
- ``fill(template, **values)``: our own markup template, with outside text put in as plain text
  through Textual's template variables (``fill("[b]$title[/b]", title=...)``);
- ``escape(text)``: for a markup string that must be built by hand: every ``[`` escaped;
- ``DataTable`` cells are Rich markup, whose tags must start with a letter, ``#``, ``/`` or
  ``@``: ``rich.markup.escape(visible(text))`` is right there (see screens/progress.py);
- Markdown bodies: ``nntutor.app.widgets.safe_markdown.SafeMarkdown``, whose links never act.

Notifications are plain text for the whole app (``NNTutorApp.notify``).
"""

from __future__ import annotations

from textual.content import Content

from nntutor.textsafe import visible


def plain(text: object) -> Content:
    """Outside text as Content: no markup read, control characters shown, lines kept."""
    return Content(visible(str(text), keep_newlines=True))


def fill(template: str, **values: object) -> Content:
    """Our markup ``template`` (``$name`` for each value) with outside ``values`` as plain text."""
    return Content.from_markup(
        template, **{key: visible(str(value), keep_newlines=True) for key, value in values.items()}
    )


def escape(text: object) -> str:
    """Outside text for a markup string: control characters shown and every ``[`` escaped.

    Textual reads ``\\[`` as a literal bracket wherever it stands, so no tag can open inside
    the escaped text. (A trailing backslash can at worst swallow the next tag of the template,
    showing it as text; it can never open one. ``fill`` has no such edge.)"""
    return visible(str(text), keep_newlines=True).replace("[", "\\[")
