"""Bidirectional charging (V2L, V2H, V2G) facts per market, in EV Database's vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum


class Market(StrEnum):
    UK = "uk"
    EU = "eu"
    US = "us"


class SupportStatus(StrEnum):
    AVAILABLE = "Available"
    ANNOUNCED = "Announced"
    NOT_AVAILABLE = "Not Available"
    UNKNOWN = "Unknown"


class Confidence(StrEnum):
    HIGH = "high"  # the maker's page, manual or press release
    MEDIUM = "medium"  # a reputable test or report
    LOW = "low"  # anything else


class V2xMode(StrEnum):
    V2L = "v2l"
    V2H_AC = "v2h_ac"
    V2H_DC = "v2h_dc"
    V2G_AC = "v2g_ac"
    V2G_DC = "v2g_dc"


@dataclass(frozen=True, slots=True)
class V2xFact:
    """One mode in one market. Ports are only meaningful for V2L. `as_of`, `confidence` and
    `reason` (why a mode is Not Available or only Announced) are our provenance: served on
    /v2/vehicles/{id}/bidirectional, never in the seed's `result`."""

    status: SupportStatus = SupportStatus.UNKNOWN
    power_kw: float | None = None
    exterior_ports: str | None = None
    interior_ports: str | None = None
    source_url: str | None = None
    as_of: date | None = None
    confidence: Confidence | None = None
    reason: str | None = None


UNKNOWN_FACT = V2xFact()


@dataclass(frozen=True, slots=True)
class MarketV2x:
    """All five modes for one market."""

    v2l: V2xFact = UNKNOWN_FACT
    v2h_ac: V2xFact = UNKNOWN_FACT
    v2h_dc: V2xFact = UNKNOWN_FACT
    v2g_ac: V2xFact = UNKNOWN_FACT
    v2g_dc: V2xFact = UNKNOWN_FACT

    def fact(self, mode: V2xMode) -> V2xFact:
        fact: V2xFact = getattr(self, mode.value)
        return fact


MODES = tuple(V2xMode(f.name) for f in fields(MarketV2x))

# A vehicle's bidirectional block: one MarketV2x per market where the car is sold.
Bidirectional = Mapping[Market, MarketV2x]


@dataclass(frozen=True, slots=True)
class BidirectionalResult:
    """The seed endpoint's twelve fields; None is unknown or not applicable (see below)."""

    vehicle_to_load_support_status: str | None
    vehicle_to_load_power_output_kw: float | None
    vehicle_to_load_exterior_port_details: str | None
    vehicle_to_load_interior_port_details: str | None
    vehicle_to_home_ac_support_status: str | None
    vehicle_to_home_ac_power_output_kw: float | None
    vehicle_to_home_dc_support_status: str | None
    vehicle_to_home_dc_power_output_kw: float | None
    vehicle_to_grid_ac_support_status: str | None
    vehicle_to_grid_ac_power_output_kw: float | None
    vehicle_to_grid_dc_support_status: str | None
    vehicle_to_grid_dc_power_output_kw: float | None


_PREFIX = {
    V2xMode.V2L: "vehicle_to_load",
    V2xMode.V2H_AC: "vehicle_to_home_ac",
    V2xMode.V2H_DC: "vehicle_to_home_dc",
    V2xMode.V2G_AC: "vehicle_to_grid_ac",
    V2xMode.V2G_DC: "vehicle_to_grid_dc",
}
_OFFERED = (SupportStatus.AVAILABLE, SupportStatus.ANNOUNCED)


def bidirectional_result(facts: MarketV2x) -> tuple[BidirectionalResult, list[str]]:
    """Render one market's facts as the seed's fields, and list the fields that are unknown.

    A field is unknown when its status is Unknown, or when a mode is Available/Announced but its
    power (or, for V2L, a port) is not known. A power of a Not Available mode is not applicable,
    so its null is a complete answer.
    """
    values: dict[str, object] = {}
    unknown: list[str] = []
    for mode in MODES:
        fact = facts.fact(mode)
        prefix = _PREFIX[mode]
        known_status = fact.status is not SupportStatus.UNKNOWN
        values[f"{prefix}_support_status"] = fact.status.value if known_status else None
        if not known_status:
            unknown.append(f"{prefix}_support_status")
        offered = fact.status in _OFFERED
        values[f"{prefix}_power_output_kw"] = fact.power_kw
        if fact.power_kw is None and (offered or not known_status):
            unknown.append(f"{prefix}_power_output_kw")
        if mode is V2xMode.V2L:
            for side in ("exterior", "interior"):
                port = fact.exterior_ports if side == "exterior" else fact.interior_ports
                values[f"{prefix}_{side}_port_details"] = port
                if port is None and (offered or not known_status):
                    unknown.append(f"{prefix}_{side}_port_details")
    return BidirectionalResult(**values), unknown  # type: ignore[arg-type]
