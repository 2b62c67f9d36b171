"""`evcharge ocpi sync PARTY`: pull a registered CPO's Sender Locations and Tariffs.

Incremental: the first sync takes everything, each later one asks for what changed since the
previous one started (`date_from`). Every page is followed through its `Link` header. Each
object is checked and stored as a push is (receiver.py), under its own savepoint: one bad
object is reported and skipped, the rest are stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput
from evcharge.db.base import utcnow
from evcharge.db.repositories.ocpi import OcpiParty, OcpiPartyRepository
from evcharge.services.ocpi import peer, receiver
from evcharge.services.ocpi.errors import OcpiError
from evcharge.services.ocpi.locations_out import ocpi_time


@dataclass
class ModuleReport:
    pages: int = 0
    stored: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class SyncReport:
    since: datetime | None
    started: datetime
    locations: ModuleReport = field(default_factory=ModuleReport)
    tariffs: ModuleReport = field(default_factory=ModuleReport)


Store = Callable[[Session, str, str, str, dict[str, Any]], None]


def _pull(
    session: Session, party: OcpiParty, http: httpx.Client, module: str, params: dict[str, str]
) -> ModuleReport:
    store: Store = receiver.store_location if module == "locations" else receiver.store_tariff
    url = peer.endpoint_url(party.peer_endpoints, module, "SENDER")
    assert party.peer_token is not None
    report = ModuleReport()
    for page in peer.pages(http, url, party.peer_token, params):
        report.pages += 1
        for doc in page:
            problem = _store_one(session, party, store, doc)
            if problem is None:
                report.stored += 1
            else:
                report.skipped.append(problem)
    return report


def _store_one(session: Session, party: OcpiParty, store: Store, doc: object) -> str | None:
    """Why `doc` was not stored, or None when it was."""
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        return "an object without an id"
    if not 1 <= len(doc["id"]) <= 36:
        return f"{doc['id'][:40]}: an OCPI id is 1 to 36 characters (CiString(36))"
    cc, pid = str(doc.get("country_code", "")).upper(), str(doc.get("party_id", "")).upper()
    if (cc, pid) != (party.country_code, party.party_id):
        return f"{doc['id'][:40]}: published under {cc[:2]}*{pid[:3]}, not by this party"
    try:
        with session.begin_nested():
            store(session, cc, pid, doc["id"].upper(), doc)  # a CiString
    except (OcpiError, InvalidInput) as exc:
        return exc.message
    return None


def sync(
    session: Session, party: OcpiParty, http: httpx.Client, *, page_size: int | None = None
) -> SyncReport:
    if party.role != "CPO" or party.status != "registered" or party.peer_token is None:
        raise InvalidInput(
            f"{party.country_code}*{party.party_id} ({party.role}, {party.status}) is not a "
            "registered CPO: only a registered CPO's Sender endpoints can be pulled"
        )
    report = SyncReport(since=party.last_sync_at, started=utcnow())
    params = {"date_from": ocpi_time(party.last_sync_at)} if party.last_sync_at else {}
    if page_size is not None:
        params["limit"] = str(page_size)
    report.locations = _pull(session, party, http, "locations", params)
    report.tariffs = _pull(session, party, http, "tariffs", params)
    OcpiPartyRepository(session).update(party.id, last_sync_at=report.started)
    return report
