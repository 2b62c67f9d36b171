"""All SQL about API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.core.auth import Group
from evcharge.db.base import utcnow
from evcharge.db.models import ApiKeyRow


@dataclass(frozen=True, slots=True)
class StoredKey:
    id: int
    name: str
    lookup: str
    key_hash: str
    groups: frozenset[Group]
    sandbox: bool
    created_at: datetime
    revoked_at: datetime | None
    rate_limit_per_min: int | None = None
    quota_per_month: int | None = None


def _stored(row: ApiKeyRow) -> StoredKey:
    return StoredKey(
        id=row.id,
        name=row.name,
        lookup=row.lookup,
        key_hash=row.key_hash,
        groups=frozenset(Group(g) for g in row.groups),
        sandbox=row.sandbox,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        rate_limit_per_min=row.rate_limit_per_min,
        quota_per_month=row.quota_per_month,
    )


class ApiKeyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        name: str,
        lookup: str,
        key_hash: str,
        groups: frozenset[Group],
        sandbox: bool,
        rate_limit_per_min: int | None = None,
        quota_per_month: int | None = None,
    ) -> StoredKey:
        row = ApiKeyRow(
            name=name,
            lookup=lookup,
            key_hash=key_hash,
            groups=sorted(g.value for g in groups),
            sandbox=sandbox,
            created_at=utcnow(),
            rate_limit_per_min=rate_limit_per_min,
            quota_per_month=quota_per_month,
        )
        self.session.add(row)
        self.session.flush()
        return _stored(row)

    def by_lookup(self, lookup: str) -> StoredKey | None:
        row = self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.lookup == lookup))
        return _stored(row) if row else None

    def by_name(self, name: str) -> StoredKey | None:
        row = self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name))
        return _stored(row) if row else None

    def all(self) -> list[StoredKey]:
        return [
            _stored(r) for r in self.session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.name))
        ]

    def revoke(self, name: str) -> StoredKey | None:
        row = self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name))
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            self.session.flush()
        return _stored(row)
