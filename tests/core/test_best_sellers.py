"""The best-seller lists are well-formed, and the rule that says a vehicle is a listed model
(core.best_sellers) matches names as sources and makers write them, and no further."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from evcharge.core.best_sellers import (
    BEST_SELLER_LISTS,
    BestSellerList,
    RankedModel,
    is_model,
    model_family,
)
from evcharge.core.brands import canonical_brand
from evcharge.core.vehicles import Brand
from tests.builders import make_vehicle


@pytest.mark.parametrize(
    ("brand", "model", "family"),
    [
        ("Renault", "5 E-Tech electric", "5"),  # the maker's name
        ("Renault", "Renault 5 E-Tech", "5"),  # a source's, with the brand in front
        ("Chevrolet", "Equinox EV", "equinox"),
        ("Škoda", "Enyaq iV", "enyaq"),
        ("Kia", "e-Niro", "niro"),
        ("Kia", "Niro EV", "niro"),
        ("Kia", "EV3", "ev3"),  # "EV" inside a name stays
        ("Citroën", "ë-C3", "c3"),
        ("Citroën", "ë-C3 Aircross", "c3aircross"),  # another model than the ë-C3
        ("Audi", "Q4 Sportback e-tron", "q4tron"),  # a body style of the Q4 e-tron
        ("Audi", "e-tron GT", "trongt"),  # not the e-tron
        ("Volkswagen", "ID.7 Tourer", "id7"),
        ("Volvo", "EX30 Cross Country", "ex30"),
        ("Polestar", "Polestar 2", "2"),
        ("MG", "MG4 EV", "4"),  # the brand glued to the name is still the brand
        ("MG", "4 EV", "4"),  # as Open EV Charts writes it
        ("MG", "MG S5 EV", "s5"),
        ("Ford", "Puma Gen-E", "puma"),
        ("Ford", "Mustang Mach-E", "mustangmach"),
        ("Opel", "Mokka-e", "mokka"),
        ("MINI", "Cooper SE", "cooper"),
        ("MINI", "Cooper E", "cooper"),
        ("Opel", "Mokka Electric", "mokka"),
    ],
)
def test_model_family(brand: str, model: str, family: str) -> None:
    assert model_family(brand, model) == family


@pytest.mark.parametrize(
    ("brand", "model", "listed", "matches"),
    [
        ("Renault", "5 E-Tech electric", RankedModel(4, "Renault", "5 E-Tech"), True),
        ("Chevrolet", "Equinox EV", RankedModel(8, "Chevrolet", "Equinox"), True),
        ("Skoda", "Enyaq iV", RankedModel(10, "Škoda", "Enyaq"), True),  # brand spelling
        ("Volkswagen", "ID.7 Tourer", RankedModel(7, "Volkswagen", "ID.7"), True),
        ("Audi", "Q4 Sportback e-tron", RankedModel(3, "Audi", "Q4 e-tron"), True),
        ("Audi", "e-tron GT", RankedModel(1, "Audi", "e-tron"), False),
        ("BYD", "Dolphin Surf", RankedModel(1, "BYD", "Dolphin"), False),
        ("Citroën", "ë-C3 Aircross", RankedModel(1, "Citroën", "ë-C3"), False),
        ("Mercedes-Benz", "EQE", RankedModel(1, "Mercedes-Benz", "EQE SUV"), False),
        ("Cupra", "Born", RankedModel(1, "Volkswagen", "Born"), False),  # another brand
        ("Tesla", "Model 3", RankedModel(1, "Tesla", "Model Y"), False),
        # a rename the list names besides
        ("Volvo", "XC40 Recharge", RankedModel(1, "Volvo", "EX40", ("XC40 Recharge",)), True),
        ("Volvo", "XC40 Recharge", RankedModel(1, "Volvo", "EX40"), False),
    ],
)
def test_is_model(brand: str, model: str, listed: RankedModel, matches: bool) -> None:
    car = make_vehicle(brand=canonical_brand(brand), model=model)
    assert is_model(car, listed) is matches


def test_a_model_that_folds_to_nothing_matches_nothing() -> None:
    car = make_vehicle(brand=Brand(id="x", name="Testmark"), model="EV")
    assert not is_model(car, RankedModel(1, "Testmark", "Electric"))
    # a model named only by its brand keeps the name: it is not stripped to nothing
    assert is_model(replace(car, model="Testmark"), RankedModel(1, "Testmark", "Testmark"))


@pytest.mark.parametrize("best_sellers", BEST_SELLER_LISTS, ids=lambda b: b.name)
def test_each_list_is_ranked_sourced_and_dated(best_sellers: BestSellerList) -> None:
    ranks = [m.rank for m in best_sellers.models]
    assert ranks == list(range(1, len(ranks) + 1))  # 1..n, in order, none twice
    assert 1 <= len(ranks) <= 30
    families = {(m.brand, model_family(m.brand, m.model)) for m in best_sellers.models}
    assert len(families) == len(ranks)  # no model listed twice under two spellings
    assert all(family for _, family in families)
    assert best_sellers.source_url.startswith("https://")
    assert best_sellers.publisher
    assert best_sellers.scope
    # published after the year it ranks ended, and not in the future
    assert date(best_sellers.year + 1, 1, 1) <= best_sellers.published <= date.today()


def test_the_lists_cover_every_market_once_a_year() -> None:
    names = [b.name for b in BEST_SELLER_LISTS]
    assert len(set(names)) == len(names)
    keys = [(b.market, b.year) for b in BEST_SELLER_LISTS]
    assert len(set(keys)) == len(keys)
    assert {b.market for b in BEST_SELLER_LISTS} == {"eu", "uk", "us"}
