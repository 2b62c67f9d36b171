"""A JSON document too big to load at once, read one member (or array item) at a time.

NOBIL's datadump is one object holding one long array of stations; json.load would hold all of
it, and its parsed form, in memory. This reads the top-level object incrementally with the
standard library's own decoder (json.JSONDecoder.raw_decode on a sliding buffer): each value is
parsed whole by json, only the object and array punctuation around them is ours.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from evcharge.core.errors import InvalidInput
from evcharge.importers.input_text import excerpt


def json_object_stream(path: Path, array_key: str, what: str) -> Iterator[tuple[str, Any]]:
    """The members of the file's top-level JSON object as (key, value), in file order, except
    that the array under `array_key` comes element by element, as (array_key, element): a
    national dump is one object holding one long array, and this reads it in bounded memory.

    A saved HTTP response (status line and headers, a blank line, then the body) is read from
    its body. InvalidInput when the file is not such an object, naming where it breaks off.
    """
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        reader = _JsonReader(handle)
        try:
            yield from reader.members(array_key)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise InvalidInput(
                f"{excerpt(path.name)} is not {what}: {excerpt(str(exc))} "
                f"(near character {reader.offset})",
                parameter="path",
            ) from None


class _JsonReader:
    """Incremental reading of one JSON object: json.JSONDecoder.raw_decode on a sliding buffer."""

    _CHUNK = 1 << 20

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._text = ""
        self._pos = 0
        self._done = 0  # characters dropped from the buffer's front
        self._eof = False
        self._decoder = json.JSONDecoder()

    @property
    def offset(self) -> int:
        return self._done + self._pos

    def members(self, array_key: str) -> Iterator[tuple[str, Any]]:
        self._skip_http_head()
        self._expect("{")
        if self._peek() == "}":
            return
        while True:
            key = self._value()
            if not isinstance(key, str):
                raise ValueError("an object key is not a string")
            self._expect(":")
            if key == array_key and self._peek() == "[":
                self._pos += 1
                yield from ((key, item) for item in self._items())
            else:
                yield key, self._value()
            if self._next_of(",}") == "}":
                return

    def _items(self) -> Iterator[Any]:
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            if self._next_of(",]") == "]":
                return

    def _skip_http_head(self) -> None:
        self._peek()
        while len(self._text) - self._pos < len("HTTP/") and self._more():
            pass
        if not self._text.startswith("HTTP/", self._pos):
            return
        while True:
            for blank in ("\r\n\r\n", "\n\n"):
                if (at := self._text.find(blank, self._pos)) >= 0:
                    self._pos = at + len(blank)
                    return
            if not self._more():
                raise ValueError("an HTTP response without a body")

    def _more(self) -> bool:
        chunk = self._handle.read(self._CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._done += self._pos
        self._text = self._text[self._pos :] + chunk
        self._pos = 0
        return True

    def _peek(self) -> str:
        while True:
            while self._pos < len(self._text) and self._text[self._pos] in " \t\r\n":
                self._pos += 1
            if self._pos < len(self._text) or not self._more():
                return self._text[self._pos : self._pos + 1]

    def _expect(self, char: str) -> None:
        if self._next_of(char) != char:
            raise ValueError(f"expected {char!r}")

    def _next_of(self, chars: str) -> str:
        found = self._peek()
        if not found or found not in chars:
            shown = "the end of the file" if not found else repr(found)
            raise ValueError(f"expected one of {' '.join(chars)}, found {shown}")
        self._pos += 1
        return found

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._text, self._pos)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            # A number or literal at the buffer's end may continue in the next chunk.
            if end == len(self._text) and not self._eof and self._more():
                continue
            self._pos = end
            return value
