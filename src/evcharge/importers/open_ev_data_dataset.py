"""open-ev-data-dataset (github.com/open-ev-data/open-ev-data-dataset, CDLA-Permissive-2.0): parse.

The layers are merged by `open_ev_data_dataset_merge`; this module maps each merged record to a
validated `Vehicle`, or to a `Skip` saying why not. Mapping decisions where the data is silent:

- variant: the trim, then the variant's name unless that already contains the trim ("Long Range"
  and "Long Range RWD" give "Long Range RWD", not "Long Range Long Range RWD").
- ev_type: the schema cannot say "plug-in hybrid", but some records do in their names or notes
  ("PHEV vehicle. Limited charging speed.", "Electric-only range for PHEV"); those are PHEVs.
- markets: GB → uk, EU/EEA countries → eu, US → us. A record sold in none of these is skipped
  ("not sold in UK, EU or US"): listing a China-only car as sold in the UK would be false, and
  users of a UK/EU/US catalogue do not expect cars they cannot buy.
- AC phases, when absent: 3 for a car sold in the UK or EU that charges above 7.4 kW (a single
  230 V phase carries 7.4 kW at most), else 1 (also North American AC, which is single-phase).
- Ports: a CCS2 combo inlet implies a Type 2 AC inlet and CCS1 a Type 1. `tesla_type2` is the
  older Model S/X inlet, Type 2 for AC and Tesla-only Superchargers for DC (Chargeprice's
  `tesla_suc`, not `tesla_ccs`, which needs a CCS inlet). GB/T has no port of ours: a car whose
  only DC inlet is GB/T is imported without DC (logged).
- A record with the same brand, model, variant and year as an earlier one is skipped: the data
  has variant files that only repeat their year file (BMW `i4/2023/i4_edrive40.json`).
- No record has a DC curve, so DC vehicles get the default curve, flagged as such.
- V2X: one set of facts for every market where the car is sold. V2L outlets are sockets on the
  car, so they are interior ports. V2H/V2G have no AC/DC split: a connector or protocol that
  only works one way decides, anything else leaves both modes Unknown.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pydantic import ValidationError

from evcharge.core.brands import canonical_brand
from evcharge.core.consumption import kwh_per_100km_from_wh_per_km
from evcharge.core.curves import default_ac_table, default_curve
from evcharge.core.errors import InvalidInput
from evcharge.core.ids import imported_evdb_id, stable_uuid
from evcharge.core.v2x import UNKNOWN_FACT, Market, MarketV2x, SupportStatus, V2xFact
from evcharge.core.vehicle_rules import validate_vehicle
from evcharge.core.vehicles import (
    AcPort,
    CurvePoint,
    CurveProvenance,
    DcPort,
    EvType,
    Vehicle,
    VehicleType,
)
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.open_ev_data_dataset_merge import (
    Ac,
    ChargePort,
    Layers,
    Record,
    V2hg,
    V2l,
    V2x,
    source_root,
)
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress

SOURCE = "open-ev-data-dataset"
_log = logging.getLogger(__name__)

# EU member states plus the EEA's Iceland, Liechtenstein and Norway (EU type approval applies).
# fmt: off
EU_EEA = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
})
# fmt: on
SINGLE_PHASE_MAX_KW = 7.4
_VEHICLE_TYPES = {
    "van": VehicleType.VAN,
    "commercial": VehicleType.VAN,
    "motorcycle": VehicleType.MOTORBIKE,
    "scooter": VehicleType.MOTORBIKE,
}
_PHEV = re.compile(r"\bphev\d*\b|\bplug-in hybrid\b|\berev\b", re.IGNORECASE)
# What each inlet offers for AC (when it is not dc_only) and DC (when it is not ac_only).
_AC_PORT: dict[str, AcPort] = {
    "type1": AcPort.TYPE1,
    "ccs1": AcPort.TYPE1,
    "type2": AcPort.TYPE2,
    "ccs2": AcPort.TYPE2,
    "tesla_type2": AcPort.TYPE2,
    "nacs": AcPort.NACS,
}
_DC_PORT: dict[str, DcPort] = {
    "ccs2": DcPort.CCS,
    "ccs1": DcPort.CCS1,
    "chademo": DcPort.CHADEMO,
    "nacs": DcPort.NACS,
    "tesla_type2": DcPort.TESLA_SUC,
}
_OUTLET_NAMES = {
    "ac_outlet": "AC outlet",
    "socket_type_b": "US Socket (NEMA 5-15)",
    "socket_type_f": "Schuko (CEE 7/3)",
    "socket_type_g": "UK Socket (BS1363)",
}
# V2H/V2G is AC or DC only when the connector or protocol cannot carry the other.
_AC_ONLY_CONNECTORS = frozenset({"type1", "type2", "gb_t_ac"})
_DC_ONLY_CONNECTORS = frozenset({"chademo", "gb_t_dc"})
_DC_ONLY_PROTOCOLS = frozenset({"chademo", "din_70121"})
NO_NET_BATTERY = "no net battery capacity"
NOT_SOLD = "not sold in UK, EU or US"
DUPLICATE = "same brand, model, variant and year as"


def parse_dataset(folder: Path, *, progress: Progress = no_progress) -> Parsed[Vehicle]:
    """Every vehicle file under `folder` (a checkout, or its `src/`), each imported or skipped.

    Only an unusable folder raises (InvalidInput): one with no vehicle file, or none that is
    readable. A bad record becomes a Skip naming its file.
    """
    src = source_root(folder)
    layers = Layers(src)
    files = layers.vehicle_files()
    _check_readable(folder, layers, files)
    parsed: Parsed[Vehicle] = Parsed()
    first_file: dict[str, str] = {}
    for done, path in enumerate(files, start=1):
        name = path.relative_to(src).as_posix()
        result = _parse_one(layers, path, name)
        if isinstance(result, Vehicle) and (other := _first_file(result, name, first_file)):
            result = Skip(record=name, reason=f"{DUPLICATE} {other}")
        if isinstance(result, Skip):
            parsed.skipped.append(result)
        else:
            parsed.records.append(result)
        progress(done, len(files))
    return parsed


def _check_readable(folder: Path, layers: Layers, files: list[Path]) -> None:
    """An import that could read no vehicle file fails; it must not look like a success."""
    shown = excerpt(folder.name or str(folder))
    if not files:
        raise InvalidInput(
            f"{shown} has no vehicle files (src/<make>/<model>/<year>/*.json)", parameter="path"
        )
    if all(layers.problem(path) is not None for path in files):
        raise InvalidInput(
            f"no vehicle file in {shown} is readable; {layers.problem(files[0])}",
            parameter="path",
        )


def _first_file(vehicle: Vehicle, name: str, first_file: dict[str, str]) -> str | None:
    """The file that already gave this vehicle: the same id, or the same label (EVMap#268)."""
    for key in (vehicle.id, vehicle.label):
        other = first_file.setdefault(key, name)
        if other != name:
            return other
    return None


def _parse_one(layers: Layers, path: Path, name: str) -> Vehicle | Skip:
    try:
        record = layers.merged(path)
        if (problem := unstorable_text(record)) is not None:
            return Skip(record=name, reason=problem)
        return to_vehicle(Record.model_validate(record))
    except ValidationError as exc:
        return Skip(record=name, reason=_schema_reason(exc))
    except InvalidInput as exc:
        return Skip(record=name, reason=exc.message)


def _schema_reason(exc: ValidationError) -> str:
    errors = exc.errors()
    # Excerpts: a location may hold keys of the input, which can be of any length.
    shown = "; ".join(
        f"{excerpt('.'.join(str(part) for part in e['loc']) or 'record', 120)}: {excerpt(e['msg'])}"
        for e in errors[:3]
    )
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return f"does not match the schema: {shown}{more}"


def to_vehicle(r: Record) -> Vehicle:
    """Map and validate one merged record; raises InvalidInput saying why it cannot be imported."""
    markets = _markets(r.markets)
    if r.battery.pack_capacity_kwh_net is None:
        raise InvalidInput(NO_NET_BATTERY)  # the gross capacity is no basis for a guess
    if r.charging.ac is None:
        raise InvalidInput("no AC charging data")
    ac = r.charging.ac
    phases = _ac_phases(ac, markets)
    dc_ports, dc_max_kw, curve = _dc(r, ac_max_kw=ac.max_power_kw)
    key = f"{SOURCE}:{r.oed_id}"
    urls = tuple(dict.fromkeys(source.url for source in r.sources))
    wh_per_km = r.efficiency.energy_consumption_wh_per_km
    vehicle = Vehicle(
        id=stable_uuid("vehicle", key),
        evdb_vehicle_id=imported_evdb_id(key),
        brand=canonical_brand(r.make.name),
        model=r.model.name,
        variant=_variant_name(r),
        release_year=r.year,
        vehicle_type=_VEHICLE_TYPES.get(r.vehicle_type, VehicleType.CAR),
        ev_type=EvType.PHEV if _is_phev(r) else EvType.BEV,
        usable_battery_size_kwh=r.battery.pack_capacity_kwh_net,
        ac_phases=phases,
        ac_ports=_ac_ports(r.charge_ports),
        ac_max_power_kw=ac.max_power_kw,
        ac_power_per_charging_point_kw=default_ac_table(
            phases=phases, ac_max_power_kw=ac.max_power_kw
        ),
        dc_ports=dc_ports,
        dc_max_power_kw=dc_max_kw,
        dc_charging_curve=curve,
        dc_default_charging_curve=bool(curve),
        # This dataset has no curves: always the rule, for a car that charges on DC at all.
        curve_provenance=CurveProvenance.DEFAULT if curve else CurveProvenance.NONE,
        energy_consumption_kwh_per_100km=(
            None if wh_per_km is None else kwh_per_100km_from_wh_per_km(wh_per_km)
        ),
        markets=markets,
        bidirectional=_bidirectional(r.v2x, markets, source_url=urls[0]),
        sources=urls,
    )
    return validate_vehicle(vehicle)


def _markets(countries: list[str] | None) -> tuple[Market, ...]:
    if countries is None:
        raise InvalidInput(f"{NOT_SOLD}: the record lists no markets")
    codes = set(countries)
    sold = {Market.UK: bool(codes & {"GB", "UK"}), Market.EU: bool(codes & EU_EEA)}
    sold[Market.US] = "US" in codes
    markets = tuple(market for market, is_sold in sold.items() if is_sold)
    if not markets:
        raise InvalidInput(NOT_SOLD)
    return markets


def _ac_phases(ac: Ac, markets: tuple[Market, ...]) -> int:
    if ac.phases is not None:
        return ac.phases
    european = Market.UK in markets or Market.EU in markets
    return 3 if european and ac.max_power_kw > SINGLE_PHASE_MAX_KW else 1


def _ac_ports(ports: list[ChargePort]) -> tuple[AcPort, ...]:
    found = (_AC_PORT.get(p.connector) for p in ports if p.kind != "dc_only")
    return tuple(dict.fromkeys(port for port in found if port is not None))


def _dc(
    r: Record, *, ac_max_kw: float
) -> tuple[tuple[DcPort, ...], float | None, tuple[CurvePoint, ...]]:
    """DC inlets, power and (default) curve, or none of them when the car has no usable DC."""
    inlets = [p.connector for p in r.charge_ports if p.kind != "ac_only"]
    ports = tuple(dict.fromkeys(_DC_PORT[c] for c in inlets if c in _DC_PORT))
    if r.charging.dc is None:
        return (), None, ()
    if not ports:
        _log.info("%s: DC only through %s, which has no port of ours: no DC", r.oed_id, inlets)
        return (), None, ()
    dc_max_kw = r.charging.dc.max_power_kw
    return ports, dc_max_kw, default_curve(dc_max_power_kw=dc_max_kw, ac_max_power_kw=ac_max_kw)


def _variant_name(r: Record) -> str:
    """The trim, then the variant's name unless it repeats the trim ("Long Range" + "… RWD")."""
    trim = r.trim.name
    if r.variant is None:
        return trim
    name = r.variant.name
    if re.search(rf"(?<!\w){re.escape(trim)}(?!\w)", name, re.IGNORECASE):
        return name
    return f"{trim} {name}"


def _is_phev(r: Record) -> bool:
    texts = [r.model.name, r.trim.name, *(rated.notes for rated in r.range.rated)]
    if r.variant is not None:
        texts += [r.variant.name, r.variant.notes]
    if r.charging.ac is not None:
        texts.append(r.charging.ac.notes)
    if r.charging.dc is not None:
        texts.append(r.charging.dc.notes)
    return any(_PHEV.search(text) for text in texts if text)


def _bidirectional(
    v2x: V2x, markets: tuple[Market, ...], *, source_url: str
) -> dict[Market, MarketV2x]:
    v2h_ac, v2h_dc = _ac_dc(v2x.v2h, source_url)
    v2g_ac, v2g_dc = _ac_dc(v2x.v2g, source_url)
    facts = MarketV2x(
        v2l=_v2l(v2x.v2l, source_url),
        v2h_ac=v2h_ac,
        v2h_dc=v2h_dc,
        v2g_ac=v2g_ac,
        v2g_dc=v2g_dc,
    )
    return dict.fromkeys(markets, facts)


def _v2l(v2l: V2l | None, source_url: str) -> V2xFact:
    if v2l is None:
        return UNKNOWN_FACT
    if not v2l.supported:
        return V2xFact(SupportStatus.NOT_AVAILABLE, source_url=source_url)
    outlets = ", ".join(f"{o.count} x {_OUTLET_NAMES.get(o.kind, o.kind)}" for o in v2l.outlets)
    return V2xFact(
        SupportStatus.AVAILABLE,
        power_kw=v2l.max_power_kw,
        interior_ports=outlets or None,
        source_url=source_url,
    )


def _ac_dc(fact: V2hg | None, source_url: str) -> tuple[V2xFact, V2xFact]:
    """V2H or V2G as its (AC, DC) facts."""
    if fact is None:
        return UNKNOWN_FACT, UNKNOWN_FACT
    if not fact.supported:
        absent = V2xFact(SupportStatus.NOT_AVAILABLE, source_url=source_url)
        return absent, absent
    present = V2xFact(SupportStatus.AVAILABLE, power_kw=fact.max_power_kw, source_url=source_url)
    ac_only = fact.connector in _AC_ONLY_CONNECTORS
    dc_only = fact.connector in _DC_ONLY_CONNECTORS or bool(
        _DC_ONLY_PROTOCOLS.intersection(fact.protocols)
    )
    if ac_only == dc_only:  # neither, or contradictory: which current it uses is not clear
        return UNKNOWN_FACT, UNKNOWN_FACT
    return (present, UNKNOWN_FACT) if ac_only else (UNKNOWN_FACT, present)
