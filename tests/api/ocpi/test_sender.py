"""Our stations and OCPI tariffs, pulled as an eMSP: paged by last update, single objects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from evcharge.core.ids import stable_uuid
from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.register_sources import BNETZA
from evcharge.services.imports.registers import station_id
from tests.api.ocpi.conftest import Pair, auth
from tests.api.ocpi.test_receiver import LOCATION, RECEIVER, evse, push, tariff
from tests.services.imports.test_station_merge import (
    OCM_IONITY,
    import_ocm,
    import_registers,
    ocm_station,
    register_row,
)

SENDER = "/ocpi/2.2.1/sender"


def pushed_locations(pair: Pair, token: str, count: int) -> None:
    for n in range(count):
        doc = {**LOCATION, "id": f"L{n}", "name": f"Site {n}", "evses": [evse(f"{n}")]}
        push(pair, token, "PUT", f"/locations/NL/PEE/L{n}", doc)


def pages(pair: Pair, token: str, url: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every item, following Link rel="next"; and each page's X-Total-Count."""
    items, totals = [], []
    next_url: str | None = url
    while next_url:
        answer = pair.us.get(next_url, headers=auth(token))
        assert answer.status_code == 200, answer.text
        items += answer.json()["data"]
        totals.append(answer.headers["X-Total-Count"])
        link = answer.headers.get("Link")
        next_url = link.split(">")[0].lstrip("<") if link else None
    return items, totals


def test_locations_page_by_date_from_and_follow_link(any_pair: Pair) -> None:
    pair = any_pair
    token = pair.register_peer()
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # after the seeded stations
    pushed_locations(pair, token, 5)
    first = pair.us.get(f"{SENDER}/locations", params={"date_from": since, "limit": 2},
                        headers=auth(token))  # fmt: skip
    assert (first.headers["X-Total-Count"], first.headers["X-Limit"]) == ("5", "2")
    assert 'rel="next"' in first.headers["Link"]
    items, totals = pages(pair, token, str(first.url))
    assert totals == ["5", "5", "5"]
    assert sorted(i["name"] for i in items) == [f"Site {n}" for n in range(5)]
    site = items[0]
    assert (site["country_code"], site["party_id"], site["country"]) == ("NL", "PEE", "NLD")
    assert site["coordinates"] == {"latitude": "52.089444", "longitude": "5.110278"}
    connector = site["evses"][0]["connectors"][0]
    assert (connector["standard"], connector["power_type"]) == ("IEC_62196_T2_COMBO", "DC")
    assert connector["max_electric_power"] == 150000
    later = pair.us.get(f"{SENDER}/locations", params={"date_from": "2999-01-01T00:00:00Z"},
                        headers=auth(token))  # fmt: skip
    assert later.json()["data"] == []
    assert "Link" not in later.headers


def test_limit_is_capped_and_bad_parameters_are_2001(pair: Pair) -> None:
    token = pair.register_peer()
    capped = pair.us.get(f"{SENDER}/locations/", params={"limit": 10**6}, headers=auth(token))
    assert capped.headers["X-Limit"] == "500"
    for params in (
        {"limit": 0},
        {"offset": -1},
        {"date_from": "yesterday"},
        {"date_to": "0001-01-01T00:00:00+14:00"},
        {"colour": "red"},
    ):
        bad = pair.us.get(f"{SENDER}/locations", params=params, headers=auth(token))
        assert bad.status_code == 400, params
        assert bad.json()["status_code"] == 2001


def test_single_location_evse_and_connector_and_unknown_ones(pair: Pair) -> None:
    token = pair.register_peer()
    pushed_locations(pair, token, 1)
    station = stable_uuid("ocpi-location", "NL*PEE*L0")
    one = pair.us.get(f"{SENDER}/locations/{station}", headers=auth(token)).json()["data"]
    assert one["name"] == "Site 0"
    uid = one["evses"][0]["uid"]
    connector = pair.us.get(f"{SENDER}/locations/{station}/{uid}/1", headers=auth(token))
    assert connector.json()["data"]["id"] == "1"
    unknown = pair.us.get(f"{SENDER}/locations/nowhere", headers=auth(token))
    assert (unknown.status_code, unknown.json()["status_code"]) == (404, 2003)


def test_ocpi_tariffs_are_served_with_our_id(any_pair: Pair) -> None:
    pair = any_pair
    token = pair.register_peer()
    push(pair, token, "PUT", "/tariffs/NL/PEE/T1", tariff(0.5))
    listed = pair.us.get(f"{SENDER}/tariffs", headers=auth(token))
    ours = stable_uuid("ocpi-tariff", "NL*PEE*T1")
    [found] = [t for t in listed.json()["data"] if t["id"] == ours]
    assert found["elements"] == tariff(0.5)["elements"]
    assert found["party_id"] == "PEE"
    single = pair.us.get(f"{SENDER}/tariffs/{ours}", headers=auth(token)).json()["data"]
    assert single == found
    assert pair.us.get(f"{SENDER}/tariffs/none", headers=auth(token)).status_code == 404
    assert RECEIVER  # pushed through the Receiver above


def test_a_station_merged_into_another_is_no_location_of_its_own(any_pair: Pair) -> None:
    """As in every search, a merged-away station is left out of the list (and its count); by
    id it is 2003 Unknown Location, naming the Location that holds it now."""
    pair = any_pair
    token = pair.register_peer()
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # after the seeded stations
    database = Database(pair.us_settings)
    with database.transaction() as session:
        CompanyRepository(session).upsert(OCM_IONITY, source_key=f"test:{OCM_IONITY.id}")
        import_registers(session, register_row("r1", "IONITY GmbH", 0))
        assert import_ocm(session, ocm_station("near", OCM_IONITY, 30)).startswith("merged 1,")
    database.dispose()
    register, merged = station_id(BNETZA.source, "r1"), "t-ocm-near"
    recent, totals = pages(pair, token, f"{SENDER}/locations?date_from={since}&limit=1")
    assert ([i["id"] for i in recent], totals) == ([register], ["1"])
    everything, totals = pages(pair, token, f"{SENDER}/locations?limit=500")
    ids = [i["id"] for i in everything]
    assert register in ids
    assert merged not in ids
    assert totals == [str(len(ids))]
    one = pair.us.get(f"{SENDER}/locations/{register}", headers=auth(token))
    assert one.json()["data"]["id"] == register
    for path in (merged, f"{merged}/1-1", f"{merged}/1-1/1"):
        gone = pair.us.get(f"{SENDER}/locations/{path}", headers=auth(token))
        assert (gone.status_code, gone.json()["status_code"]) == (404, 2003)
        assert register in gone.json()["status_message"]
