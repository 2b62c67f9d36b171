"""`evcharge ocpi sync`: we pull a registered CPO's Sender pages, then only what changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from evcharge.codecs.ocpi_json import parse_tariff
from evcharge.core.errors import InvalidInput
from evcharge.core.ids import stable_uuid
from evcharge.db.engine import Database
from evcharge.db.models import StationRow, TariffRow
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.ocpi_locations import LocationRecord, location
from evcharge.importers.parsed import Parsed
from evcharge.services.imports.ocpi import import_ocpi_locations, import_ocpi_tariffs
from evcharge.services.ocpi.locations_out import party_of
from evcharge.services.ocpi.parties import party_named
from evcharge.services.ocpi.sync import SyncReport, sync
from evcharge.settings import Settings
from tests.api.ocpi.conftest import Pair, new_party
from tests.api.ocpi.test_receiver import LOCATION, evse, tariff

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def peer_holds(settings: Settings, count: int, name: str = "Site") -> None:
    """The peer CPO's own stations (NL*PEE), one OCPI tariff, all last changed long ago."""
    records = []
    for n in range(count):
        found = location(
            {**LOCATION, "id": f"L{n}", "name": f"{name} {n}", "evses": [evse(f"{n}")]}
        )
        assert isinstance(found, LocationRecord)
        records.append(found)
    database = Database(settings)
    with database.transaction() as session:
        import_ocpi_locations(session, Parsed(records=records))
        import_ocpi_tariffs(session, Parsed(records=[parse_tariff(tariff(0.5))]))
        session.execute(update(StationRow).values(updated_at=LONG_AGO))
        session.execute(update(TariffRow).values(updated_at=LONG_AGO))
    database.dispose()


def peer_own_others(settings: Settings) -> int:
    """Stations of operators without a CC*PTY EVSE operator id in `settings`' database."""
    database = Database(settings)
    with database.transaction() as session:
        companies = {c.id: c for c in CompanyRepository(session).all()}
        operators = session.scalars(select(StationRow.operator_id)).all()
    database.dispose()
    return sum(party_of(companies.get(o), ("--", "---")) == ("--", "---") for o in operators)


def run_sync(pair: Pair, page_size: int | None = None) -> SyncReport:
    database = Database(pair.us_settings)
    with database.transaction() as session:
        report = sync(session, party_named(session, "NL*PEE"), pair.peer, page_size=page_size)
    database.dispose()
    return report


def our_station_names(pair: Pair) -> list[str]:
    database = Database(pair.us_settings)
    with database.transaction() as session:
        names = session.scalars(
            select(StationRow.name).where(StationRow.name.like("Site%")).order_by(StationRow.name)
        ).all()
        assert session.scalar(select(func.count()).select_from(StationRow)) > len(names)
    database.dispose()
    return list(names)


def test_the_first_sync_pulls_every_page_and_later_ones_only_changes(pair: Pair) -> None:
    pair.register_peer()
    peer_holds(pair.peer_settings, 12)
    first = run_sync(pair, page_size=5)
    assert first.since is None
    # The peer's 12, and the stations of its catalogue whose operators have no OCPI party id,
    # which it publishes as its own; those of other parties (DE*ION...) are not the peer's.
    assert first.locations.stored - 12 == peer_own_others(pair.peer_settings)
    assert first.locations.skipped
    assert all("not by this party" in reason for reason in first.locations.skipped)
    assert first.tariffs.stored == 1
    assert len(our_station_names(pair)) == 12
    second = run_sync(pair, page_size=5)
    assert second.since == first.started
    assert (second.locations.stored, second.tariffs.stored) == (0, 0)
    peer_holds(pair.peer_settings, 1, name="Site renamed")  # L0 changes at the peer
    database = Database(pair.peer_settings)
    with database.transaction() as session:
        l0 = stable_uuid("ocpi-location", "NL*PEE*L0")
        session.execute(
            update(StationRow).where(StationRow.id == l0).values(updated_at=datetime.now(UTC))
        )
    database.dispose()
    third = run_sync(pair)
    assert third.locations.stored == 1
    assert "Site renamed 0" in our_station_names(pair)


def test_only_a_registered_cpo_is_synced(pair: Pair) -> None:
    new_party(pair.us_settings, "NL", "PEE", "CPO")
    with pytest.raises(InvalidInput, match="not a registered CPO"):
        run_sync(pair)
