"""NOBIL, the Nordic charging-station database (API v3 JSON, search or datadump) -> stations.

A response is `{"Provider", "Rights", "apiver", "chargerstations": [{"csmd": {...}, "attr":
{"st": {...}, "conn": {"1": {...}, ...}}}]}`: `csmd` holds the station, `attr.conn` one entry per
charge point, each a map of attribute type -> {attrvalid (a code), trans (its English label)}.
Attribute type 4 is the connector, 5 the charging capacity, 26 the energy carrier, 28 an EVSE
id; station attribute 2 is availability.

The codes are NOBIL's own (nobil.no/admin/attributes.php, which needs a login). The tables below
come from two public copies, checked against the labels (`trans`) in the staged 2019 response:
EVMap's NOBIL client (github.com/ev-map/EVMap, app/src/main/java/net/vonforst/evmap/api/nobil/
NobilModel.kt, "createChargepointFromNobilConnection") and the NOBIL API v3.0 client guide
(Skåland Webservice, 2014). A capacity code not listed is read from its label ("50 kW - 500VDC
max 100A"), so a new code still maps.

- Each `conn` entry is one charge point (NOBIL's Number_charging_points counts them); a
  combined connector code (41 "Combo + CHAdeMO") counts the point under each plug, as an
  OCPI EVSE with two connectors counts in both groups.
- Code 40 "Tesla Connector Model" at a DC capacity is a Supercharger (our tesla_suc); at an AC
  capacity it is a Tesla destination charger, which has a Type 2 plug in Europe.
- Codes 16-18 ("230V 3-phase max 16/32/63A") are Norway's IT grid, 230 V between phases:
  P = sqrt(3) x 230 V x I.
- Stations only for employees or residents are skipped, as OCM's private ones are.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.json_stream import json_object_stream
from evcharge.importers.parsed import Skip
from evcharge.importers.register_fields import Area, clean, coordinates, day_or_note
from evcharge.importers.register_sources import NOBIL
from evcharge.importers.registers import RegisterStation

SOURCE_INFO = NOBIL  # who publishes it, on what terms (importers/register_sources.py)
WHAT = 'a NOBIL API response or datadump (JSON with "chargerstations")'
_RIGHTS = "Creative Commons Attribution 4.0 International License"

# NOBIL's Land_code (three letters; Denmark is "DAN") -> ISO 3166-1 alpha-2, with each
# country's extent (Svalbard included for Norway) for the coordinates check.
_COUNTRIES: dict[str, tuple[str, Area]] = {
    "NOR": ("NO", Area("Norway", ((57.5, 81.0, 4.0, 31.5),))),
    "SWE": ("SE", Area("Sweden", ((55.0, 69.2, 10.5, 24.5),))),
    "FIN": ("FI", Area("Finland", ((59.4, 70.2, 19.0, 31.7),))),
    "DAN": ("DK", Area("Denmark", ((54.4, 58.0, 7.9, 15.3),))),
    "DNK": ("DK", Area("Denmark", ((54.4, 58.0, 7.9, 15.3),))),
    "ISL": ("IS", Area("Iceland", ((63.0, 67.0, -25.0, -13.0),))),
}
# Connector codes (attribute 4) -> the plugs of one charge point. 40 is decided by its power.
_CONNECTORS: dict[str, tuple[Plug, ...]] = {
    "14": (Plug.SCHUKO,),  # Schuko
    "30": (Plug.CHADEMO,),  # CHAdeMO
    "31": (Plug.TYPE1,),  # Type 1
    "32": (Plug.TYPE2,),  # Type 2
    "39": (Plug.CCS,),  # CCS/Combo (CCS2 in Europe)
    "41": (Plug.CCS, Plug.CHADEMO),  # Combo + CHAdeMO
    "42": (Plug.CHADEMO, Plug.TYPE2),  # CHAdeMO + Type 2
    "43": (Plug.CHADEMO, Plug.CCS, Plug.TYPE2),  # CHAdeMO + Combo + AC-Type2
    "50": (Plug.TYPE2, Plug.SCHUKO),  # Type 2 + Schuko
    "60": (Plug.TYPE1, Plug.TYPE2),  # Type1/Type2
}
_TESLA = "40"  # Tesla Connector Model
_DC_PLUGS = frozenset({Plug.CHADEMO, Plug.CCS, Plug.TESLA_SUC})
_SCHUKO_MAX_KW = 3.6  # a Schuko socket: 230 V x 16 A, whatever the point's other plug gives
_PHASE_230 = math.sqrt(3) * 230 / 1000  # kW per ampere, three-phase at 230 V between phases
# Capacity codes (attribute 5) -> (kW, AC/DC).
_AC, _DC = EnergyType.AC, EnergyType.DC
_CAPACITIES: dict[str, tuple[float, EnergyType]] = {
    "7": (3.6, _AC),  # 3,6 kW - 230V 1-phase max 16A
    "8": (7.4, _AC),  # 7,4 kW - 230V 1-phase max 32A
    "10": (11.0, _AC),  # 11 kW - 400V 3-phase max 16A
    "11": (22.0, _AC),  # 22 kW - 400V 3-phase max 32A
    "12": (43.0, _AC),  # 43 kW - 400V 3-phase max 63A
    "16": (round(_PHASE_230 * 16, 1), _AC),  # 230V 3-phase max 16A
    "17": (round(_PHASE_230 * 32, 1), _AC),  # 230V 3-phase max 32A
    "18": (round(_PHASE_230 * 63, 1), _AC),  # 230V 3-phase max 63A
    "13": (50.0, _DC),  # 50 kW - 500VDC max 100A
    "19": (20.0, _DC),  # 20 kW - 500VDC max 50A
    "22": (135.0, _DC),  # 135 kW - 480VDC max 270A
    "23": (100.0, _DC),  # 100 kW - 500VDC max 200A
    "24": (150.0, _DC),
    "25": (350.0, _DC),
    "29": (75.0, _DC),
    "30": (225.0, _DC),
    "31": (250.0, _DC),
    "32": (200.0, _DC),
    "33": (300.0, _DC),
    "36": (400.0, _DC),
    "37": (30.0, _DC),
    "38": (62.5, _DC),
    "39": (500.0, _DC),
    "41": (175.0, _DC),
    "42": (180.0, _DC),
}
_LABEL_KW = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*kW\b(.*)$", re.IGNORECASE)
_NOT_PUBLIC = {"3": "employees only", "5": "residents only"}  # station attribute 2
_ELECTRICITY = "1"  # attribute 26, energy carrier (2 hydrogen, 3 biogas)


def iter_nobil(path: Path) -> Iterator[RegisterStation | Skip]:
    """One RegisterStation or Skip per element of `chargerstations`, streamed.

    Raises InvalidInput when the file is not NOBIL JSON, or breaks off.
    """
    rights: str | None = None
    seen: set[str] = set()
    found = False
    for key, value in json_object_stream(path, "chargerstations", WHAT):
        if key == "Rights" and isinstance(value, str):
            rights = value
        if key != "chargerstations":
            continue
        found = True
        label = _label(value)
        try:
            result = station(value, rights)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            result = f"a field has the wrong type or value ({type(exc).__name__}: {exc})"
        if isinstance(result, str):
            yield Skip(label, result)
        elif result.source_key in seen:
            yield Skip(label, f"same station {result.source_key} again")
        else:
            seen.add(result.source_key)
            yield result
    if not found:
        raise InvalidInput(f"{excerpt(path.name)} is not {WHAT}: no chargerstations")


def _label(doc: Any) -> str:
    csmd = doc.get("csmd") if isinstance(doc, dict) else None
    if isinstance(csmd, dict):
        return f"station {excerpt(str(csmd.get('International_id') or csmd.get('id')), 40)}"
    return "a chargerstations element"


def station(doc: Any, rights: str | None = None) -> RegisterStation | str:
    """The station of one `chargerstations` element, or why it is not one we import.
    `rights` is the response's Rights text; a licence other than CC BY 4.0 is noted."""
    if not isinstance(doc, dict) or not isinstance(doc.get("csmd"), dict):
        return "not a NOBIL charger station (no csmd object)"
    if (problem := unstorable_text(doc)) is not None:
        return problem
    csmd, attr = doc["csmd"], doc.get("attr") or {}
    land = clean(str(csmd.get("Land_code") or "")).upper()
    if land not in _COUNTRIES:
        return f"Land_code {excerpt(land, 20) or '(empty)'} is not a NOBIL country we map"
    country, area = _COUNTRIES[land]
    availability = _attr(attr.get("st"), "2")
    if availability in _NOT_PUBLIC:
        return f"{_NOT_PUBLIC[availability]}: not for a public catalogue"
    place = _position(csmd.get("Position"), area)
    if isinstance(place, str):
        return place
    groups, notes = _charge_points(attr.get("conn") or {})
    if not groups:
        return "no charge point maps to a plug we know: " + "; ".join(notes or ["none listed"])
    if rights is not None and rights != _RIGHTS:
        notes.append(f"the NOBIL file states its rights as: {excerpt(rights, 120)}")
    key = clean(str(csmd.get("International_id") or "")) or f"{land}_{csmd['id']}"
    updated = day_or_note(str(csmd.get("Updated") or ""), "Updated", notes)
    return RegisterStation(
        source=SOURCE_INFO.source,
        source_key=key,
        operator_name=_text(csmd.get("Operator")) or _text(csmd.get("Owned_by")) or None,
        name=(_text(csmd.get("name")) or key)[:300],
        address=_address(csmd)[:500],
        latitude=place[0],
        longitude=place[1],
        country=country,
        charge_points=tuple(
            (plug, kw, kind, len(ids), tuple(i for i in ids if i))
            for (plug, kw, kind), ids in sorted(groups.items())
        ),
        updated_on=updated,
        notes=tuple(notes),
    )


