"""A charging session estimate: one vehicle at one charger, without a station or a price."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from evcharge.core.charging import ChargingProfile, simulate
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.plugs import Plug
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.vehicles import VehicleRepository


@dataclass(frozen=True, slots=True)
class SessionRequest:
    vehicle_id: str
    power_kw: float
    soc_start_pct: float
    soc_end_pct: float
    plug: Plug | None = None  # None: the car's first DC inlet, else Type 2


@dataclass(frozen=True, slots=True)
class SessionEstimate:
    vehicle: Vehicle
    plug: Plug
    power_kw: float
    profile: ChargingProfile


def default_plug(vehicle: Vehicle) -> Plug:
    # Every DcPort value is also a Plug value; a car without DC charges at Type 2.
    return Plug(vehicle.dc_ports[0].value) if vehicle.dc_ports else Plug.TYPE2


def estimate_session(session: Session, request: SessionRequest) -> SessionEstimate:
    """The simulator's profile for `request`; the same one the price engine bills."""
    if request.soc_end_pct <= request.soc_start_pct:
        raise InvalidInput("soc_to must be above soc_from", parameter="soc_to")
    found = VehicleRepository(session).by_ids_in_order([request.vehicle_id])
    if not found:
        raise NotFound(f"vehicle {request.vehicle_id}")
    vehicle = found[0]
    plug = request.plug or default_plug(vehicle)
    profile = simulate(
        vehicle,
        plug=plug,
        station_kw=request.power_kw,
        soc_start_pct=request.soc_start_pct,
        soc_end_pct=request.soc_end_pct,
    )
    return SessionEstimate(vehicle, plug, request.power_kw, profile)
