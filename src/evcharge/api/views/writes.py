"""Write documents -> core types."""

from __future__ import annotations

from evcharge.api.schemas.writes import (
    StationPutDocument,
    TariffPutDocument,
)
from evcharge.core.network import ChargePointGroup, Station, Tariff
from evcharge.core.plugs import energy_type
from evcharge.core.tariff_documents import components
from evcharge.core.tariffs import (
    TariffCore,
    TariffFees,
)


def to_tariff(tariff_id: str, doc: TariffPutDocument) -> tuple[Tariff, int]:
    a, r = doc.data.attributes, doc.data.relationships
    core = TariffCore(
        id=tariff_id,
        currency=a.currency,
        # The request's price shape is the stored one, so the stored-document reader parses it.
        components=components([p.model_dump(mode="json") for p in a.prices]),
        fees=TariffFees(a.monthly_fee, a.yearly_service_fee, a.monthly_min_sales),
    )
    tariff = Tariff(
        core=core, name=a.name, emp_id=r.emp.data.id, cpo_id=r.cpo.data.id if r.cpo else None,
        url=a.url, is_flat_rate=a.is_flat_rate, is_direct_payment=a.is_direct_payment,
        is_card_payment=a.is_card_payment, provider_customer_only=a.provider_customer_only,
        supported_countries=tuple(a.supported_countries), vehicle_brands=tuple(a.vehicle_brands),
        tags=tuple(t.to_tag() for t in a.tags), no_price_policy=a.no_price_policy,
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
