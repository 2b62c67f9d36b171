"""POST /v1/charge_prices bodies for a station as the API lists it (a JSON:API resource): what the
page and `evcharge quote` send, for tests that compare them with the API's own answer."""

from __future__ import annotations

from typing import Any


def at_station(
    station: dict[str, Any],
    vehicle_id: str,
    *,
    currency: str,
    battery: list[int],
    plug: str = "ccs",
    power_kw: float = 350.0,
) -> dict[str, Any]:
    a = station["attributes"]
    network = station["relationships"]["operator"]["data"]["id"]
    return {"data": {"type": "charge_price_request", "attributes": {
        "station": {"longitude": a["longitude"], "latitude": a["latitude"],
                    "country": a["country"], "network": network,
                    "charge_points": [{"power": power_kw, "plug": plug}]},
        "options": {"battery_range": battery, "start_time": 720, "currency": currency,
                    "show_price_unavailable": True}},
        "relationships": {"vehicle": {"data": {"id": vehicle_id, "type": "car"}}}}}  # fmt: skip
