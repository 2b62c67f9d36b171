"""A stored tariff that cannot be priced (a huge price written straight into the database, or by
an older version) is left out with a reason; the answer is still a 200 for every other tariff."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.models import TariffRow
from evcharge.importers.curated_network_build import company_id, station_id, tariff_id
from evcharge.services.platform import fx
from evcharge.settings import Settings
from tests.api.test_bulk_prices import bulk, ioniq_id
from tests.conftest import key_maker
from tests.pg_scratch import scratch_database
from tests.services.platform.test_fx import SMALL

GOOD = tariff_id("cardco-m")
HPC = station_id("hpc-a9")


@pytest.fixture(scope="module")
def pg_network(pg_database_url: str) -> Iterator[Settings]:
    with scratch_database(pg_database_url, "unpriceable") as settings:
        yield settings


@pytest.fixture(params=["sqlite", "postgresql"])
def network(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The test network with our own ECB rates, on SQLite or on PostgreSQL."""
    if request.param == "postgresql":
        settings: Settings = request.getfixturevalue("pg_network")
    else:
        request.getfixturevalue("priced")  # imports the network into `settings`
        settings = request.getfixturevalue("settings")
    fx.install(SMALL, tmp_path / "fx")
    return settings.model_copy(update={"fx_dir": tmp_path / "fx"})


def store_copy_priced_at(settings: Settings, price: str) -> str:
    """A copy of the GOOD tariff whose every unit price is `price`, inserted with SQL as an
    older version or a hand-made fix might have; its id."""
    bad = str(uuid.uuid4())
    database = Database(settings)
    table = TariffRow.__table__
    with database.engine.begin() as connection:
        row = dict(connection.execute(select(table).where(table.c.id == GOOD)).mappings().one())
        for component in row["prices"]:
            for segment in component["decomposition"]:
                segment["price"] = price
        row.update(id=bad, source_key=f"sql:{bad}", name="Bad copy", prices=row["prices"])
        connection.execute(table.insert().values(row))
    database.dispose()
    return bad


def charge_prices(tariffs: list[str] | None) -> dict[str, Any]:
    relationships = (
        {"tariffs": {"data": [{"id": t, "type": "tariff"} for t in tariffs]}} if tariffs else {}
    )
    return {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "station": {"longitude": 11.5, "latitude": 48.5, "country": "DE",
                            "network": company_id("hpc"),
                            "charge_points": [{"power": 350, "plug": "ccs"}]},
                "options": {"energy": 30, "duration": 45, "show_price_unavailable": True},
            },
            "relationships": relationships,
        }
    }  # fmt: skip


@pytest.mark.parametrize("price", ["1E+999999999", "1E+30"])
def test_charge_prices_leave_an_unpriceable_tariff_out_with_a_reason(
    network: Settings, price: str
) -> None:
    bad = store_copy_priced_at(network, price)
    key = key_maker(network)("all")
    with TestClient(create_app(network)) as client:
        listed = client.post(
            "/v1/charge_prices", json=charge_prices([GOOD, bad]), headers={"Api-Key": key}
        )
        everything = client.post(
            "/v1/charge_prices", json=charge_prices(None), headers={"Api-Key": key}
        )
    assert listed.status_code == 200, listed.text
    by_id = {d["id"]: d["attributes"]["charge_point_prices"][0] for d in listed.json()["data"]}
    assert by_id[GOOD]["price"] == 17.7  # 30 kWh x 0.59 EUR
    assert by_id[bad]["price"] is None
    assert by_id[bad]["no_price_reason_code"] == "no_reliable_data_available"
    assert everything.status_code == 200, everything.text
    assert GOOD in {d["id"] for d in everything.json()["data"]}


