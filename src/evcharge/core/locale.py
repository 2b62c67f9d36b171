"""The languages we answer in, chosen from Accept-Language (RFC 9110 §12.5.4), and the fixed
texts we translate (Chargeprice localises no_price_reason and tags into en, de, fr, nl, da)."""

from __future__ import annotations

from typing import Literal, get_args

from evcharge.core.tariffs import NoPriceReason

Language = Literal["en", "de", "fr", "nl", "da"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"


def negotiate(header: str | None) -> Language:
    """The supported language the client prefers most; `en` when none is acceptable.

    "de-AT" matches "de"; "*" matches the default; q=0 excludes; equal weights keep the
    client's order."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        weight = _weight(params)
        primary = tag.strip().lower().split("-")[0]
        language = DEFAULT_LANGUAGE if primary == "*" else _supported(primary)
        if language is None or weight <= 0:
            continue
        if best is None or (weight, -position) > (best[0], best[1]):
            best = (weight, -position, language)
    return best[2] if best else DEFAULT_LANGUAGE


def _supported(primary: str) -> Language | None:
    for language in LANGUAGES:
        if language == primary:
            return language
    return None


def _weight(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0  # a malformed weight is not a preference
    return 1.0


NO_PRICE_REASON_TEXT: dict[NoPriceReason, dict[Language, str]] = {
    NoPriceReason.PRICES_PER_STATION: {
        "en": "Prices differ per station and are not known for this one.",
        "de": "Die Preise unterscheiden sich je Ladestation und sind für diese nicht bekannt.",
        "fr": "Les prix varient selon la borne et ne sont pas connus pour celle-ci.",
        "nl": "De prijzen verschillen per laadstation en zijn voor dit station niet bekend.",
        "da": "Priserne varierer fra ladestation til ladestation og kendes ikke for denne.",
    },
    NoPriceReason.NOT_PUBLIC: {
        "en": "The provider does not publish its prices.",
        "de": "Der Anbieter veröffentlicht seine Preise nicht.",
        "fr": "Le fournisseur ne publie pas ses prix.",
        "nl": "De aanbieder maakt zijn prijzen niet openbaar.",
        "da": "Udbyderen offentliggør ikke sine priser.",
    },
    NoPriceReason.NOT_YET_LISTED: {
        "en": "Price not yet listed.",
        "de": "Preis noch nicht erfasst.",
        "fr": "Prix pas encore répertorié.",
        "nl": "Prijs nog niet opgenomen.",
        "da": "Prisen er endnu ikke registreret.",
    },
    NoPriceReason.NO_RELIABLE_DATA_AVAILABLE: {
        "en": "No reliable price data is available.",
        "de": "Es liegen keine verlässlichen Preisdaten vor.",
        "fr": "Aucune donnée de prix fiable n'est disponible.",
        "nl": "Er zijn geen betrouwbare prijsgegevens beschikbaar.",
        "da": "Der findes ingen pålidelige prisdata.",
    },
}


def no_price_reason_text(reason: NoPriceReason, language: Language) -> str:
    return NO_PRICE_REASON_TEXT[reason][language]
