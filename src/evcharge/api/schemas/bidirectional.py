"""GET /v2/vehicles/{id}/bidirectional: V2X facts with their provenance, per market."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from evcharge.api import examples


class FactOut(BaseModel):
    status: Literal["Available", "Announced", "Not Available", "Unknown"] = Field(
        description="whether the car offers the mode in this market"
    )
    power_kw: float | None = Field(description="kW; null when not offered or unknown")
    exterior_ports: str | None = Field(description='V2L only; "None" when the car has none')
    interior_ports: str | None = Field(description='V2L only; "None" when the car has none')
    reason: str | None = Field(description="why a mode is Not Available or only Announced")
    source_url: str | None = Field(description="where the fact comes from")
    as_of: date | None = Field(description="the day the fact is true as of")
    confidence: Literal["high", "medium", "low"] | None = Field(
        description="high: the maker's page, manual or release; medium: a reputable test or "
        "report; low: anything else"
    )


class MarketFactsOut(BaseModel):
    complete: bool = Field(description="the seed endpoint answers 200 (not 206) in this market")
    unknown_fields: list[str] = Field(description="the seed's fields that are unknown (null)")
    v2l: FactOut = Field(description="vehicle-to-load: appliances powered from the car")
    v2h_ac: FactOut = Field(description="vehicle-to-home over AC")
    v2h_dc: FactOut = Field(description="vehicle-to-home over DC")
    v2g_ac: FactOut = Field(description="vehicle-to-grid over AC")
    v2g_dc: FactOut = Field(description="vehicle-to-grid over DC")


class BidirectionalAttributes(BaseModel):
    markets: dict[Literal["uk", "eu", "us"], MarketFactsOut] = Field(
        description="every market the vehicle is sold in"
    )


class BidirectionalResource(BaseModel):
    id: str = Field(description="the vehicle's id")
    type: Literal["vehicle_bidirectional"] = Field(description="always vehicle_bidirectional")
    attributes: BidirectionalAttributes = Field(description="the facts, per market")


_SOURCE: dict[str, JsonValue] = {
    "source_url": "https://www.hyundai.com/",
    "as_of": "2024-03-01",
    "confidence": "high",
}
_FACT: dict[str, JsonValue] = {
    "status": "Available",
    "power_kw": 3.6,
    "exterior_ports": "1 x Type 2 (Adapter)",
    "interior_ports": "1 x UK Socket (BS1363)",
    "reason": None,
    **_SOURCE,
}
_NONE: dict[str, JsonValue] = {
    "status": "Not Available",
    "power_kw": None,
    "exterior_ports": None,
    "interior_ports": None,
    "reason": "no bidirectional charger is offered",
    **_SOURCE,
}


class BidirectionalDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"data": {
            "id": examples.VEHICLE_ID, "type": "vehicle_bidirectional",
            "attributes": {"markets": {"uk": {
                "complete": True, "unknown_fields": [], "v2l": _FACT, "v2h_ac": _NONE,
                "v2h_dc": _NONE, "v2g_ac": _NONE, "v2g_dc": _NONE}}}}}},
    )  # fmt: skip

    data: BidirectionalResource = Field(description="the vehicle's V2X facts")