def _text(value: Any) -> str:
    """NOBIL escapes HTML in its text ("Fortum Charge &amp; Drive")."""
    return clean(html.unescape(str(value))) if value not in (None, "") else ""


def _attr(attrs: Any, type_id: str) -> str | None:
    entry = attrs.get(type_id) if isinstance(attrs, dict) else None
    return str(entry.get("attrvalid")) if isinstance(entry, dict) else None


def _position(text: Any, area: Area) -> tuple[float, float] | str:
    """ "(59.85178,17.64124)" -> (59.85178, 17.64124)."""
    inner = clean(str(text or "")).removeprefix("(").removesuffix(")")
    if inner.count(",") != 1:
        return f"Position {excerpt(str(text), 40)} is not (latitude,longitude)"
    lat, lng = inner.split(",")
    return coordinates(lat, lng, area)


def _address(csmd: dict[str, Any]) -> str:
    street = " ".join(x for x in (_text(csmd.get("Street")), _text(csmd.get("House_number"))) if x)
    town = " ".join(x for x in (_text(csmd.get("Zipcode")), _text(csmd.get("City"))) if x)
    return ", ".join(x for x in (street, town) if x)


def _charge_points(
    conns: dict[str, Any],
) -> tuple[dict[tuple[Plug, float, EnergyType], list[str]], list[str]]:
    """(plug, kW, AC/DC) -> one EVSE id ("" when none) per charge point, and notes."""
    groups: dict[tuple[Plug, float, EnergyType], list[str]] = defaultdict(list)
    notes = []
    for number, conn in conns.items():
        result = _conn(conn if isinstance(conn, dict) else {})
        if isinstance(result, str):
            notes.append(f"charge point {excerpt(str(number), 20)} left out: {result}")
            continue
        mapped, left_out = result
        notes.extend(f"charge point {excerpt(str(number), 20)}: {note}" for note in left_out)
        evse_entry = conn.get("28")
        evse_id = (
            clean(str(evse_entry.get("attrval") or "")) if isinstance(evse_entry, dict) else ""
        )
        for group in mapped:
            groups[group].append(evse_id)
    return groups, notes


