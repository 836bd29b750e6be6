"""Random text through every output path: no control character is ever sent, nothing raises
(issue 12, §3 and §4). Hypothesis draws strings rich in control characters and brackets."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.textsafe import echo, echo_json, json_text, visible

# C0, DEL, C1 and the invisible format characters textsafe shows
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
UNSAFE_OR_NEWLINE = re.compile(UNSAFE.pattern[:-1] + "\n\t]")

hostile_chars = st.sampled_from(
    [
        *"\x00\x07\x08\x0e\x1b\x7f\x9b\x9d\u200b\u202e\ufeff\ud800[]/@\\=$ \n\t",
        *["[@click=app.quit]", "[/]", "[b", "[ @click=app.quit]", "\x1b]2;x\x07", "\x1b[2J"],
    ]
)
hostile_text = st.lists(st.one_of(hostile_chars, st.text(max_size=5)), max_size=30).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(hostile_text)
def test_visible_leaves_no_control_character(text):
    shown = visible(text)
    assert not UNSAFE_OR_NEWLINE.search(shown)
    shown.encode("utf-8")  # lone surrogates are shown too, never raise later
    kept = visible(text, keep_newlines=True)
    assert not UNSAFE.search(kept)
    assert kept.count("\n") == text.count("\n")


@SETTINGS
@given(hostile_text)
def test_json_text_is_valid_json_without_raw_controls(text):
    out = json_text({"skill": text, "n": 1})
    assert not UNSAFE_OR_NEWLINE.search(out)
    back = json.loads(out)["skill"]
    if not re.search("[\ud800-\udfff]", text):
        assert back == text  # nothing lost: every character is an escape
    out.encode("utf-8")


@SETTINGS
@given(hostile_text)
def test_echo_and_echo_json_send_nothing_raw(text):
    import io

    out = io.StringIO()
    echo(text, file=out)
    echo_json({"t": text}, file=out)
    written = out.getvalue()
    assert not UNSAFE.search(written)
    written.encode("utf-8")


@SETTINGS
@given(hostile_text, hostile_text)
def test_app_helpers_never_make_markup_from_outside_text(a, b):
    from textual.content import Content

    from nntutor.app.safe import escape, fill, plain

    for content in (
        plain(a),
        fill("[b]$a[/b] · [dim]$b[/dim]", a=a, b=b),
        Content.from_markup(f"[b]{escape(a)}[/b] {escape(b)}"),
    ):
        assert not [s for s in content.spans if "@" in str(s.style) or "link" in str(s.style)]
        assert not UNSAFE.search(content.plain)
    assert plain(a).plain == visible(a, keep_newlines=True)
    assert visible(a, keep_newlines=True) in fill("[b]$a[/b]", a=a).plain
    if not a.endswith("\\"):
        assert Content.from_markup(escape(a)).plain == visible(a, keep_newlines=True)
