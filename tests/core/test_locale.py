"""Accept-Language negotiation and the translated reasons."""

from __future__ import annotations

import pytest

from evcharge.core.locale import LANGUAGES, NO_PRICE_REASON_TEXT, negotiate
from evcharge.core.tariffs import NoPriceReason


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        (None, "en"),
        ("", "en"),
        ("de", "de"),
        ("DE-at", "de"),  # a region matches its language, in any case
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr;q=0.5, nl", "nl"),  # the higher weight wins over the earlier position
        ("en;q=0.5, da;q=0.5", "en"),  # equal weights keep the client's order
        ("es, pt", "en"),  # nothing supported: the default
        ("es, *;q=0.1", "en"),
        ("da;q=0, nl;q=0.1", "nl"),  # q=0 means "not this one"
        ("de;q=abc, fr", "fr"),  # a malformed weight is no preference
        ("nl;q=2", "nl"),  # weights above 1 are clamped, not rejected
    ],
)
def test_negotiate(header: str | None, chosen: str) -> None:
    assert negotiate(header) == chosen


def test_every_reason_is_translated_into_every_language() -> None:
    for reason in NoPriceReason:
        assert set(NO_PRICE_REASON_TEXT[reason]) == set(LANGUAGES)
