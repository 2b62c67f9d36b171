"""Station plugs (Chargeprice's enum) and which vehicles can use them."""

from __future__ import annotations

from enum import StrEnum

from evcharge.core.vehicles import DcPort, Vehicle


class EnergyType(StrEnum):
    AC = "ac"
    DC = "dc"


class Plug(StrEnum):
    CCS = "ccs"
    TYPE2 = "type2"
    CHADEMO = "chademo"
    SCHUKO = "schuko"
    TYPE1 = "type1"
    TYPE3 = "type3"
    TESLA_CCS = "tesla_ccs"
    TESLA_SUC = "tesla_suc"
    CCS1 = "ccs1"
    NACS = "nacs"


AC_PLUGS = frozenset({Plug.TYPE2, Plug.SCHUKO, Plug.TYPE1, Plug.TYPE3})
# SAE J3400 (NACS) carries both: DC at Superchargers, AC at Tesla Destination and other Level 2
# posts (SAE J3400, 2023). Every other plug carries one energy type only.
AC_AND_DC_PLUGS = frozenset({Plug.NACS})

# The DC inlets that fit each DC plug. A Tesla with a CCS inlet may use CCS-only Superchargers.
_DC_FITS: dict[Plug, frozenset[DcPort]] = {
    Plug.CCS: frozenset({DcPort.CCS, DcPort.TESLA_CCS}),
    Plug.CCS1: frozenset({DcPort.CCS1}),
    Plug.CHADEMO: frozenset({DcPort.CHADEMO}),
    Plug.TESLA_SUC: frozenset({DcPort.TESLA_SUC, DcPort.NACS}),
    Plug.TESLA_CCS: frozenset({DcPort.TESLA_CCS}),
    Plug.NACS: frozenset({DcPort.NACS}),
}


def energy_type(plug: Plug) -> EnergyType:
    """What `plug` carries when nothing says more: NACS is taken as DC (a Supercharger). A
    charge point group's own `energy_type` wins wherever there is one (group_energy_type)."""
    return EnergyType.AC if plug in AC_PLUGS else EnergyType.DC


def group_energy_type(plug: Plug, stated: EnergyType | None) -> EnergyType:
    """The energy type of a source's charge points of `plug` whose source says `stated` (None:
    it does not say). Only a plug that carries both takes the source's word; the others keep
    their own, whatever a source says (a "CCS, AC" row is a slip: CCS is DC only)."""
    if stated is not None and plug in AC_AND_DC_PLUGS:
        return stated
    return energy_type(plug)


def fits(vehicle: Vehicle, plug: Plug, kind: EnergyType) -> bool:
    """AC charge points always fit (the usual adapters exist, as Chargeprice's client assumes),
    NACS at a Level 2 post too; a DC plug fits only a vehicle with a matching DC inlet
    (EVMap#82: no DC price for a car without DC)."""
    if kind is EnergyType.AC or plug in AC_PLUGS:
        return True
    ports = set(vehicle.dc_ports)
    if plug is Plug.TESLA_CCS and vehicle.brand.name.lower() == "tesla":
        ports |= {DcPort.TESLA_CCS} if DcPort.CCS in ports else set()
    return bool(ports & _DC_FITS[plug])
