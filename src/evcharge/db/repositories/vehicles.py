"""All SQL about vehicles and brands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evcharge.core.errors import Conflict
from evcharge.core.vehicles import Brand, Vehicle
from evcharge.db.base import utcnow
from evcharge.db.models import BrandRow, VehicleRow
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.db.repositories.vehicle_mapping import columns, to_vehicle


@dataclass(frozen=True, slots=True)
class SearchEntry:
    id: str
    text: str


class VehicleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(VehicleRow)) or 0

    def by_evdb_id(self, evdb_vehicle_id: int) -> Vehicle | None:
        row = self.session.scalar(
            select(VehicleRow).where(VehicleRow.evdb_vehicle_id == evdb_vehicle_id)
        )
        return to_vehicle(row) if row else None

    def page(
        self,
        *,
        ids: Sequence[str] | None,
        brand_ids: Sequence[str] | None,
        offset: int,
        limit: int,
    ) -> tuple[list[Vehicle], int]:
        query = select(VehicleRow)
        if ids is not None:
            query = query.where(VehicleRow.id.in_(ids))
        if brand_ids is not None:
            query = query.where(VehicleRow.brand_id.in_(brand_ids))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.join(VehicleRow.brand)
            .order_by(BrandRow.name, VehicleRow.model, VehicleRow.release_year, VehicleRow.variant)
            .offset(offset)
            .limit(limit)
        )
        return [to_vehicle(r) for r in rows], total

    def by_ids_in_order(self, ids: Sequence[str]) -> list[Vehicle]:
        rows = {
            r.id: r for r in self.session.scalars(select(VehicleRow).where(VehicleRow.id.in_(ids)))
        }
        return [to_vehicle(rows[i]) for i in ids if i in rows]

    def search_entries(self) -> list[SearchEntry]:
        query = select(VehicleRow.id, BrandRow.name, VehicleRow.model, VehicleRow.variant).join(
            VehicleRow.brand
        )
        return [
            SearchEntry(id=i, text=f"{b} {m} {v}") for i, b, m, v in self.session.execute(query)
        ]

    def upsert(self, vehicle: Vehicle, *, source: str, source_key: str) -> UpsertOutcome:
        """Insert or update by (source, source_key); unchanged records are not touched.

        Raises Conflict when the vehicle's evdb id already belongs to another record, checked
        before writing so the surrounding transaction stays usable.
        """
        self._ensure_brand(vehicle.brand)
        values = columns(vehicle)
        row = self.session.scalar(
            select(VehicleRow).where(
                VehicleRow.source == source, VehicleRow.source_key == source_key
            )
        )
        clash = self.session.scalar(
            select(VehicleRow.source_key).where(
                VehicleRow.evdb_vehicle_id == vehicle.evdb_vehicle_id,
                (VehicleRow.source != source) | (VehicleRow.source_key != source_key),
            )
        )
        if clash is not None:
            raise Conflict(f"evdb_vehicle_id {vehicle.evdb_vehicle_id} already used by {clash}")
        if row is None:
            self.session.add(VehicleRow(source=source, source_key=source_key, **values))
            self.session.flush()
            return UpsertOutcome.CREATED
        if all(getattr(row, name) == value for name, value in values.items()):
            return UpsertOutcome.UNCHANGED
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        self.session.flush()
        return UpsertOutcome.UPDATED

    def _ensure_brand(self, brand: Brand) -> None:
        row = self.session.get(BrandRow, brand.id)
        if row is None:
            self.session.add(BrandRow(id=brand.id, name=brand.name))
            self.session.flush()
        elif row.name != brand.name:
            row.name = brand.name


class BrandRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def page(
        self, *, ids: Sequence[str] | None, offset: int, limit: int
    ) -> tuple[list[Brand], int]:
        query = select(BrandRow)
        if ids is not None:
            query = query.where(BrandRow.id.in_(ids))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(query.order_by(BrandRow.name).offset(offset).limit(limit))
        return [Brand(id=r.id, name=r.name) for r in rows], total
