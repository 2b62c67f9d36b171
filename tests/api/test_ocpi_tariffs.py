"""OCPI tariffs: import, export, round trip, and one engine for forecasts and CDRs."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.codecs.ocpi_json import parse_tariff
from evcharge.core.ocpi.forecast import profile_cdr
from evcharge.core.ocpi.model import Cdr
from evcharge.core.ocpi.zones import zone
from evcharge.core.plugs import Plug
from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.ocpi_tariffs import read_tariffs
from evcharge.services.imports.ocpi import import_ocpi_tariffs, party_company
from evcharge.services.imports.ocpi import to_tariff as to_catalogue_tariff
from evcharge.services.pricing.charge_prices import flat_profile
from evcharge.services.pricing.ocpi_forecast import session_start
from evcharge.settings import Settings
from tests.conftest import shared_path

# Our own test tariff: cheaper energy before noon, time from minute 30, a start fee; 19 % VAT.
TARIFF: dict[str, Any] = {
    "country_code": "DE", "party_id": "TST", "id": "NOON", "currency": "EUR",
    "tariff_alt_text": [{"language": "en", "text": "Noon test tariff"}],
    "elements": [
        {"price_components": [{"type": "FLAT", "price": 1, "vat": 19, "step_size": 0}]},
        {"price_components": [{"type": "ENERGY", "price": 0.3, "vat": 19, "step_size": 1}],
         "restrictions": {"start_time": "00:00", "end_time": "12:00"}},
        {"price_components": [{"type": "TIME", "price": 2, "vat": 19, "step_size": 1}],
         "restrictions": {"min_duration": 1800}},
        {"price_components": [{"type": "ENERGY", "price": 0.4, "vat": 19, "step_size": 1}]},
    ],
    "last_updated": "2026-11-01T00:00:00Z",
}  # fmt: skip


def imported(settings: Settings, tmp_path: Path, doc: dict[str, Any]) -> str:
    file = tmp_path / "tariff.json"
    file.write_text(json.dumps(doc))
    database = Database(settings)
    with database.transaction() as session:
        parsed = read_tariffs(file)
        reports = import_ocpi_tariffs(session, parsed)
        assert reports["tariffs"].created == 1
        tariff = parse_tariff(doc)
        company, _ = party_company(CompanyRepository(session).all(), "DE", "TST")
        tariff_id = to_catalogue_tariff(tariff, company).id
    database.dispose()
    return tariff_id


def test_an_imported_tariff_exports_exactly_as_it_came(
    client: TestClient, settings: Settings, key: str, tmp_path: Path
) -> None:
    tariff_id = imported(settings, tmp_path, TARIFF)
    response = client.get(f"/v1/tariffs/{tariff_id}/ocpi", headers={"Api-Key": key})
    assert response.status_code == 200, response.text
    assert response.json() == TARIFF
    listed = client.get("/v1/tariffs", params={"filter[id]": tariff_id}, headers={"Api-Key": key})
    assert listed.json()["data"][0]["attributes"]["name"] == "Noon test tariff"


def cdr_json(cdr: Cdr) -> dict[str, Any]:
    def utc(moment: Any) -> str:
        return str(moment.isoformat().replace("+00:00", "Z"))

    return {
        "start_date_time": utc(cdr.start_date_time),
        "end_date_time": utc(cdr.end_date_time),
        "currency": cdr.currency,
        "cdr_location": {"country": "DEU"},
        "charging_periods": [
            {
                "start_date_time": utc(p.start_date_time),
                "dimensions": [
                    {"type": d.value, "volume": float(v)} for d, v in p.dimensions.items()
                ],
            }
            for p in cdr.charging_periods
        ],
    }


def test_a_forecast_equals_the_price_of_the_cdr_its_session_produces(
    client: TestClient, settings: Settings, key: str, tmp_path: Path
) -> None:
    tariff_id = imported(settings, tmp_path, TARIFF)
    database = Database(settings)
    with database.transaction() as session:
        company, _ = party_company(CompanyRepository(session).all(), "DE", "TST")
    database.dispose()
    # 30 kWh in 45 min from 11:40 local: the forecast side, through /v1/charge_prices.
    body = {"data": {"type": "charge_price_request", "attributes": {
        "data_adapter": "chargeprice",
        "station": {"longitude": 11.5, "latitude": 48.1, "country": "DE", "network": company.id,
                    "charge_points": [{"power": 50, "plug": "ccs"}]},
        "options": {"energy": 30, "duration": 45, "start_time": 700}}}}  # fmt: skip
    response = client.post("/v1/charge_prices", json=body, headers={"Api-Key": key})
    assert response.status_code == 200, response.text
    (answer,) = [d for d in response.json()["data"] if d["id"] == tariff_id]
    forecast = answer["attributes"]["charge_point_prices"][0]["price"]
    # The CDR the same session produces, priced through /v1/cdr_prices.
    today_in_berlin = datetime.datetime.now(zone(None, "DE")).date()
    start = session_start("DE", 700, today_in_berlin)
    assert start is not None
    tariff = parse_tariff(TARIFF)
    cdr = profile_cdr(flat_profile(Plug.CCS, 30, 45), tariff, start, zone(None, "DE"))
    priced = client.post(
        "/v1/cdr_prices", json={"tariff": TARIFF, "cdr": cdr_json(cdr)}, headers={"Api-Key": key}
    )
    assert priced.status_code == 200, priced.text
    totals = priced.json()["data"]["attributes"]
    # By hand: 40 kW for 45 min. 20 min to noon = 13.333 kWh at 0.30 = 4.00; 25 min after
    # = 16.667 kWh at 0.40 = 6.6667; TIME from minute 30: 0.25 h at 2.00 = 0.50; FLAT 1.00.
    # excl 12.1667, incl x 1.19 = 14.4783 -> 14.48 shown (Chargeprice prices include VAT).
    assert totals["total_cost"] == {"excl_vat": 12.1667, "incl_vat": 14.4783}
    assert forecast == 14.48
    assert Decimal(str(totals["total_cost"]["incl_vat"])).quantize(Decimal("0.01")) == Decimal(
        str(forecast)
    )


def test_import_of_the_spec_examples_folder_reports_and_is_idempotent(settings: Settings) -> None:
    folder = shared_path("data", "ocpi", "spec-examples")
    database = Database(settings)
    with database.transaction() as session:
        first = import_ocpi_tariffs(session, read_tariffs(folder))
    with database.transaction() as session:
        again = import_ocpi_tariffs(session, read_tariffs(folder))
    database.dispose()
    tariffs = first["tariffs"]
    # 19 tariff files: 14 distinct DE*ALL ids; 5 reuse an id (OCPI identity), 24 are not tariffs.
    assert (tariffs.created, len(tariffs.skipped)) == (14, 29)
    reasons = {s.reason.split(" as ")[0] for s in tariffs.skipped}
    assert reasons == {"not an OCPI Tariff (no elements)"} | {
        r for r in reasons if r.startswith("same tariff DE*ALL*")
    }
    assert (again["tariffs"].unchanged, again["tariffs"].created) == (14, 0)


def test_a_misspelled_field_is_skipped_with_the_reason(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(TARIFF))
    doc["elements"][1]["restrictions"]["dayOfWeek"] = ["MONDAY"]
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    parsed = read_tariffs(tmp_path)
    assert parsed.records == []
    assert "dayOfWeek" in parsed.skipped[0].reason


@pytest.mark.parametrize("energy_type", ["dc"])
def test_our_own_tariff_exports_for_a_charge_point(
    client: TestClient, key: str, energy_type: str
) -> None:
    tariffs = client.get("/v1/tariffs", headers={"Api-Key": key}).json()["data"]
    ionity = next(t for t in tariffs if t["attributes"]["name"] == "IONITY Direct (ad hoc)")
    url = f"/v1/tariffs/{ionity['id']}/ocpi"
    assert client.get(url, headers={"Api-Key": key}).status_code == 400  # which charge point?
    response = client.get(
        url, params={"energy_type": energy_type, "power": 350, "country": "DE"},
        headers={"Api-Key": key},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    exported = parse_tariff(response.json())  # a valid OCPI tariff
    energy = [c for e in exported.elements for c in e.price_components if c.type.value == "ENERGY"]
    # IONITY Direct in Germany: 0.69 EUR/kWh incl. 19 % VAT = 0.5798 excl. (4 decimals).
    assert (energy[0].price, energy[0].vat) == (Decimal("0.5798"), Decimal(19))
