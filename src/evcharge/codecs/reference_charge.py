"""A maker's reference charge <-> its JSON document: one shape, stored in the vehicles table
(JSON column) and served by /v2/vehicles, so the two cannot drift apart."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from evcharge.core.vehicles import DistanceUnit, RangeAdded, RangeBasis, ReferenceCharge


def reference_doc(reference: ReferenceCharge | None) -> dict[str, Any] | None:
    """The figure and its kind: a window the maker publishes, or range added, whose window is
    derived (and whose start may be ours: range_added.start_soc_stated)."""
    if reference is None:
        return None
    figure = reference.range_added
    return dataclasses.asdict(reference) | {
        "kind": reference.kind.value,
        "as_of": reference.as_of.isoformat(),
        "range_added": None
        if figure is None
        else dataclasses.asdict(figure)
        | {"distance_unit": figure.distance_unit.value, "basis": figure.basis.value},
    }


def reference_from_doc(doc: dict[str, Any] | None) -> ReferenceCharge | None:
    if doc is None:
        return None
    # Documents stored before 'kind' and 'range_added' existed are windows.
    fields = {k: v for k, v in doc.items() if k not in ("kind", "as_of", "range_added")}
    figure = doc.get("range_added")
    range_added = None
    if figure is not None:
        range_added = RangeAdded(
            **figure
            | {
                "distance_unit": DistanceUnit(figure["distance_unit"]),
                "basis": RangeBasis(figure["basis"]),
            }
        )
    return ReferenceCharge(
        **fields, as_of=date.fromisoformat(doc["as_of"]), range_added=range_added
    )
