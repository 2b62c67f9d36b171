"""Which energy a charge point carries, and which cars can use it."""

from __future__ import annotations

import pytest

from evcharge.core.plugs import EnergyType, Plug, energy_type, fits, group_energy_type
from evcharge.core.vehicles import AcPort, DcPort
from tests.builders import make_vehicle

AC, DC = EnergyType.AC, EnergyType.DC
# A US car with a J1772 inlet and CCS1 (no NACS), and a Tesla-style car with a NACS inlet.
CCS1_CAR = make_vehicle(ac_ports=(AcPort.TYPE1,), dc_ports=(DcPort.CCS1,))
NACS_CAR = make_vehicle(ac_ports=(AcPort.NACS,), dc_ports=(DcPort.NACS,))


@pytest.mark.parametrize(
    ("plug", "stated", "expected"),
    [
        # NACS carries both: a Tesla Destination post (AFDC Level 2) is AC, a Supercharger DC.
        (Plug.NACS, AC, AC),
        (Plug.NACS, DC, DC),
        (Plug.NACS, None, DC),  # nothing said: taken as a Supercharger
        # Every other plug carries one energy type, whatever a source says.
        (Plug.CCS1, AC, DC),
        (Plug.CCS, None, DC),
        (Plug.TYPE2, DC, AC),
        (Plug.TYPE1, None, AC),
    ],
)
def test_a_group_takes_its_sources_energy_type_only_where_the_plug_carries_both(
    plug: Plug, stated: EnergyType | None, expected: EnergyType
) -> None:
    assert group_energy_type(plug, stated) is expected


def test_a_plug_alone_says_nacs_is_dc() -> None:
    assert (energy_type(Plug.NACS), energy_type(Plug.TYPE1)) == (DC, AC)


@pytest.mark.parametrize(
    ("case", "vehicle", "plug", "kind", "expected"),
    [
        # A NACS Level 2 post is AC: a J1772 car charges there through the usual adapter, as at
        # any AC point; a NACS Supercharger needs a NACS DC inlet.
        ("CCS1 car, NACS Level 2", CCS1_CAR, Plug.NACS, AC, True),
        ("CCS1 car, NACS Supercharger", CCS1_CAR, Plug.NACS, DC, False),
        ("NACS car, NACS Level 2", NACS_CAR, Plug.NACS, AC, True),
        ("NACS car, NACS Supercharger", NACS_CAR, Plug.NACS, DC, True),
        ("NACS car, CCS1", NACS_CAR, Plug.CCS1, DC, False),
        ("CCS1 car, Type 2", CCS1_CAR, Plug.TYPE2, AC, True),
        # An AC-only plug fits whatever energy type a stored group says.
        ("CCS1 car, Type 2 stored as DC", CCS1_CAR, Plug.TYPE2, DC, True),
    ],
)  # fmt: skip
def test_fits(case: str, vehicle: object, plug: Plug, kind: EnergyType, expected: bool) -> None:
    assert fits(vehicle, plug, kind) is expected  # type: ignore[arg-type]
