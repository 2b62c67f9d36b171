"""All SQL about vehicles and brands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from evcharge.core.errors import Conflict
from evcharge.core.v2x import Market
from evcharge.core.vehicle_matching import Candidate, richness
from evcharge.core.vehicles import Brand, EvType, Vehicle, VehicleType
from evcharge.db.base import utcnow
from evcharge.db.models import BrandRow, VehicleAttachmentRow, VehicleRow
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.db.repositories.vehicle_mapping import columns, to_vehicle


@dataclass(frozen=True, slots=True)
class SearchEntry:
    id: str
    text: str
    source: str


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

    def all(self) -> list[Vehicle]:
        return [to_vehicle(r) for r in self.session.scalars(select(VehicleRow))]

    def by_ids_in_order(self, ids: Sequence[str]) -> list[Vehicle]:
        rows = {
            r.id: r for r in self.session.scalars(select(VehicleRow).where(VehicleRow.id.in_(ids)))
        }
        return [to_vehicle(rows[i]) for i in ids if i in rows]

    def search_entries(self) -> list[SearchEntry]:
        query = select(
            VehicleRow.id, BrandRow.name, VehicleRow.model, VehicleRow.variant, VehicleRow.source
        ).join(VehicleRow.brand)
        return [
            SearchEntry(id=i, text=f"{b} {m} {v}", source=s)
            for i, b, m, v, s in self.session.execute(query)
        ]

    def candidates(self, brand_id: str) -> list[Candidate]:
        """The brand's stored vehicles, for matching an imported record against them."""
        rows = self.session.scalars(select(VehicleRow).where(VehicleRow.brand_id == brand_id))
        return [_candidate(row) for row in rows]

    def delete(self, *, source: str, source_key: str) -> str | None:
        """Remove the vehicle stored for this record; its id, or None when there was none."""
        row = self.session.scalar(
            select(VehicleRow).where(
                VehicleRow.source == source, VehicleRow.source_key == source_key
            )
        )
        if row is None:
            return None
        self.session.delete(row)
        self.session.flush()
        return row.id

    def attach(
        self, *, source: str, source_key: str, vehicle_id: str, label: str, sources: list[str]
    ) -> bool:
        """Record that this imported record is stored as `vehicle_id`, and give that vehicle the
        record's URLs. False when it was attached there with these URLs already."""
        row = self.session.get(VehicleAttachmentRow, (source, source_key))
        if row is not None and (row.vehicle_id, row.sources) == (vehicle_id, sources):
            return False
        old_vehicle = row.vehicle_id if row is not None else None
        if row is None:
            row = VehicleAttachmentRow(source=source, source_key=source_key)
            self.session.add(row)
        row.vehicle_id, row.label, row.sources = vehicle_id, label, sources
        self.session.flush()
        for changed in {vehicle_id, old_vehicle} - {None}:
            self._refresh_sources(str(changed))
        return True

    def detach(self, *, source: str, source_key: str) -> None:
        """This record is a vehicle of its own again (it no longer matches where it was)."""
        row = self.session.get(VehicleAttachmentRow, (source, source_key))
        if row is not None:
            self.session.delete(row)
            self.session.flush()
            self._refresh_sources(row.vehicle_id)

    def move_attachments(self, *, from_id: str, to_id: str) -> None:
        """The records attached to a vehicle that is going away follow it to its replacement."""
        self.session.execute(
            update(VehicleAttachmentRow)
            .where(VehicleAttachmentRow.vehicle_id == from_id)
            .values(vehicle_id=to_id)
        )
        self.session.flush()
        self._refresh_sources(to_id)

    def _attached_sources(self, vehicle_id: str) -> list[str]:
        lists = self.session.scalars(
            select(VehicleAttachmentRow.sources)
            .where(VehicleAttachmentRow.vehicle_id == vehicle_id)
            .order_by(VehicleAttachmentRow.source, VehicleAttachmentRow.source_key)
        )
        return [url for urls in lists for url in urls]

    def _refresh_sources(self, vehicle_id: str) -> None:
        row = self.session.get(VehicleRow, vehicle_id)
        if row is None:
            return
        own = row.sources if row.own_sources is None else row.own_sources
        merged = _merged_sources(own, self._attached_sources(vehicle_id))
        if row.sources != merged:
            row.sources = merged
            row.updated_at = utcnow()
            self.session.flush()

    def evdb_ids(self, *, source: str) -> dict[str, int]:
        """Each stored record of `source`: its source key and its public integer id."""
        rows = self.session.execute(
            select(VehicleRow.source_key, VehicleRow.evdb_vehicle_id).where(
                VehicleRow.source == source
            )
        )
        return {row.source_key: row.evdb_vehicle_id for row in rows}

    def set_evdb_ids(self, *, source: str, ids: dict[str, int]) -> None:
        """Give records of `source` (by source key) new public integer ids, one row at a time;
        the caller orders the moves so that no id is held twice."""
        for key, evdb_id in ids.items():
            self.session.execute(
                update(VehicleRow)
                .where(VehicleRow.source == source, VehicleRow.source_key == key)
                .values(evdb_vehicle_id=evdb_id, updated_at=utcnow())
            )
        self.session.flush()

    def upsert(self, vehicle: Vehicle, *, source: str, source_key: str) -> UpsertOutcome:
        """Insert or update by (source, source_key); unchanged records are not touched.

        Raises Conflict when the vehicle's evdb id already belongs to another record, checked
        before writing so the surrounding transaction stays usable.
        """
        self._ensure_brand(vehicle.brand)
        values = columns(vehicle)
        # A re-import rewrites the record's own URLs; those of records attached to it stay.
        values["own_sources"] = values["sources"]
        values["sources"] = _merged_sources(values["sources"], self._attached_sources(vehicle.id))
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


def _merged_sources(own: list[str], attached: list[str]) -> list[str]:
    return list(dict.fromkeys([*own, *attached]))


def _candidate(row: VehicleRow) -> Candidate:
    vehicle = to_vehicle(row)
    return Candidate(
        vehicle_id=row.id,
        source=row.source,
        source_key=row.source_key,
        label=vehicle.label,
        brand_id=row.brand_id,
        model=row.model,
        variant=row.variant,
        release_year=row.release_year,
        vehicle_type=VehicleType(row.vehicle_type),
        ev_type=EvType(row.ev_type),
        usable_battery_size_kwh=row.usable_battery_size_kwh,
        markets=tuple(Market(m) for m in row.markets),
        richness=richness(vehicle),
        sources=tuple(row.sources if row.own_sources is None else row.own_sources),
    )


class BrandRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def unused(self) -> list[Brand]:
        """Brands no vehicle refers to (a brand's vehicles may have moved to its canonical one)."""
        used = select(VehicleRow.brand_id).distinct()
        rows = self.session.scalars(select(BrandRow).where(BrandRow.id.not_in(used)))
        return [Brand(id=r.id, name=r.name) for r in rows]

    def delete(self, ids: Sequence[str]) -> None:
        self.session.execute(delete(BrandRow).where(BrandRow.id.in_(ids)))
        self.session.flush()

    def page(
        self, *, ids: Sequence[str] | None, offset: int, limit: int
    ) -> tuple[list[Brand], int]:
        query = select(BrandRow)
        if ids is not None:
            query = query.where(BrandRow.id.in_(ids))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(query.order_by(BrandRow.name).offset(offset).limit(limit))
        return [Brand(id=r.id, name=r.name) for r in rows], total
