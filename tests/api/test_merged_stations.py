"""A station merged from two sources over HTTP: searches show it once, a lookup of the merged-away
id or of its EVSE id answers the canonical station, and the resource lists both sources with the
register's publisher and licence (as the licences ask)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.register_sources import BNETZA, OCM
from evcharge.services.imports.registers import station_id
from evcharge.settings import Settings
from tests.services.imports.test_station_merge import (
    LAT,
    LNG,
    OCM_IONITY,
    import_ocm,
    import_registers,
    ocm_station,
    register_row,
)


def get(client: TestClient, key: str, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params, headers={"Api-Key": key})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_merged_station_is_one_station_that_lists_both_sources(
    settings: Settings, client: TestClient, key: str
) -> None:
    database = Database(settings)
    with database.transaction() as session:
        CompanyRepository(session).upsert(OCM_IONITY, source_key="test:ocm-ionity")
        import_registers(session, register_row("api1", "IONITY GmbH", 0, ("DE*T39*EAPI1",)))
        import_ocm(session, ocm_station("api", OCM_IONITY, 25))
    database.dispose()
    register = station_id(BNETZA.source, "api1")

    box = {
        "filter[latitude.gte]": LAT - 0.01,
        "filter[latitude.lte]": LAT + 0.01,
        "filter[longitude.gte]": LNG - 0.01,
        "filter[longitude.lte]": LNG + 0.01,
    }
    listed = get(client, key, "/v1/charging_stations", **box)["data"]
    assert [s["id"] for s in listed] == [register]
    circle = {"filter[latitude]": LAT, "filter[longitude]": LNG, "filter[radius]": 1000}
    assert [s["id"] for s in get(client, key, "/v1/charging_stations", **circle)["data"]] == [
        register
    ]
    for asked in ("t-ocm-api", register, "DE*T39*EAPI1"):
        found = get(client, key, f"/v1/charging_stations/{asked}")["data"]
        assert found["id"] == register
    attributes = listed[0]["attributes"]
    assert attributes["data_source"]["publisher"] == BNETZA.publisher  # kept as it was
    assert attributes["data_sources"] == [
        {
            "source": "bnetza",
            "station_id": register,
            "publisher": BNETZA.publisher,
            "licence": BNETZA.licence,
            "licence_url": BNETZA.licence_url,
            "attribution": BNETZA.attribution,
        },
        {
            "source": "ocm",
            "station_id": "t-ocm-api",
            "publisher": OCM.publisher,
            "licence": OCM.licence,
            "licence_url": OCM.licence_url,
            "attribution": OCM.attribution,
        },
    ]
