"""The time zone a CDR is priced in.

Restrictions are local wall time at the location (Location.time_zone), but a CDR's
cdr_location carries only the country. Guessing from the country is right only for countries
with one time zone (reference §5.13), so only those are guessed; any other needs a zone given.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evcharge.core.errors import InvalidInput

# (alpha-2, alpha-3) -> the country's only IANA zone (European countries with one zone).
_ZONES: dict[tuple[str, str], str] = {
    ("AT", "AUT"): "Europe/Vienna", ("BE", "BEL"): "Europe/Brussels",
    ("BG", "BGR"): "Europe/Sofia", ("CH", "CHE"): "Europe/Zurich",
    ("CZ", "CZE"): "Europe/Prague", ("DE", "DEU"): "Europe/Berlin",
    ("DK", "DNK"): "Europe/Copenhagen", ("EE", "EST"): "Europe/Tallinn",
    ("FI", "FIN"): "Europe/Helsinki", ("FR", "FRA"): "Europe/Paris",
    ("GB", "GBR"): "Europe/London", ("GR", "GRC"): "Europe/Athens",
    ("HR", "HRV"): "Europe/Zagreb", ("HU", "HUN"): "Europe/Budapest",
    ("IE", "IRL"): "Europe/Dublin", ("IT", "ITA"): "Europe/Rome",
    ("LI", "LIE"): "Europe/Vaduz", ("LT", "LTU"): "Europe/Vilnius",
    ("LU", "LUX"): "Europe/Luxembourg", ("LV", "LVA"): "Europe/Riga",
    ("NL", "NLD"): "Europe/Amsterdam", ("NO", "NOR"): "Europe/Oslo",
    ("PL", "POL"): "Europe/Warsaw", ("RO", "ROU"): "Europe/Bucharest",
    ("SK", "SVK"): "Europe/Bratislava", ("SI", "SVN"): "Europe/Ljubljana",
    ("SE", "SWE"): "Europe/Stockholm",
}  # fmt: skip
SINGLE_ZONE: dict[str, str] = {code: z for codes, z in _ZONES.items() for code in codes}
ALPHA3_TO_ALPHA2: dict[str, str] = {
    **{alpha3: alpha2 for alpha2, alpha3 in _ZONES},
    "ESP": "ES", "PRT": "PT", "USA": "US", "CAN": "CA", "AUS": "AU",
}  # fmt: skip


def zone(name: str | None, country: str | None) -> ZoneInfo:
    """The zone named, else the country's only zone (alpha-2 or alpha-3); an error otherwise."""
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
