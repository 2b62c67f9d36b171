"""Compiled tariffs kept in memory per database, reloaded when any tariff is written.

Checking costs one small query (count and latest update); reloading happens only after a write.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from evcharge.core.network import Tariff
from evcharge.db.repositories.tariffs import TariffRepository

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, str | None], list[Tariff]]] = {}


def all_tariffs(session: Session) -> list[Tariff]:
    repo = TariffRepository(session)
    key = str(session.get_bind().engine.url)
    fingerprint = repo.fingerprint()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
    tariffs = repo.all()
    with _lock:
        _cache[key] = (fingerprint, tariffs)
    return tariffs
