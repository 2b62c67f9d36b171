"""A vehicle's V2X facts with their provenance (our extension of the seed endpoint)."""

from __future__ import annotations

from evcharge.api import jsonapi
from evcharge.core.v2x import MODES, V2xFact
from evcharge.core.vehicles import Vehicle
from evcharge.services.catalogue.bidirectional import MarketFacts


def _fact_doc(fact: V2xFact) -> jsonapi.Json:
    return {
        "status": fact.status.value,
        "power_kw": fact.power_kw,
        "exterior_ports": fact.exterior_ports,
        "interior_ports": fact.interior_ports,
        "reason": fact.reason,
        "source_url": fact.source_url,
        "as_of": fact.as_of.isoformat() if fact.as_of else None,
        "confidence": fact.confidence.value if fact.confidence else None,
    }


def bidirectional_resource(vehicle: Vehicle, markets: list[MarketFacts]) -> jsonapi.Json:
    attributes = {
        "markets": {
            m.market.value: {
                "complete": not m.unknown_fields,
                "unknown_fields": m.unknown_fields,
                **{mode.value: _fact_doc(m.facts.fact(mode)) for mode in MODES},
            }
            for m in markets
        }
    }
    return jsonapi.resource("vehicle_bidirectional", vehicle.id, attributes)