def _conn(conn: dict[str, Any]) -> tuple[list[tuple[Plug, float, EnergyType]], list[str]] | str:
    carrier = _attr(conn, "26")
    if carrier is not None and carrier != _ELECTRICITY:
        return f"energy carrier {_label_of(conn, '26')}, not electricity"
    capacity = _capacity(conn)
    if isinstance(capacity, str):
        return capacity
    power_kw, kind = capacity
    code = _attr(conn, "4")
    if code == _TESLA and kind is _DC:
        return [(Plug.TESLA_SUC, power_kw, kind)], []
    if code == _TESLA:
        note = "a Tesla connector at AC power: a destination charger, taken as its Type 2 plug"
        return [(Plug.TYPE2, power_kw, kind)], [note]
    plugs = _CONNECTORS.get(code or "")
    if plugs is None:
        return f"connector {_label_of(conn, '4')} is not a plug we know"
    mapped, left_out = [], []
    for plug in plugs:
        if (plug in _DC_PLUGS) != (kind is _DC):
            given = "DC" if kind is _DC else "AC"
            left_out.append(f"its {plug.value} plug left out: NOBIL gives only its {given} power")
            continue
        mapped.append(
            (plug, min(power_kw, _SCHUKO_MAX_KW) if plug is Plug.SCHUKO else power_kw, kind)
        )
    if not mapped:
        return "; ".join(left_out)
    return mapped, left_out


def _capacity(conn: dict[str, Any]) -> tuple[float, EnergyType] | str:
    code = _attr(conn, "5")
    if code is None:
        return "no charging capacity (attribute 5)"
    if code in _CAPACITIES:
        return _CAPACITIES[code]
    # A code newer than our table: its label states the power ("62,5 kW DC").
    entry = conn.get("5")
    label = _text(entry.get("trans")) if isinstance(entry, dict) else ""
    if (found := _LABEL_KW.match(label)) is not None:
        kind = _DC if "DC" in found[2].upper() else _AC
        return float(found[1].replace(",", ".")), kind
    return f"charging capacity {_label_of(conn, '5')} gives no power we can read"


def _label_of(conn: dict[str, Any], type_id: str) -> str:
    entry = conn.get(type_id)
    if not isinstance(entry, dict):
        return "(none)"
    return f"{excerpt(str(entry.get('attrvalid')), 10)} ({excerpt(_text(entry.get('trans')), 60)})"
