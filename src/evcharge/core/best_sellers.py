"""The best-selling EV models per market, as public sources rank them, and the rule that says
whether a catalogue vehicle is one of them.

Each list holds only what its source states: the rank, and the brand and model as the source
names them. The sources found so far publish a top 10; a longer list needs a source that states
the further ranks (none is derived here from per-model counts).

A vehicle is a listed model when (`is_model`):

- its brand is the listed brand after `core.brands` folding ("Skoda" = "Škoda");
- its model is the listed model after `model_family` ("Renault 5 E-Tech" = "5 E-Tech electric",
  "Chevrolet Equinox" = "Equinox EV", "Q4 Sportback e-tron" = "Q4 e-tron", "MG 4" = "MG4 EV"),
  or one of the
  names the list gives the model besides (`RankedModel.also`, for a rename such as XC40
  Recharge -> EX40).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evcharge.core.brands import alias_key
from evcharge.core.names import words
from evcharge.core.v2x import Market
from evcharge.core.vehicles import Vehicle

# Words that say a model is electric, not which model it is: sources write "Equinox" where the
# maker writes "Equinox EV", "Renault 5 E-Tech" for "5 E-Tech electric", "Enyaq" for "Enyaq iV",
# "Mokka" for "Mokka-e", "Puma Gen-E" for the electric Puma, "Mini Cooper" or "Cooper E" for the
# "Cooper SE". Longest first, so "e tech" goes before a lone "e".
_ELECTRIC_MARKERS: tuple[tuple[str, ...], ...] = (
    ("e", "tech"),
    ("gen", "e"),
    ("electric",),
    ("ev",),
    ("bev",),
    ("iv",),
    ("recharge",),
    ("se",),
    ("e",),
)
# Body styles of one model that sales statistics count together: "ID.7 Tourer" is an ID.7,
# "Q4 Sportback e-tron" a Q4 e-tron, "EX30 Cross Country" an EX30. Not "GT" (the e-tron GT is
# another car than the e-tron), not "SUV" (EQE SUV and EQE are separate models), not "van" or
# "cargo" (the lists are of passenger cars).
_BODY_STYLES = frozenset({"tourer", "sports", "sportback", "coupe", "cross", "country", "estate"})


@dataclass(frozen=True, slots=True)
class RankedModel:
    """One model of a list: `brand` and `model` as the source names them; `also`, other names
    of the same model in the catalogue (a rename), compared by `model_family` too."""

    rank: int
    brand: str
    model: str
    also: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.brand} {self.model}"


@dataclass(frozen=True, slots=True)
class BestSellerList:
    """A market's best-selling BEV models of one year, ranked by `publisher`, as read at
    `source_url` (published `published`). `scope` says what the ranking counts."""

    name: str
    market: Market
    year: int
    publisher: str
    source_url: str
    published: date
    scope: str
    models: tuple[RankedModel, ...]


def _without(tokens: list[str], phrase: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tuple(tokens[i : i + len(phrase)]) == phrase:
            i += len(phrase)
        else:
            out.append(tokens[i])
            i += 1
    return out


def model_family(brand: str, model: str) -> str:
    """The model's name without case, accents, punctuation, electric markers, body styles or a
    leading brand, spaced or not ("Polestar 2", "MG4" = "MG 4" = "4"):
    ("Renault", "5 E-Tech electric") -> "5"."""
    tokens = words(model)
    for phrase in _ELECTRIC_MARKERS:
        tokens = _without(tokens, phrase)
    family = "".join(t for t in tokens if t not in _BODY_STYLES)
    brand_key = "".join(words(brand))
    if family.startswith(brand_key) and len(family) > len(brand_key):
        return family[len(brand_key) :]
    return family


def is_model(vehicle: Vehicle, ranked: RankedModel) -> bool:
    """True when `vehicle` is a variant of the listed model (module docstring)."""
    if alias_key(vehicle.brand.name) != alias_key(ranked.brand):
        return False
    family = model_family(vehicle.brand.name, vehicle.model)
    names = (ranked.model, *ranked.also)
    return bool(family) and any(model_family(ranked.brand, name) == family for name in names)


# Europe (EU, UK and EFTA) 2025, BEV registrations by Dataforce, as tabled by auto.cz on
# 28 January 2026; the table is a top 10.
EUROPE_2025 = BestSellerList(
    name="Europe 2025",
    market=Market.EU,
    year=2025,
    publisher="Dataforce",
    source_url=(
        "https://www.auto.cz/nejprodavanejsi-elektromobily-v-evrope-v-roce-2025-vitezem-tesla-"
        "skoda-druha-159798"
    ),
    published=date(2026, 1, 28),
    scope="BEV registrations in the EU, UK and EFTA; the source gives a top 10",
    models=(
        RankedModel(1, "Tesla", "Model Y"),
        RankedModel(2, "Škoda", "Elroq"),
        RankedModel(3, "Tesla", "Model 3"),
        RankedModel(4, "Renault", "5 E-Tech"),
        RankedModel(5, "Volkswagen", "ID.4"),
        RankedModel(6, "Volkswagen", "ID.3"),
        RankedModel(7, "Volkswagen", "ID.7"),
        RankedModel(8, "BMW", "iX1"),
        RankedModel(9, "Kia", "EV3"),
        RankedModel(10, "Škoda", "Enyaq"),
    ),
)

# UK 2025, BEV registrations by SMMT (published 6 January 2026), as listed by CarsUK; SMMT's
# release names a top 10.
UK_2025 = BestSellerList(
    name="UK 2025",
    market=Market.UK,
    year=2025,
    publisher="SMMT",
    source_url=(
        "https://www.carsuk.net/ford-puma-was-2025s-best-selling-car-with-not-a-single-ev-in-"
        "the-top-ten/"
    ),
    published=date(2026, 1, 6),
    scope="BEV registrations in the UK; the source gives a top 10",
    models=(
        RankedModel(1, "Tesla", "Model Y"),
        RankedModel(2, "Tesla", "Model 3"),
        RankedModel(3, "Audi", "Q4 e-tron"),
        RankedModel(4, "Audi", "Q6 e-tron"),
        RankedModel(5, "Ford", "Explorer"),
        RankedModel(6, "BMW", "i4"),
        RankedModel(7, "Škoda", "Enyaq"),
        RankedModel(8, "Kia", "EV3"),
        RankedModel(9, "Škoda", "Elroq"),
        RankedModel(10, "Volvo", "EX30"),
    ),
)

# US 2025, EV sales estimated by Kelley Blue Book (Cox Automotive's Q4 2025 EV sales report),
# as tabled by EVXL on 13 January 2026: a top 10.
US_2025 = BestSellerList(
    name="US 2025",
    market=Market.US,
    year=2025,
    publisher="Kelley Blue Book (Cox Automotive)",
    source_url="https://evxl.co/es_es/2026/01/13/2025-ev-sales-numbers-are-in-market-split-in-two",
    published=date(2026, 1, 13),
    scope="EV sales estimates in the US; the source gives a top 10",
    models=(
        RankedModel(1, "Tesla", "Model Y"),
        RankedModel(2, "Tesla", "Model 3"),
        RankedModel(3, "Chevrolet", "Equinox EV"),
        RankedModel(4, "Ford", "Mustang Mach-E"),
        RankedModel(5, "Hyundai", "Ioniq 5"),
        RankedModel(6, "Honda", "Prologue"),
        RankedModel(7, "Ford", "F-150 Lightning"),
        RankedModel(8, "Rivian", "R1S"),
        RankedModel(9, "Chevrolet", "Blazer EV"),
        RankedModel(10, "Volkswagen", "ID.4"),
    ),
)

# US 2024, EV sales estimated by Kelley Blue Book (Cox Automotive's Q4 2024 EV sales report of
# 13 January 2025), as listed by Chhattisgarh Prime Time: a top 10. It names the Cybertruck and
# the Lyriq, which 2025's top 10 does not.
US_2024 = BestSellerList(
    name="US 2024",
    market=Market.US,
    year=2024,
    publisher="Kelley Blue Book (Cox Automotive)",
    source_url=(
        "https://chhattisgarhprimetime.com/ev-surge-u-s-electric-vehicle-sales-hit-record-high-"
        "in-2024/"
    ),
    published=date(2025, 1, 13),
    scope="EV sales estimates in the US; the source gives a top 10",
    models=(
        RankedModel(1, "Tesla", "Model Y"),
        RankedModel(2, "Tesla", "Model 3"),
        RankedModel(3, "Ford", "Mustang Mach-E"),
        RankedModel(4, "Hyundai", "Ioniq 5"),
        RankedModel(5, "Tesla", "Cybertruck"),
        RankedModel(6, "Ford", "F-150 Lightning"),
        RankedModel(7, "Honda", "Prologue"),
        RankedModel(8, "Chevrolet", "Equinox"),
        RankedModel(9, "Cadillac", "Lyriq"),
        RankedModel(10, "Rivian", "R1S"),
    ),
)

BEST_SELLER_LISTS = (EUROPE_2025, UK_2025, US_2025, US_2024)
