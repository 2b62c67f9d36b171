"""A priced CDR -> a JSON:API document that explains every number.

Amounts are shown at OCPI's 4 decimals, rounded half up once, from the exact values (§3.7).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from evcharge.api import jsonapi
from evcharge.core.ocpi.pricing import Line, Money, PeriodPrice
from evcharge.services.pricing.cdr_prices import PricedCdr

FOUR = Decimal("0.0001")


def number(value: Decimal) -> float:
    return float(value.quantize(FOUR, ROUND_HALF_UP))


def money(m: Money) -> dict[str, float]:
    return {"excl_vat": number(m.excl_vat), "incl_vat": number(m.incl_vat)}


def _line(line: Line) -> jsonapi.Json:
    component = line.choice.price_component
    return {
        "type": line.dimension.value,
        "volume_of": line.volume_of.value if line.volume_of else None,
        "volume": number(line.volume),
        "step_extra": number(line.step_extra),
        "billed": number(line.quantity),
        "tariff_element": line.choice.element,
        "price_component": line.choice.component,
        "price": number(component.price),
        "vat": number(component.vat) if component.vat is not None else None,
        "step_size": component.step_size,
        "cost": money(line.cost),
    }


def _period(p: PeriodPrice) -> jsonapi.Json:
    return {
        "index": p.index,
        "start_date_time": p.start.isoformat().replace("+00:00", "Z"),
        "end_date_time": p.end.isoformat().replace("+00:00", "Z"),
        "reservation": p.reservation,
        "dimensions": [_line(x) for x in p.lines],
    }


def cdr_price_document(priced: PricedCdr) -> jsonapi.Json:
    r = priced.price
    attributes = {
        "tariff_id": r.tariff.id,
        "currency": r.tariff.currency,
        "time_zone": priced.time_zone,
        "total_cost": money(r.total_cost),
        "total_fixed_cost": money(r.total_fixed_cost),
        "total_energy_cost": money(r.total_energy_cost),
        "total_time_cost": money(r.total_time_cost),
        "total_parking_cost": money(r.total_parking_cost),
        "total_reservation_cost": money(r.total_reservation_cost),
        "total_energy": number(r.total_energy),
        "total_time": number(r.total_time),
        "total_parking_time": number(r.total_parking_time),
        "charging_periods": [_period(p) for p in r.periods],
        "step_rounding": [
            {
                "volume_of": s.volume_of.value,
                "total": number(s.total),
                "billed": number(s.billed),
                "step_size": s.step_size,
                "period": s.period,
                "not_rounded_because": s.skipped_because,
            }
            for s in r.step_roundings
        ],
        "price_limits": [
            {
                "rule": x.rule,
                "applies_to": x.applies_to,
                "before": number(x.before),
                "after": number(x.after),
            }
            for x in r.limits
        ],
        "warnings": r.warnings,
    }
    return jsonapi.document(jsonapi.resource("cdr_price", r.tariff.id, attributes))
