"""The embedded curated dataset (`evcharge/data/vehicles/*.json`): parse, then build core types.

One file per brand. V2X facts are given once for every market where the car is sold, with
per-market overrides (`markets`) where the facts differ, e.g. 120 V outlets in the US.

Ids: a record's `evdb_vehicle_id` is our catalogue key (a block of 100 per brand), the key its
UUID and its seeded row derive from; it never changes. The id the API serves and looks up is
EV Database's own id where a public page shows which of its ids is that vehicle
(`ev_database_id`, with the page in `ev_database_id_source`), else `OWN_ID_OFFSET` + the key:
90000 and up, outside EV Database's ids (about 1000-3600 in 2026), so a One Auto user's real id
never finds another car of ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from evcharge.core.brands import canonical_brand
from evcharge.core.curve_fit import with_curve_provenance
from evcharge.core.curves import default_ac_table, default_curve
from evcharge.core.errors import InvalidVehicle
from evcharge.core.ids import stable_uuid
from evcharge.core.v2x import Confidence, Market, MarketV2x, SupportStatus, V2xFact, V2xMode
from evcharge.core.vehicle_rules import validate_vehicle
from evcharge.core.vehicles import (
    AcPort,
    Brand,
    CurvePoint,
    DcPort,
    DistanceUnit,
    EvType,
    RangeAdded,
    RangeBasis,
    ReferenceCharge,
    Vehicle,
    VehicleType,
    range_added_reference,
)

SOURCE = "curated"
# Public ids of vehicles without a verified EV Database id: OWN_ID_OFFSET + the catalogue key.
OWN_ID_OFFSET = 90_000
CATALOGUE_KEY_MIN, CATALOGUE_KEY_MAX = 1000, 9_999


def own_evdb_id(catalogue_key: int) -> int:
    """The public id of a vehicle with no verified EV Database id."""
    return OWN_ID_OFFSET + catalogue_key


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactOverride(_Strict):
    status: SupportStatus | None = None
    power_kw: float | None = None
    exterior_ports: str | None = None
    interior_ports: str | None = None
    source_url: str | None = None
    as_of: date | None = None
    confidence: Confidence | None = None
    reason: str | None = None


class FactRecord(_Strict):
    """One V2X mode, valid in every market of the vehicle unless `markets` overrides it."""

    status: SupportStatus
    power_kw: float | None = None
    exterior_ports: str | None = None
    interior_ports: str | None = None
    source_url: str | None = None
    as_of: date | None = None
    confidence: Confidence | None = None
    reason: str | None = None
    markets: dict[Market, FactOverride] = Field(default_factory=dict)

    def for_market(self, market: Market) -> V2xFact:
        base = self.model_dump(exclude={"markets"})
        override = self.markets.get(market)
        if override is not None:
            base.update(override.model_dump(exclude_unset=True))
        return V2xFact(**base)


class V2xRecord(_Strict):
    v2l: FactRecord | None = None
    v2h_ac: FactRecord | None = None
    v2h_dc: FactRecord | None = None
    v2g_ac: FactRecord | None = None
    v2g_dc: FactRecord | None = None

    def for_market(self, market: Market) -> MarketV2x:
        facts = {}
        for mode in V2xMode:
            record: FactRecord | None = getattr(self, mode.value)
            if record is not None:
                facts[mode.value] = record.for_market(market)
        return MarketV2x(**facts)


Point = Annotated[tuple[float, float], Field(description="[soc_pct, power_kw]")]


class _MakerFigure(_Strict):
    """What every published charge figure carries: the charger, the minutes, the source."""

    charger_power_kw: float = Field(gt=0, le=1000)
    duration_min: float = Field(gt=0, le=600)
    source_url: str = Field(min_length=8)
    as_of: date


class ReferenceChargeRecord(_MakerFigure):
    """The maker's published DC charge time over a window (see core.vehicles.ReferenceCharge)."""

    soc_from_pct: float = Field(ge=0, lt=100)
    soc_to_pct: float = Field(gt=0, le=100)

    def to_core(self) -> ReferenceCharge:
        return ReferenceCharge(**self.model_dump())


