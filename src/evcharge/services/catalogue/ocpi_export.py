"""GET /v1/tariffs/{id}/ocpi: one tariff as an OCPI 2.2.1 Tariff object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from evcharge.codecs.ocpi_json import dump_tariff
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.ocpi.export import to_ocpi
from evcharge.core.plugs import EnergyType
from evcharge.core.tariffs import ChargeSituation, applicable_segments
from evcharge.core.vat import vat_pct
from evcharge.services.catalogue import Catalogue


@dataclass(frozen=True, slots=True)
class ChargePoint:
    """The connector an exported tariff is for (OCPI tariffs belong to connectors)."""

    country: str | None = None
    energy_type: EnergyType | None = None
    power_kw: float | None = None
    cpo_id: str | None = None
    car_ac_phases: int = 3


def export_tariff(
    session: Session, catalogue: Catalogue, tariff_id: str, at: ChargePoint
) -> dict[str, Any]:
    found = [t for t in catalogue.tariffs(session) if t.id == tariff_id]
    if not found:
        raise NotFound(f"tariff {tariff_id}")
    tariff = found[0]
    if tariff.ocpi is not None:
        return dump_tariff(tariff.ocpi)  # imported from OCPI: exactly what came in
    restricted = any(c.restrictions for c in tariff.core.components)
    company = catalogue.companies(session).get(tariff.cpo_id or tariff.emp_id)
    country = (
        at.country
        or (tariff.supported_countries or (company.countries if company else ()) or (None,))[0]
    )
    if country is None:
        raise InvalidInput("give country: the tariff names none", parameter="country")
    if restricted and (at.energy_type is None or at.power_kw is None):
        raise InvalidInput(
            "this tariff's prices depend on the charge point: give energy_type and power "
            "(and cpo where it names CPOs); an OCPI tariff belongs to one connector",
            parameter="energy_type",
        )
    situation = ChargeSituation(
        country=country.upper(),
        cpo_id=at.cpo_id or tariff.cpo_id,  # a CPO's own tariff is for its own stations
        station_power_kw=at.power_kw or 0.0,
        energy_type=at.energy_type or EnergyType.AC,
        car_ac_phases=at.car_ac_phases,
        consumed_power_kw=at.power_kw or 0.0,
    )
    segments = applicable_segments(tariff.core.components, situation)
    if not segments:
        raise InvalidInput(
            "the tariff has no price at this charge point (energy type, power, country, cpo)",
            parameter="energy_type",
        )
    operator = company.evse_operator_ids[0] if company and company.evse_operator_ids else ""
    party_country, _, party = operator.partition("*")
    name = company.name if company else "EVC"
    party_id = party or "".join(ch for ch in name.upper() if ch.isalnum())[:3] or "EVC"
    ocpi = to_ocpi(
        tariff,
        segments,
        vat_pct=vat_pct(country),
        country_code=party_country or country.upper(),
        party_id=party_id,
    )
    return dump_tariff(ocpi)