@pytest.mark.parametrize("price", ["1E+999999999", "1E+30"])
def test_bulk_prices_pass_over_an_unpriceable_tariff(network: Settings, price: str) -> None:
    bad = store_copy_priced_at(network, price)
    key = key_maker(network)("all")
    vehicle = ioniq_id(network)
    with TestClient(create_app(network)) as client:
        both = client.post(
            "/v1/charge_prices/bulk",
            json=bulk(vehicle, [HPC], [GOOD, bad]),
            headers={"Api-Key": key},
        )
        only_bad = client.post(
            "/v1/charge_prices/bulk", json=bulk(vehicle, [HPC], [bad]), headers={"Api-Key": key}
        )
    assert both.status_code == 200, both.text
    [station] = both.json()["data"]
    assert station["relationships"]["tariff"]["data"]["id"] == GOOD
    assert station["attributes"]["price"] == 19.71
    assert only_bad.status_code == 200, only_bad.text
    assert only_bad.json()["meta"]["unpriced_stations"] == [
        {"charging_station": HPC, "reason": "no usable tariff has a price here"}
    ]


def store_copy_with(settings: Settings, **changes: Any) -> str:
    """A copy of the GOOD tariff with `changes` to its row, inserted with SQL; its id."""
    bad = str(uuid.uuid4())
    database = Database(settings)
    table = TariffRow.__table__
    with database.engine.begin() as connection:
        row = dict(connection.execute(select(table).where(table.c.id == GOOD)).mappings().one())
        row.update(id=bad, source_key=f"sql:{bad}", name="Unreadable copy", **changes)
        connection.execute(table.insert().values(row))
    database.dispose()
    return bad


UNREADABLE = {
    "ocpi document of another shape": {"ocpi": {"not": "a tariff"}},
    "ocpi min_price above max_price": {"ocpi": {
        "country_code": "DE", "party_id": "ABC", "id": "T1", "currency": "EUR",
        "min_price": {"excl_vat": 5}, "max_price": {"excl_vat": 1},
        "elements": [{"price_components": [{"type": "ENERGY", "price": 0.5, "step_size": 1}]}],
        "last_updated": "2026-01-01T00:00:00Z"}},
    "a price that is no number": {"prices": [{"decomposition": [{"price": "n/a"}]}]},
    "unknown no-price reason": {"no_price_reason": "retired_reason"},
}  # fmt: skip


@pytest.mark.parametrize("change", list(UNREADABLE))
def test_an_unreadable_stored_row_is_listed_and_priced_as_no_price(
    network: Settings, change: str
) -> None:
    bad = store_copy_with(network, **UNREADABLE[change])
    key = key_maker(network)("all")
    with TestClient(create_app(network)) as client:
        tariffs = client.get("/v1/tariffs", headers={"Api-Key": key})
        prices = client.post(
            "/v1/charge_prices", json=charge_prices([GOOD, bad]), headers={"Api-Key": key}
        )
    assert tariffs.status_code == 200, tariffs.text
    assert {GOOD, bad} <= {t["id"] for t in tariffs.json()["data"]}
    assert prices.status_code == 200, prices.text
    by_id = {d["id"]: d["attributes"]["charge_point_prices"][0] for d in prices.json()["data"]}
    assert by_id[GOOD]["price"] == 17.7  # 30 kWh x 0.59 EUR
    assert by_id[bad]["price"] is None
    assert by_id[bad]["no_price_reason_code"] == "no_reliable_data_available"


def test_a_stored_fee_beyond_the_bounds_is_no_price(settings: Settings, priced: object) -> None:
    # SQLite only: PostgreSQL's Numeric(12, 4) column refuses such a fee at insert.
    bad = store_copy_with(settings, monthly_fee=10**30)
    key = key_maker(settings)("all")
    with TestClient(create_app(settings)) as client:
        prices = client.post(
            "/v1/charge_prices", json=charge_prices([GOOD, bad]), headers={"Api-Key": key}
        )
    assert prices.status_code == 200, prices.text
    by_id = {d["id"]: d["attributes"] for d in prices.json()["data"]}
    assert by_id[bad]["charge_point_prices"][0]["price"] is None
    assert by_id[bad]["total_monthly_fee"] == 0