class RangeAddedRecord(_MakerFigure):
    """A maker's "up to N km (or mi) in M minutes" figure (core.vehicles.RangeAdded), with the
    rated range on the same basis (`rating_basis`) from the same or a cited page
    (`rated_range_source`). `start_soc_pct` only where the maker's fine print states it; absent,
    the window starts at the assumed core.vehicles.ASSUMED_RANGE_START_SOC_PCT and says so."""

    kind: Literal["range_added"]
    range_added: float = Field(gt=0)
    rated_range: float = Field(gt=0)
    distance_unit: DistanceUnit
    rating_basis: RangeBasis
    rated_range_source: str | None = Field(default=None, pattern=r"^https://\S+$")
    start_soc_pct: float | None = Field(default=None, ge=0, lt=100)

    def to_core(self) -> ReferenceCharge:
        figure = RangeAdded(
            added_distance=self.range_added,
            rated_distance=self.rated_range,
            distance_unit=self.distance_unit,
            basis=self.rating_basis,
            start_soc_stated=self.start_soc_pct is not None,
        )
        return range_added_reference(
            figure,
            charger_power_kw=self.charger_power_kw,
            duration_min=self.duration_min,
            source_url=self.source_url,
            as_of=self.as_of,
            start_soc_pct=self.start_soc_pct,
        )


class VehicleRecord(_Strict):
    # Our catalogue key (see the module docstring); the served id is `public_evdb_id`.
    evdb_vehicle_id: int = Field(ge=CATALOGUE_KEY_MIN, le=CATALOGUE_KEY_MAX)
    # EV Database's id of this very variant, the public page that shows it belongs to it (the
    # page's own link to ev-database.org/car/<id>/<slug>), and the date of that page.
    ev_database_id: int | None = Field(default=None, ge=1, lt=OWN_ID_OFFSET)
    ev_database_id_source: str | None = Field(default=None, pattern=r"^https://\S+$")
    ev_database_id_as_of: date | None = None
    model: str
    variant: str
    release_year: int
    type: Literal["car", "van", "motorbike"] = "car"
    ev_type: Literal["bev", "phev"] = "bev"
    markets: list[Market] = Field(min_length=1)
    usable_battery_size: float
    ac_phases: int
    ac_ports: list[AcPort]
    ac_max_power: float
    ac_power_per_charging_point: dict[float, float] | None = None
    dc_ports: list[DcPort] = Field(default_factory=list)
    dc_max_power: float | None = None
    # A measured curve, with its source. Absent: a curve fitted to `reference_charge`, or
    # failing that the default-curve rule (the vehicle says which: curve_provenance).
    dc_charging_curve: list[Point] | None = None
    curve_source: str | None = None
    # A window the maker publishes, or range added in some minutes (kind "range_added").
    reference_charge: RangeAddedRecord | ReferenceChargeRecord | None = None
    energy_consumption: float | None = None
    sources: list[str] = Field(min_length=1)
    v2x: V2xRecord = Field(default_factory=V2xRecord)

    @model_validator(mode="after")
    def _mapping_has_its_source(self) -> Self:
        mapping = (self.ev_database_id, self.ev_database_id_source, self.ev_database_id_as_of)
        if any(v is None for v in mapping) and any(v is not None for v in mapping):
            raise ValueError(
                "ev_database_id, ev_database_id_source and ev_database_id_as_of go together"
            )
        return self

    @property
    def public_evdb_id(self) -> int:
        if self.ev_database_id is not None:
            return self.ev_database_id
        return own_evdb_id(self.evdb_vehicle_id)


class BrandFile(_Strict):
    brand: str
    vehicles: list[VehicleRecord]


