"""Tags: language fallback, {locale} in links, show_until and hide_for_owners."""

from __future__ import annotations

from datetime import UTC, datetime

from evcharge.core.network import Tag

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TAG = Tag("info", "Night rate", "https://example.org/{locale}/x", (("de", "Nachttarif"),))


def test_text_falls_back_to_english() -> None:
    assert TAG.text_in("de") == "Nachttarif"
    assert TAG.text_in("fr") == "Night rate"
    assert TAG.localized_text == {"en": "Night rate", "de": "Nachttarif"}


def test_locale_placeholder_in_the_link() -> None:
    assert TAG.url_in("nl") == "https://example.org/nl/x"
    assert Tag("info", "x").url_in("de") is None


def test_show_until_is_exclusive_and_hide_for_owners_only_hides_from_owners() -> None:
    until = Tag("alert", "Offer", show_until=NOW)
    assert until.shown(datetime(2026, 11, 21, 11, 59, tzinfo=UTC), owned=False)
    assert not until.shown(NOW, owned=False)
    promo = Tag("star", "Join us", hide_for_owners=True)
    assert promo.shown(NOW, owned=False)
    assert not promo.shown(NOW, owned=True)
