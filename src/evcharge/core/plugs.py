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
    return EnergyType.AC if plug in AC_PLUGS else EnergyType.DC


def fits(vehicle: Vehicle, plug: Plug) -> bool:
    """AC plugs always fit (the usual adapters exist, as Chargeprice's client assumes); a DC plug
    fits only a vehicle with a matching DC inlet (EVMap#82: no DC price for a car without DC)."""
    if plug in AC_PLUGS:
        return True
    ports = set(vehicle.dc_ports)
    if plug is Plug.TESLA_CCS and vehicle.brand.name.lower() == "tesla":
        ports |= {DcPort.TESLA_CCS} if DcPort.CCS in ports else set()
    return bool(ports & _DC_FITS[plug])
