"""ORM models, one per file; importing this package registers them all on Base.metadata."""

from evcharge.db.models.api_key import ApiKeyRow
from evcharge.db.models.brand import BrandRow
from evcharge.db.models.catalogue_version import CatalogueVersionRow
from evcharge.db.models.company import CompanyRow, supported_emps
from evcharge.db.models.ocpi import OcpiObjectRow, OcpiPartyRow
from evcharge.db.models.station import StationEvseClaimRow, StationEvseRow, StationRow
from evcharge.db.models.tariff import TariffRow
from evcharge.db.models.usage_event import UsageEventRow
from evcharge.db.models.vehicle import VehicleRow
from evcharge.db.models.vehicle_attachment import VehicleAttachmentRow

__all__ = [
    "ApiKeyRow",
    "BrandRow",
    "CatalogueVersionRow",
    "CompanyRow",
    "OcpiObjectRow",
    "OcpiPartyRow",
    "StationEvseClaimRow",
    "StationEvseRow",
    "StationRow",
    "TariffRow",
    "UsageEventRow",
    "VehicleAttachmentRow",
    "VehicleRow",
    "supported_emps",
]
