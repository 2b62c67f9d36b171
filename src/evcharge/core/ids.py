"""Deterministic public ids, so the same fact gets the same id on every machine."""

from __future__ import annotations

import hashlib
import uuid

_NAMESPACE = uuid.UUID("6c0f1f8e-2b4a-5d7e-9a51-3e1d2c4b5a69")
# Imported vehicles get an integer id in this range; the curated dataset uses 1000..99999.
_IMPORTED_ID_MIN = 1_000_000
_IMPORTED_ID_SPAN = 2_000_000_000


def stable_uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def brand_id(name: str) -> str:
    return stable_uuid("brand", name.strip().lower())


def imported_evdb_id(source_key: str) -> int:
    """A stable integer for a vehicle that came without one; collisions are caught on upsert."""
    digest = int.from_bytes(hashlib.sha256(source_key.encode()).digest()[:8], "big")
    return _IMPORTED_ID_MIN + digest % _IMPORTED_ID_SPAN
