"""Our stations and OCPI tariffs, pulled as an eMSP: paged by last update, single objects."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from evcharge.core.ids import stable_uuid
from tests.api.ocpi.conftest import Pair, auth
from tests.api.ocpi.test_receiver import LOCATION, RECEIVER, evse, push, tariff

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
