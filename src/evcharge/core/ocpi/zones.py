"""The time zone a CDR is priced in.

Restrictions are local wall time at the location (Location.time_zone), but a CDR's
cdr_location carries only the country. Guessing from the country is right only for countries
with one time zone (reference §5.13), so only those are guessed; any other needs a zone given.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evcharge.core.errors import InvalidInput

# ISO 3166 alpha-3 -> the country's only IANA zone (European countries with one zone).
SINGLE_ZONE: dict[str, str] = {
    "AUT": "Europe/Vienna", "BEL": "Europe/Brussels", "BGR": "Europe/Sofia",
    "CHE": "Europe/Zurich", "CZE": "Europe/Prague", "DEU": "Europe/Berlin",
    "DNK": "Europe/Copenhagen", "EST": "Europe/Tallinn", "FIN": "Europe/Helsinki",
    "FRA": "Europe/Paris", "GBR": "Europe/London", "GRC": "Europe/Athens",
    "HRV": "Europe/Zagreb", "HUN": "Europe/Budapest", "IRL": "Europe/Dublin",
    "ITA": "Europe/Rome", "LIE": "Europe/Vaduz", "LTU": "Europe/Vilnius",
    "LUX": "Europe/Luxembourg", "LVA": "Europe/Riga", "NLD": "Europe/Amsterdam",
    "NOR": "Europe/Oslo", "POL": "Europe/Warsaw", "ROU": "Europe/Bucharest",
    "SVK": "Europe/Bratislava", "SVN": "Europe/Ljubljana", "SWE": "Europe/Stockholm",
}  # fmt: skip


def zone(name: str | None, country: str | None) -> ZoneInfo:
    """The zone named, else the CDR country's only zone; a clear error otherwise."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(
                f"unknown time zone {name!r}: give an IANA name such as Europe/Berlin",
                parameter="time_zone",
            ) from None
    guessed = SINGLE_ZONE.get((country or "").upper())
    if guessed is None:
        raise InvalidInput(
            f"give time_zone: the CDR's country {country or '(none)'} does not fix one "
            "(restrictions are local time at the location)",
            parameter="time_zone",
        )
    return ZoneInfo(guessed)