def to_vehicle(brand: Brand, r: VehicleRecord) -> Vehicle:
    """Build and validate one vehicle; raises InvalidVehicle naming the rule it broke."""
    curve: tuple[CurvePoint, ...] = ()
    if r.dc_max_power is not None:
        if r.dc_charging_curve:
            curve = tuple(CurvePoint(soc, kw) for soc, kw in r.dc_charging_curve)
        else:
            curve = default_curve(dc_max_power_kw=r.dc_max_power, ac_max_power_kw=r.ac_max_power)
    table = r.ac_power_per_charging_point or default_ac_table(
        phases=r.ac_phases, ac_max_power_kw=r.ac_max_power
    )
    sources = list(r.sources)
    ranged = r.reference_charge if isinstance(r.reference_charge, RangeAddedRecord) else None
    for extra in (r.curve_source, ranged.rated_range_source if ranged else None):
        if extra and extra not in sources:
            sources.append(extra)
    try:
        reference = r.reference_charge.to_core() if r.reference_charge else None
    except ValueError as exc:  # a range figure past a full battery
        raise InvalidVehicle(f"{r.model} {r.variant}", "reference_charge", str(exc)) from exc
    vehicle = Vehicle(
        id=stable_uuid("vehicle", f"{SOURCE}:{r.evdb_vehicle_id}"),
        evdb_vehicle_id=r.public_evdb_id,
        brand=brand,
        model=r.model,
        variant=r.variant,
        release_year=r.release_year,
        vehicle_type=VehicleType(r.type),
        ev_type=EvType(r.ev_type),
        usable_battery_size_kwh=r.usable_battery_size,
        ac_phases=r.ac_phases,
        ac_ports=tuple(r.ac_ports),
        ac_max_power_kw=r.ac_max_power,
        ac_power_per_charging_point_kw=dict(table),
        dc_ports=tuple(r.dc_ports),
        dc_max_power_kw=r.dc_max_power,
        dc_charging_curve=curve,
        # The default-curve rule stands in for a DC curve; a car without DC has none.
        dc_default_charging_curve=r.dc_max_power is not None and not r.dc_charging_curve,
        energy_consumption_kwh_per_100km=r.energy_consumption,
        markets=tuple(r.markets),
        bidirectional={m: r.v2x.for_market(m) for m in r.markets},
        sources=tuple(sources),
        reference_charge=reference,
    )
    return validate_vehicle(with_curve_provenance(vehicle, measured=bool(r.dc_charging_curve)))


@dataclass(frozen=True, slots=True)
class CuratedVehicle:
    """A curated vehicle with its catalogue key, the key it is seeded under."""

    key: int
    vehicle: Vehicle


def parse_brand_file(text: str, *, name: str) -> list[CuratedVehicle]:
    """Parse one brand file strictly: the embedded dataset must be entirely valid."""
    try:
        parsed = BrandFile.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidVehicle(name, "schema", str(exc)) from exc
    brand = canonical_brand(parsed.brand)  # one spelling per brand for every source
    return [
        CuratedVehicle(record.evdb_vehicle_id, to_vehicle(brand, record))
        for record in parsed.vehicles
    ]


def embedded_files() -> Iterator[tuple[str, str]]:
    folder = resources.files("evcharge.data").joinpath("vehicles")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            yield entry.name, entry.read_text(encoding="utf-8")


def load_catalogue(folder: Path | None = None) -> list[CuratedVehicle]:
    """Every curated vehicle with its key; fails loudly on the first bad record, on a catalogue
    key used twice, and on a public id claimed twice (two vehicles mapped to one real id)."""
    files = (
        ((p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json")))
        if folder is not None
        else embedded_files()
    )
    found: list[CuratedVehicle] = []
    keys: dict[int, str] = {}
    public: dict[int, str] = {}
    for name, text in files:
        for curated in parse_brand_file(text, name=name):
            vehicle = curated.vehicle
            other = keys.setdefault(curated.key, vehicle.label)
            if other != vehicle.label:
                raise InvalidVehicle(
                    vehicle.label, "evdb_id_unique", f"catalogue key {curated.key} also on {other}"
                )
            other = public.setdefault(vehicle.evdb_vehicle_id, vehicle.label)
            if other != vehicle.label:
                raise InvalidVehicle(
                    vehicle.label,
                    "ev_database_id_unique",
                    f"EV Database id {vehicle.evdb_vehicle_id} also on {other}",
                )
            found.append(curated)
    return found


def load_embedded(folder: Path | None = None) -> list[Vehicle]:
    """Every curated vehicle (see load_catalogue); `evdb_vehicle_id` is the public id."""
    return [curated.vehicle for curated in load_catalogue(folder)]
