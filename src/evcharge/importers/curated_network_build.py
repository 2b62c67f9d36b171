"""Embedded network records -> core types, with slugs resolved to stable UUIDs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from pydantic import ValidationError

from evcharge.core.errors import InvalidInput
from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, NoPricePolicy, Station, Tariff
from evcharge.core.plugs import energy_type
from evcharge.core.tariffs import PriceComponent, Restriction, Segment, TariffCore, TariffFees
from evcharge.importers.curated_network import (
    CompaniesFile,
    CompanyRecord,
    PriceRecord,
    RestrictionRecord,
    SegmentRecord,
    StationRecord,
    StationsFile,
    TariffRecord,
    TariffsFile,
)

SOURCE = "curated"


def company_id(slug: str) -> str:
    return stable_uuid("company", slug)


def tariff_id(slug: str) -> str:
    return stable_uuid("tariff", slug)


def station_id(slug: str) -> str:
    return stable_uuid("station", slug)


def to_company(r: CompanyRecord) -> Company:
    return Company(
        id=company_id(r.slug),
        name=r.name,
        url=r.url,
        is_cpo=r.is_cpo,
        is_emp=r.is_emp,
        countries=tuple(r.countries),
        evse_operator_ids=tuple(r.evse_operator_ids),
        supported_emp_ids=frozenset(company_id(s) for s in r.supported_emps),
        sources=tuple(r.sources),
    )


def _restriction(x: RestrictionRecord) -> Restriction:
    return Restriction(
        allowance=x.allowance,
        countries=frozenset(x.countries) if x.countries is not None else None,
        cpo_ids=frozenset(map(company_id, x.cpos)) if x.cpos is not None else None,
        charge_point_powers_kw=tuple(x.charge_point_powers) if x.charge_point_powers else None,
        power_is_range=x.charge_point_power_is_range,
        energy_type=x.charge_point_energy_type,
        car_ac_phases=x.car_ac_phase,
        use_consumed_charging_power=x.use_consumed_charging_power,
    )


def to_segment(s: SegmentRecord) -> Segment:
    return Segment(
        dimension=s.dimension,
        price=s.price,
        range_gte=s.range_gte,
        range_lt=s.range_lt,
        billing_increment=s.billing_increment,
        currency=s.currency,
        time_of_day_start_min=s.time_of_day_start,
        time_of_day_end_min=s.time_of_day_end,
    )


def to_components(prices: list[PriceRecord]) -> tuple[PriceComponent, ...]:
    return tuple(
        PriceComponent(
            restrictions=tuple(map(_restriction, p.restrictions)),
            segments=tuple(map(to_segment, p.decomposition)),
        )
        for p in prices
    )


def to_tariff(r: TariffRecord) -> Tariff:
    core = TariffCore(
        id=tariff_id(r.slug),
        currency=r.currency,
        components=to_components(r.prices),
        fees=TariffFees(r.monthly_fee, r.yearly_service_fee, r.monthly_min_sales),
    )
    return Tariff(
        core=core,
        name=r.name,
        emp_id=company_id(r.emp),
        cpo_id=company_id(r.cpo) if r.cpo else None,
        url=r.url,
        is_flat_rate=r.is_flat_rate,
        is_direct_payment=r.is_direct_payment,
        is_card_payment=r.is_card_payment,
        provider_customer_only=r.provider_customer_only,
        supported_countries=tuple(r.supported_countries),
        vehicle_brands=tuple(r.vehicle_brands),
        tags=tuple(t.to_tag() for t in r.tags),
        no_price_policy=NoPricePolicy(r.no_price_policy),
        no_price_reason=r.no_price_reason,
        prices_as_of=r.prices_as_of,
        sources=tuple(r.sources),
    )


def to_station(r: StationRecord) -> Station:
    return Station(
        id=station_id(r.slug),
        name=r.name,
        address=r.address,
        latitude=r.latitude,
        longitude=r.longitude,
        country=r.country,
        operator_id=company_id(r.operator),
        charge_points=tuple(
            ChargePointGroup(
                plug=cp.plug,
                power_kw=cp.power,
                energy_type=energy_type(cp.plug),
                count=cp.count,
                evse_ids=tuple(cp.evse_ids),
            )
            for cp in r.charge_points
        ),
        is_sample=r.is_sample,
        free_parking=r.free_parking,
        free_charging=r.free_charging,
        parking_type=r.parking_type,
        facilities=tuple(r.facilities),
        source=r.source,
    )


@dataclass(frozen=True, slots=True)
class Network:
    companies: list[Company]
    tariffs: list[Tariff]
    stations: list[Station]


def _files(folder: Traversable) -> Iterator[Traversable]:
    if folder.is_dir():
        yield from sorted(
            (f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name
        )


def load_network(root: Traversable | None = None) -> Network:
    """The embedded network; a bad file or a dangling slug fails loudly, naming it."""
    root = root or resources.files("evcharge.data").joinpath("network")
    try:
        companies_file = root.joinpath("companies.json")
        companies = (
            CompaniesFile.model_validate_json(companies_file.read_text()).companies
            if companies_file.is_file()
            else []
        )
        tariffs = [
            t for f in _files(root.joinpath("tariffs"))
            for t in TariffsFile.model_validate_json(f.read_text()).tariffs
        ]  # fmt: skip
        stations = [
            s for f in _files(root.joinpath("stations"))
            for s in StationsFile.model_validate_json(f.read_text()).stations
        ]  # fmt: skip
    except ValidationError as exc:
        raise InvalidInput(f"embedded network data is invalid: {exc}") from exc
    _check_references(companies, tariffs, stations)
    return Network(
        companies=[to_company(c) for c in companies],
        tariffs=[to_tariff(t) for t in tariffs],
        stations=[to_station(s) for s in stations],
    )


def _check_references(
    companies: list[CompanyRecord], tariffs: list[TariffRecord], stations: list[StationRecord]
) -> None:
    slugs = {c.slug for c in companies}
    wanted: list[tuple[str, str]] = []
    for c in companies:
        wanted += [(f"company {c.slug} supported_emps", s) for s in c.supported_emps]
    for t in tariffs:
        wanted += [(f"tariff {t.slug} emp", t.emp)]
        wanted += [(f"tariff {t.slug} cpo", t.cpo)] if t.cpo else []
        for p in t.prices:
            for x in p.restrictions:
                wanted += [(f"tariff {t.slug} restriction cpos", s) for s in x.cpos or []]
    wanted += [(f"station {s.slug} operator", s.operator) for s in stations]
    missing = [f"{where}: {slug}" for where, slug in wanted if slug not in slugs]
    if missing:
        raise InvalidInput("unknown company slugs in the embedded data: " + "; ".join(missing[:10]))
    for kind, items in (("company", companies), ("tariff", tariffs), ("station", stations)):
        seen: set[str] = set()
        for item in items:
            if item.slug in seen:
                raise InvalidInput(f"duplicate {kind} slug {item.slug!r} in the embedded data")
            seen.add(item.slug)
