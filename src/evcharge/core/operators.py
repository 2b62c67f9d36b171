"""One charge point operator, whatever a register calls it.

National registers name operators by their legal entity ("IONITY GmbH", "EnBW mobility+ AG
und Co.KG", "Tesla Germany GmbH"); our companies carry the brand ("IONITY", "EnBW mobility+",
"Tesla Supercharger"). A register's operator maps to one of our companies when their keys are
equal: the name without case, accents, punctuation, legal forms or a country qualifier, or
through OPERATOR_ALIASES, written from the registers' own spellings. Only equal keys match, so
"EnBW mobility+" (a CPO) is never taken for a similarly named EMP.

Keys drop country words, so "bp pulse UK" and the French register's "bp Pulse" share one: a
company that lists its countries therefore takes a register row only in one of them (our
curated companies list where they run stations; a company an import made lists none and
matches anywhere). A UK company never takes a French or US station.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from evcharge.core.names import folded
from evcharge.core.network import Company

# Legal forms and their German "& Co. KG" tails, in any order at the end or inside a name.
_LEGAL = re.compile(
    r"\b(?:gmbh|mbh|ag|kg|kgaa|ohg|ug|se|sa|sas|sasu|sarl|nv|bv|ltd|limited|plc|inc|llc|corp|"
    r"corporation|co|company|aktiengesellschaft|haftungsbeschrankt|as|ab|oy|aps|asa|"
    # and what registers append to a network's name ("ChargePoint Network", AFDC)
    r"network)\b"
)
# Words that say where a company of a group is registered, not which operator it is.
_COUNTRY = re.compile(
    r"\b(?:deutschland|germany|france|uk|usa|us|nederland|netherlands|norge|sverige|"
    r"danmark|suomi|osterreich|austria|schweiz|gb|europe)\b"
)
_NOT_ALNUM = re.compile(r"[^a-z0-9+]+")
_AND = re.compile(r"\b(?:und|and|et|en|og|och)\b")  # "AG und Co. KG", "& Co"

# Register spelling (as a key) -> our company's name (as a key). Each from the registers' own
# data: BNetzA (Betreiber), IRVE (nom_operateur), AFDC (EV Network), NOBIL, UK NCR.
OPERATOR_ALIASES: dict[str, str] = {
    "tesla": "tesla supercharger",
    "tesla motors": "tesla supercharger",
    "enbw": "enbw mobility+",
    "enbw energie baden wurttemberg": "enbw mobility+",
    "aral": "aral pulse",
    # Aral pulse is bp's charging brand at Aral stations in Germany: its 300 kW CCS/CHAdeMO
    # chargers are registered under BP Europa SE (BNetzA 2022; electrive.net 2021-02-16).
    "bp europa": "aral pulse",
    "shell": "shell recharge",
    # Shell's own fast chargers at its German stations (CCS/CHAdeMO, 150 kW and up; welt.de
    # 2020-07), registered under Shell Deutschland Oil GmbH.
    "shell oil": "shell recharge",
    "vattenfall": "vattenfall incharge",
    "incharge vattenfall": "vattenfall incharge",  # BNetzA: "InCharge AB Vattenfall"
    "ewe go": "ewe go",
    "gridserve": "gridserve electric highway",
    "ecotricity": "gridserve electric highway",  # GRIDSERVE took over the Electric Highway
    "pod point": "pod point",
    "ubitricity": "ubitricity shell",
    "engie": "geniepoint engie",
    "geniepoint": "geniepoint engie",
    "fastned": "fastned",
    "ionity": "ionity",
    "allego": "allego",
    # TotalEnergies' charging arms: IRVE nom_operateur "TotalEnergies Marketing France" (Belib',
    # TotalEnergies Charge Rapide) and "TotalEnergies Charging Services" (Metpark, Iléwat, ...),
    # QualiCharge 2026-04-14; BNetzA Betreiber "TotalEnergies Marketing Deutschland GmbH",
    # 2022-01-01. Without these, the country-free key "totalenergies marketing" of a company
    # the BNetzA import made took the French stations too, under the German name.
    "totalenergies marketing": "totalenergies",
    "totalenergies charging services": "totalenergies",
}


def operator_key(name: str) -> str:
    """`name` as compared: "IONITY GmbH" -> "ionity", "Tesla Germany GmbH" -> "tesla"."""
    words = _NOT_ALNUM.sub(" ", folded(name))
    words = _COUNTRY.sub(" ", _LEGAL.sub(" ", _AND.sub(" ", words)))
    return " ".join(words.split())


def cpos_by_key(companies: Iterable[Company]) -> dict[str, tuple[Company, ...]]:
    """The CPOs among `companies` by operator_key, for our_operator. Keys may be shared
    ("bp pulse UK", ours, and "bp Pulse", made by an IRVE import): each key keeps them all."""
    found: dict[str, list[Company]] = {}
    for company in companies:
        if company.is_cpo:
            found.setdefault(operator_key(company.name), []).append(company)
    return {key: tuple(cpos) for key, cpos in found.items()}


def our_operator(
    register_name: str, ours: Mapping[str, Sequence[Company]], *, country: str
) -> str | None:
    """The id of our company that `register_name` names in `country` (ISO alpha-2), or None.
    `ours` is cpos_by_key of our companies. A listed alias comes first: `ours` may also hold a
    company an earlier import made for a register spelling of the same key ("TotalEnergies
    Marketing Deutschland GmbH" for "TotalEnergies Marketing France"). Under one key, a company
    that lists `country` comes before one that lists no countries; one that lists others
    never matches."""
    key = operator_key(register_name)
    for candidate in dict.fromkeys((OPERATOR_ALIASES.get(key, key), key)):
        found = _operating_in(country, ours.get(candidate, ()))
        if found is not None:
            return found.id
    return None


def _operating_in(country: str, companies: Sequence[Company]) -> Company | None:
    listing = (c for c in companies if country in c.countries)
    anywhere = (c for c in companies if not c.countries)
    return next(listing, None) or next(anywhere, None)
