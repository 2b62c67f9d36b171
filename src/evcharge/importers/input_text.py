"""Text from files we import: what the database cannot store, and how much a message may quote.

Imported files come from outside and can hold anything. Two rules hold for every importer:

- A record with a string the database cannot store is skipped, naming the field. PostgreSQL
  refuses NUL in text (the whole import would fail with a traceback), a lone surrogate is not
  UTF-8 at all, and the other C0 control characters are never part of a name or an address:
  they mean the record is corrupt. Tab, line feed and carriage return are ordinary text.
- A message quotes at most an excerpt of the input: a binary file is one long "value", and
  echoing it made a message of 150 MB.
"""

from __future__ import annotations

import re
from typing import Any

EXCERPT_CHARS = 200
# A message (a skip reason, a record name) may carry a few excerpts, but never more than this.
MESSAGE_CHARS = 600

_NOT_STORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# In a message every control character is shown escaped: a message stays one line, and input
# cannot send escape sequences to the user's terminal.
_NOT_SHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` as a message may show it: at most `limit` characters, control characters escaped."""
    shown = _NOT_SHOWABLE.sub(lambda m: _escaped(m[0]), text[:limit])
    if len(shown) <= limit and len(text) <= limit:
        return shown
    return f"{shown[:limit]}… ({len(text)} characters in all)"


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def unstorable_text(record: Any) -> str | None:
    """Why a parsed JSON record cannot be stored: its first string (value or key) that holds a
    character the database refuses, named by its path; None when every string is fine.

    Walks with a stack of its own, not recursion: json.loads accepts documents nested almost as
    deep as Python's recursion limit.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), record)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if (found := _NOT_STORABLE.search(value)) is not None:
                return f"{_field(path)} {_what(found[0])}"
        elif isinstance(value, dict):
            for key in value:
                if (found := _NOT_STORABLE.search(str(key))) is not None:
                    return f"a key of {_field(path)} ({excerpt(str(key), 40)}) {_what(found[0])}"
            # Reversed onto the stack, so the first field in the file is reported first.
            stack.extend(((*path, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
    return None


def _field(path: tuple[str | int, ...]) -> str:
    """`evses[0].connectors[1].standard`; 'the record' for the record itself."""
    if not path:
        return "the record"
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return excerpt(text.removeprefix("."), 120)


def _what(char: str) -> str:
    if char == "\x00":
        return "holds a NUL character (\\x00), which the database cannot store"
    if "\ud800" <= char <= "\udfff":
        return f"holds {_escaped(char)}, half of a UTF-16 pair, which is not text"
    return f"holds the control character {_escaped(char)}, which is not text"
