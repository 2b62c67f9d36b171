from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base
from evcharge.db.types import JsonType


class VehicleAttachmentRow(Base):
    """An imported record that is the same variant as a stored vehicle, so it was not stored as
    one: its source URLs are on that vehicle. Kept so that a re-import, a re-seed (which rewrites
    the vehicle's own sources) or a richer record arriving later can keep those URLs right."""

    __tablename__ = "vehicle_attachments"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # No foreign key: the vehicle a record is attached to may be replaced by a richer one, and
    # the attachment then moves with it (services.vehicle_merge).
    vehicle_id: Mapped[str] = mapped_column(String(36), index=True)
    label: Mapped[str] = mapped_column(String(500))
    sources: Mapped[list[str]] = mapped_column(JsonType)
