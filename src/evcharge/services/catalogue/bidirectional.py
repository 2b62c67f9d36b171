"""The bidirectional-charging lookup behind the EV Database (One Auto) endpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.v2x import BidirectionalResult, Market, MarketV2x, bidirectional_result
from evcharge.core.vehicles import Vehicle, VehicleType
from evcharge.db.repositories.vehicles import VehicleRepository

VEHICLE_TYPES = {"car": VehicleType.CAR, "van": VehicleType.VAN}


@dataclass(frozen=True, slots=True)
class BidirectionalAnswer:
    result: BidirectionalResult
    unknown_fields: list[str]

    @property
    def complete(self) -> bool:
        return not self.unknown_fields


_EVDB_ID = re.compile(r"[0-9]{1,10}")
MAX_EVDB_ID = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL


def parse_request(
    market: str, vehicle_type: str, evdb_vehicle_id: str | None
) -> tuple[Market, VehicleType, int]:
    try:
        parsed_market = Market(market.lower())
    except ValueError:
        raise InvalidInput(
            f"unknown market {market!r}; use uk, eu or us", parameter="market"
        ) from None
    parsed_type = VEHICLE_TYPES.get(vehicle_type.lower())
    if parsed_type is None:
        raise InvalidInput(
            f"unknown vehicle type {vehicle_type!r}; use car or van", parameter="vehicle_type"
        )
    if evdb_vehicle_id is None or not evdb_vehicle_id.strip():
        raise InvalidInput("evdb_vehicle_id is required", parameter="evdb_vehicle_id")
    text = evdb_vehicle_id.strip()
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and fullwidth
    # digits (which int() reads), neither of which is an EV Database id.
    if _EVDB_ID.fullmatch(text) is None or int(text) > MAX_EVDB_ID:
        raise InvalidInput(
            f"evdb_vehicle_id must be a whole number, got {evdb_vehicle_id[:40]!r}",
            parameter="evdb_vehicle_id",
        )
    return parsed_market, parsed_type, int(text)


@dataclass(frozen=True, slots=True)
class MarketFacts:
    """One market's facts with their provenance, and whether the seed's answer is complete."""

    market: Market
    facts: MarketV2x
    unknown_fields: list[str]


def facts_with_provenance(session: Session, vehicle_id: str) -> tuple[Vehicle, list[MarketFacts]]:
    """Every market's V2X facts of one vehicle (by id): the extension of the seed endpoint."""
    found = VehicleRepository(session).by_ids_in_order([vehicle_id])
    if not found:
        raise NotFound(f"vehicle {vehicle_id[:60]}")
    vehicle = found[0]
    answers = []
    for market in vehicle.markets:
        facts = vehicle.bidirectional.get(market, MarketV2x())
        answers.append(MarketFacts(market, facts, bidirectional_result(facts)[1]))
    return vehicle, answers


def lookup(
    session: Session, *, market: Market, vehicle_type: VehicleType, evdb_vehicle_id: int
) -> BidirectionalAnswer | None:
    """The facts for one vehicle in one market; None when EV Database would have no content:
    an unknown id, a van asked for on the car path (or back), or a car not sold in that market."""
    vehicle = VehicleRepository(session).by_evdb_id(evdb_vehicle_id)
    if vehicle is None or vehicle.vehicle_type is not vehicle_type:
        return None
    if market not in vehicle.markets:
        return None
    facts = vehicle.bidirectional.get(market, MarketV2x())
    result, unknown = bidirectional_result(facts)
    return BidirectionalAnswer(result=result, unknown_fields=unknown)
