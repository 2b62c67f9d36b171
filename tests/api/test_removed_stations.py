"""GET /v1/removed_charging_stations over HTTP, on SQLite and PostgreSQL: the README's sync (an
export and the removed list from one time) sees a merge as the canonical station in the export
and the merged-away one in the list, naming it; an unmerge takes it back; a station taken out of
service is `removed`; pages follow links.next; bad input is the station list's 400."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from evcharge.api.app import create_app
from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.register_sources import BNETZA
from evcharge.services.imports.registers import station_id
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.pg_scratch import own_seeded_database
from tests.services.imports.test_station_merge import (
    OCM_IONITY,
    import_ocm,
    import_registers,
    ocm_station,
    register_row,
)

README = Path(__file__).resolve().parents[2] / "README.md"
REMOVED = "/v1/removed_charging_stations"


@dataclass
class Backend:
    database: Database
    client: TestClient
    key: str

    def get(self, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
        # No params at all for a link: an empty dict would replace the link's own query.
        response = self.client.get(path, params=params or None, headers={"Api-Key": self.key})
        return response.status_code, response.json()

    def ok(self, path: str, **params: Any) -> dict[str, Any]:
        status, doc = self.get(path, **params)
        assert status == 200, doc
        return doc


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Backend]:
    """A seeded database of the test's own (these merges stay out of other tests), its app and
    a key."""
    with ExitStack() as stack:
        database = stack.enter_context(own_seeded_database(request, settings, "removed"))
        settings = database.settings
        with database.transaction() as session:
            CompanyRepository(session).upsert(OCM_IONITY, source_key="test:t-ocm-ionity")
        client = stack.enter_context(TestClient(create_app(settings)))
        yield Backend(database, client, key_maker(settings)("all"))


def readme_sync() -> list[str]:
    """The paths and queries of the README's sync example, its $SINCE left to fill in."""
    text = README.read_text(encoding="utf-8")
    start = text.index("```sh", text.index("#### Syncing: stations that left the lists"))
    block = text[start : text.index("```", start + 5)]
    return re.findall(r'"http://127\.0\.0\.1:8000(/[^"]+)"', block)


def sync(backend: Backend, since: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The README's export and removed list, as its curl lines ask them (`-g`: no globbing)."""
    export, removed = readme_sync()
    answers = []
    for url in (export, removed):
        parts = urlsplit(url.replace("$SINCE", since))
        answers.append(backend.ok(parts.path, **dict(parse_qsl(parts.query))))
    return answers[0], answers[1]


def test_the_readme_sync_sees_a_merge_and_an_unmerge(backend: Backend) -> None:
    register = station_id(BNETZA.source, "sync1")
    with backend.database.transaction() as session:
        import_registers(session, register_row("sync1", "IONITY GmbH", 0))
        import_ocm(session, ocm_station("sync", OCM_IONITY, 500))
    since = utcnow().strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # as the README writes it
    exported, removed = sync(backend, since)
    assert (exported["data"], removed["data"]) == ([], [])
    with backend.database.transaction() as session:  # the POI moves next to the register's
        import_ocm(session, ocm_station("sync", OCM_IONITY, 20))
    exported, removed = sync(backend, since)
    # The canonical station gained a source: written, so in the export, naming the POI.
    assert [s["id"] for s in exported["data"]] == [register]
    sources = exported["data"][0]["attributes"]["data_sources"]
    assert [s["station_id"] for s in sources] == [register, "t-ocm-sync"]
    (gone,) = removed["data"]
    assert gone["id"] == "t-ocm-sync"
    assert gone["type"] == "removed_charging_station"
    assert gone["attributes"]["reason"] == "merged"
    assert datetime.fromisoformat(gone["attributes"]["updated_at"]) >= datetime.fromisoformat(since)
    assert gone["relationships"]["merged_into"]["data"] == {
        "id": register,
        "type": "charging_station",
    }
    assert removed["meta"] == {"more_available": False}
    assert removed["links"] == {"next": None}
    # The export points at the other half of the sync.
    assert exported["links"]["removed"] == f"{REMOVED}?" + urlencode(
        {"filter[updated_since]": since}
    )
    assert backend.ok(exported["links"]["removed"])["data"] == removed["data"]
    with backend.database.transaction() as session:  # and away again: listed again
        import_ocm(session, ocm_station("sync", OCM_IONITY, 500))
    exported, removed = sync(backend, since)
    assert sorted(s["id"] for s in exported["data"]) == sorted([register, "t-ocm-sync"])
    assert removed["data"] == []


def test_stations_taken_out_of_service_page_by_cursor(backend: Backend) -> None:
    since = utcnow()
    with backend.database.transaction() as session:
        ids = list(session.scalars(select(StationRow.id).order_by(StationRow.id).limit(5)))
        session.execute(
            update(StationRow)
            .where(StationRow.id.in_(ids))
            .values(status="closed", updated_at=utcnow(), version=StationRow.version + 1)
        )
    params = {"filter[updated_since]": since.isoformat(), "page[size]": "2"}
    doc = backend.ok(REMOVED, **params)
    pages = [doc]
    while doc["links"]["next"] is not None:
        assert doc["meta"]["more_available"] is True
        assert "page%5Bafter%5D=" in doc["links"]["next"]
        doc = backend.ok(doc["links"]["next"])
        pages.append(doc)
    assert [len(p["data"]) for p in pages] == [2, 2, 1]
    found = [r for p in pages for r in p["data"]]
    assert [r["id"] for r in found] == ids  # one time: in id order
    assert {r["attributes"]["reason"] for r in found} == {"removed"}
    assert {str(r["relationships"]["merged_into"]["data"]) for r in found} == {"None"}


@pytest.fixture(params=["sqlite", "postgresql"])
def reader(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The seeded database of each backend, read only."""
    name = "settings" if request.param == "sqlite" else "pg_settings"
    settings: Settings = request.getfixturevalue(name)
    database = Database(settings)
    with TestClient(create_app(settings)) as client:
        yield Backend(database, client, key_maker(settings)("all"))
    database.dispose()


@pytest.mark.parametrize(
    "since", ["last week", "0001-01-01T00:00:00+14:00", "2026-13-01T00:00:00Z", ""]
)
def test_a_bad_updated_since_is_the_station_lists_400(reader: Backend, since: str) -> None:
    export = reader.get("/v1/charging_stations", export="true", **{"filter[updated_since]": since})
    removed = reader.get(REMOVED, **{"filter[updated_since]": since})
    assert export[0] == removed[0] == 400, (export, removed)
    assert export[1] == removed[1]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page[after]": "x"}, "page[after]"),
        ({"page[after]": "2026-01-01T00:00:00Z"}, "page[after]"),  # a time, no id
        ({"page[number]": "2"}, "page[number]"),
        ({"page[size]": "1001"}, "page[size]"),
        ({"filter[country]": "DE"}, "filter[country]"),  # not a filter of this list
        ({"export": "true"}, "export"),
    ],
)
def test_bad_input_is_400(reader: Backend, params: dict[str, str], parameter: str) -> None:
    status, doc = reader.get(REMOVED, **params)
    assert status == 400, doc
    assert doc["errors"][0]["code"] == "BAD_REQUEST"
    assert doc["errors"][0]["source"] == {"parameter": parameter}


def test_it_needs_a_key_that_reads_stations(reader: Backend) -> None:
    assert reader.client.get(REMOVED).status_code == 403
    status, doc = reader.get(REMOVED, **{"filter[updated_since]": "2999-01-01"})
    assert (status, doc["data"]) == (200, [])
