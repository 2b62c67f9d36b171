"""Text the database cannot store is found and named; messages quote only short excerpts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evcharge.importers.input_text import EXCERPT_CHARS, MESSAGE_CHARS, excerpt, unstorable_text
from evcharge.importers.parsed import Skip

NUL = "holds a NUL character (\\x00), which the database cannot store"
BELL = "holds the control character \\x07, which is not text"
LONG_TAIL = f"… ({EXCERPT_CHARS + 50} characters in all)"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"name": "Ladepark Köln", "notes": "line one\nline two\twith a tab\r\n"}, None),
        ({"name": "Bad\x00name"}, f"name {NUL}"),
        ({"evses": [{"uid": "1"}, {"uid": "2", "evse_id": "DE*X\x00"}]}, f"evses[1].evse_id {NUL}"),
        # The first bad field in the file's order is the one named.
        ({"a": {"b": "\x00"}, "c": "\x00"}, f"a.b {NUL}"),
        ({"ok": 1, "k\x00ey": "v"}, f"a key of the record (k\\x00ey) {NUL}"),
        ({"n": {"bell\x07": 1}}, f"a key of n (bell\\x07) {BELL}"),
        ({"t": "esc \x1b[31m"}, "t holds the control character \\x1b, which is not text"),
        ({"t": "\ud800"}, "t holds \\ud800, half of a UTF-16 pair, which is not text"),
        ("\x00", f"the record {NUL}"),
        ({"numbers": [1, 2.5, True, None]}, None),
    ],
)  # fmt: skip
def test_the_first_unstorable_string_is_named_by_its_path(record: Any, reason: str | None) -> None:
    assert unstorable_text(record) == reason


def test_what_json_decodes_from_escapes_is_what_is_checked() -> None:
    # A file cannot hold a raw NUL inside a JSON string, only the \u0000 escape; so the check
    # runs on the decoded record, not on the file's bytes.
    record = json.loads('{"name": "a\\u0000b", "pair": "\\ud83d\\ude00"}')
    assert unstorable_text(record) == f"name {NUL}"
    assert unstorable_text({"pair": record["pair"]}) is None  # a whole surrogate pair is text


def test_a_record_nested_as_deep_as_json_allows_is_walked_without_recursion() -> None:
    deep = json.loads("[" * 900 + '"\\u0000"' + "]" * 900)
    reason = unstorable_text(deep)
    assert reason is not None
    assert reason.endswith(NUL)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("short", "short"),
        ("two\nlines", "two\\x0alines"),
        ("\x1b[2J", "\\x1b[2J"),
        ("x" * (EXCERPT_CHARS + 50), "x" * EXCERPT_CHARS + LONG_TAIL),
    ],
)  # fmt: skip
def test_an_excerpt_is_short_and_one_line(text: str, shown: str) -> None:
    assert excerpt(text) == shown


def test_an_excerpt_of_control_characters_stays_within_its_limit() -> None:
    shown = excerpt("\x00" * 10_000)
    assert len(shown) < EXCERPT_CHARS + 40
    assert shown.startswith("\\x00\\x00")


def test_a_skip_never_carries_a_long_name_or_reason() -> None:
    skip = Skip("r" * 1_000_000, "country " + "\x89PNG" * 1_000_000 + " is not one we map")
    assert len(skip.record) < MESSAGE_CHARS + 40
    assert len(skip.reason) < MESSAGE_CHARS + 40
    assert "\x89" not in skip.reason
