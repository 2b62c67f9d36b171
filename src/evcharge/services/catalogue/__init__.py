"""The in-memory catalogue (companies, tariffs, stations) and the memos priced under it."""

from evcharge.services.catalogue.catalogue import Catalogue
from evcharge.services.catalogue.memos import PricingMemos
from evcharge.services.catalogue.tariff_set import TariffSet

__all__ = ["Catalogue", "PricingMemos", "TariffSet"]
