"""The layers of open-ev-data-dataset, merged into one record per vehicle file, and its schema.

Layout (upstream ARCHITECTURE.md, summarised in the data folder's README):

    src/<make>/<model>/base.json                         model-level facts
    src/<make>/<model>/<year>/<vehicle>.json             a year file: one vehicle
    src/<make>/<model>/<year>/<vehicle>_<variant>.json   a variant of that year file

A vehicle is `base.json ← year file` or `base.json ← year file ← variant file`. Objects are
deep-merged; scalars and arrays in a later layer replace the earlier value.

Which file is a variant of which is decided by directory and filename prefix, not by
`variant.slug`, because the data breaks the slug rule (Audi `q4_e_tron_sportback_50.json` carries
slug `sportback`) and `a6_e_tron/<year>/a6_e_tron.json` is a year file with a `variant` block.
So a file is a variant when it has a `variant` key *and* a year file in its directory whose name
is a prefix of its own (`<year file>_…`); the longest such prefix is its year file. Every other
file is a year file (q4_e_tron_50.json has no `variant` key: a vehicle of its own).

`Record` is the typed view of a merged record: only the fields the importer reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from evcharge.core.errors import InvalidInput
from evcharge.importers.json_files import load_json

JsonObject = dict[str, Any]

Connector = Literal[
    "type1",
    "type2",
    "ccs1",
    "ccs2",
    "nacs",
    "chademo",
    "gb_t_ac",
    "gb_t_dc",
    "tesla_type2",
    "other",
]


class _Edge(BaseModel):
    # We read a subset of a strict schema, so unknown keys are simply not ours.
    model_config = ConfigDict(extra="ignore", frozen=True)


class SlugName(_Edge):
    slug: str
    name: str


class Variant(SlugName):
    notes: str | None = None


class ChargePort(_Edge):
    kind: Literal["ac_only", "dc_only", "combo"]
    connector: Connector


class Ac(_Edge):
    max_power_kw: float
    phases: Literal[1, 2, 3] | None = None
    notes: str | None = None


class Dc(_Edge):
    max_power_kw: float
    notes: str | None = None


class Charging(_Edge):
    ac: Ac | None = None
    dc: Dc | None = None


class Battery(_Edge):
    pack_capacity_kwh_net: float | None = None


class Outlet(_Edge):
    kind: str
    count: int = 1


class V2l(_Edge):
    supported: bool
    max_power_kw: float | None = None
    outlets: list[Outlet] = Field(default_factory=list)


class V2hg(_Edge):
    supported: bool
    max_power_kw: float | None = None
    connector: str | None = None
    protocols: list[str] = Field(default_factory=list)


class V2x(_Edge):
    v2l: V2l | None = None
    v2h: V2hg | None = None
    v2g: V2hg | None = None


class RatedRange(_Edge):
    notes: str | None = None


class Range(_Edge):
    rated: list[RatedRange] = Field(default_factory=list)


class Efficiency(_Edge):
    energy_consumption_wh_per_km: float | None = None


class Source(_Edge):
    url: str


class Record(_Edge):
    make: SlugName
    model: SlugName
    year: int
    trim: SlugName
    variant: Variant | None = None
    markets: list[str] | None = None
    vehicle_type: str
    battery: Battery
    charge_ports: list[ChargePort] = Field(min_length=1)
    charging: Charging
    v2x: V2x = Field(default_factory=V2x)
    range: Range = Field(default_factory=Range)
    efficiency: Efficiency = Field(default_factory=Efficiency)
    sources: list[Source] = Field(min_length=1)

    @property
    def oed_id(self) -> str:
        """The dataset's recommended id: `oed:<make>:<model>:<year>:<trim>[:<variant>]`."""
        parts = ["oed", self.make.slug, self.model.slug, str(self.year), self.trim.slug]
        return ":".join([*parts, self.variant.slug] if self.variant else parts)


def source_root(folder: Path) -> Path:
    """The `src` folder: `folder/src`, or `folder` itself when it is named `src`."""
    if (folder / "src").is_dir():
        return folder / "src"
    if folder.name == "src" and folder.is_dir():
        return folder
    raise InvalidInput(
        f"{folder} is not an open-ev-data-dataset checkout: it has no src/ folder "
        "(pass the repository folder or its src/ folder)",
        parameter="path",
    )


def deep_merge(lower: JsonObject, upper: JsonObject) -> JsonObject:
    """`upper` over `lower`: objects merge key by key; scalars and arrays are replaced whole."""
    merged = dict(lower)
    for key, value in upper.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = deep_merge(below, value)
        else:
            merged[key] = value
    return merged


class Layers:
    """Reads each source file once and merges a vehicle file with the layers beneath it.

    `merged` raises InvalidInput, naming the broken file, when a layer is missing or is not a
    JSON object; the caller turns that into a skip of this one vehicle.
    """

    def __init__(self, src: Path) -> None:
        self._src = src
        # A file that cannot be used is cached as the reason why, so it is read only once.
        self._loaded: dict[Path, JsonObject | str] = {}

    def vehicle_files(self) -> list[Path]:
        return sorted(self._src.glob("*/*/*/*.json"))

    def problem(self, path: Path) -> str | None:
        """Why the file itself is not a JSON object (its other layers aside), or None."""
        try:
            self._load(path)
        except InvalidInput as exc:
            return exc.message
        return None

    def merged(self, path: Path) -> JsonObject:
        record = self._load(path.parent.parent / "base.json")
        year_file = self._year_file_of(path)
        if year_file is not None:
            record = deep_merge(record, self._load(year_file))
        record = deep_merge(record, self._load(path))
        record.pop("$schema", None)
        return record

    def _year_file_of(self, path: Path) -> Path | None:
        """The year file a variant file layers on, or None for a year file."""
        if "variant" not in self._load(path):
            return None
        stem = path.stem
        candidates = [
            sibling
            for sibling in path.parent.glob("*.json")
            if stem.startswith(sibling.stem + "_") and self._is_year_file(sibling)
        ]
        return max(candidates, key=lambda p: len(p.stem), default=None)

    def _is_year_file(self, path: Path) -> bool:
        # An unreadable file counts as a year file, so its variants are skipped naming it.
        try:
            return self._year_file_of(path) is None
        except InvalidInput:
            return True

    def _load(self, path: Path) -> JsonObject:
        if path not in self._loaded:
            self._loaded[path] = self._read(path)
        loaded = self._loaded[path]
        if isinstance(loaded, str):
            raise InvalidInput(loaded)
        return loaded

    def _read(self, path: Path) -> JsonObject | str:
        name = path.relative_to(self._src).as_posix()
        if not path.exists():
            return f"layer {name} is missing"
        try:
            value = load_json(path)
        except InvalidInput as exc:
            return f"layer {name} is {exc.message}"
        if not isinstance(value, dict):
            return f"layer {name} is not a JSON object"
        return value
