"""Write documents -> core types."""

from __future__ import annotations

from evcharge.api.schemas.writes import (
    PriceIn,
    RestrictionIn,
    StationPutDocument,
    TariffPutDocument,
)
from evcharge.core.network import ChargePointGroup, Station, Tag, Tariff
from evcharge.core.plugs import EnergyType, energy_type
from evcharge.core.tariffs import (
    Allowance,
    PriceComponent,
    Restriction,
    TariffCore,
    TariffFees,
)
from evcharge.importers.curated_network_build import to_segment


def _restriction(r: RestrictionIn) -> Restriction:
    powers = r.charge_point_powers
    energy = r.charge_point_energy_type
    return Restriction(
        allowance=Allowance(r.allowance),
        countries=frozenset(r.countries) if r.countries is not None else None,
        cpo_ids=frozenset(r.cpo_ids) if r.cpo_ids is not None else None,
        charge_point_powers_kw=tuple(powers) if powers else None,
        power_is_range=r.charge_point_power_is_range,
        energy_type=EnergyType(energy) if energy else None,
        car_ac_phases=r.car_ac_phase,
        use_consumed_charging_power=r.use_consumed_charging_power,
    )


def _component(p: PriceIn) -> PriceComponent:
    return PriceComponent(
        restrictions=tuple(map(_restriction, p.restrictions)),
        segments=tuple(map(to_segment, p.decomposition)),
    )


def to_tariff(tariff_id: str, doc: TariffPutDocument) -> tuple[Tariff, int]:
    a, r = doc.data.attributes, doc.data.relationships
    core = TariffCore(
        id=tariff_id,
        currency=a.currency,
        components=tuple(_component(p) for p in a.prices),
        fees=TariffFees(a.monthly_fee, a.yearly_service_fee, a.monthly_min_sales),
    )
    tariff = Tariff(
        core=core, name=a.name, emp_id=r.emp.data.id, cpo_id=r.cpo.data.id if r.cpo else None,
        url=a.url, is_flat_rate=a.is_flat_rate, is_direct_payment=a.is_direct_payment,
        is_card_payment=a.is_card_payment, provider_customer_only=a.provider_customer_only,
        supported_countries=tuple(a.supported_countries), vehicle_brands=tuple(a.vehicle_brands),
        tags=tuple(Tag(t.kind, t.text, t.url) for t in a.tags), no_price_policy=a.no_price_policy,
        no_price_reason=a.no_price_reason, sources=("api",),
    )  # fmt: skip
    return tariff, a.version


def to_station(station_id: str, doc: StationPutDocument) -> tuple[Station, int]:
    a = doc.data.attributes
    station = Station(
        id=station_id, name=a.name, address=a.address, latitude=a.latitude,
        longitude=a.longitude, country=a.country,
        operator_id=doc.data.relationships.operator.data.id,
        charge_points=tuple(
            ChargePointGroup(cp.plug, cp.power, energy_type(cp.plug), cp.count, tuple(cp.evse_ids))
            for cp in a.charge_points
        ),
        free_parking=a.free_parking, free_charging=a.free_charging, source="manual",
    )  # fmt: skip
    return station, a.version
