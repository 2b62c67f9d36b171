"""Who publishes each national register and on what terms: stored as every station's source,
and shown by the API and the page as the licences require. Kept apart from the parsers, so the
API can name a station's source without importing a spreadsheet or Parquet reader."""

from __future__ import annotations

from evcharge.importers.registers import SourceInfo

BNETZA = SourceInfo(
    source="bnetza",
    publisher="Bundesnetzagentur (Ladesäulenregister)",
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    attribution="Bundesnetzagentur, Ladesäulenregister (CC BY 4.0)",
)

IRVE = SourceInfo(
    source="irve",
    publisher="QualiCharge and Etalab, for the French State (data.gouv.fr, schema IRVE)",
    licence="Licence Ouverte / Open Licence 2.0",
    licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    attribution="IRVE data from data.gouv.fr (QualiCharge, Etalab), Licence Ouverte 2.0",
)

AFDC = SourceInfo(
    source="afdc",
    publisher="U.S. Department of Energy, Alternative Fuels Data Center (data by NREL)",
    licence='U.S. public domain: NREL\'s data "may be used for any purpose whatsoever"',
    licence_url="https://developer.nrel.gov/docs/transportation/alt-fuel-stations-v1/",
    attribution="U.S. DOE Alternative Fuels Data Center (afdc.energy.gov), NREL",
)

NOBIL = SourceInfo(
    source="nobil",
    publisher="NOBIL (Norsk elbilforening and Enova), nobil.no",
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    attribution="NOBIL.no (CC BY 4.0)",
)

UK_NCR = SourceInfo(
    source="uk-ncr",
    publisher="UK Office for Zero Emission Vehicles / Department for Transport, "
    "National Chargepoint Registry",
    licence="Open Government Licence v2.0",
    licence_url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/",
    attribution="Contains public sector information licensed under the Open Government "
    "Licence v2.0",
)


# source -> its SourceInfo, for every register a station may come from
REGISTER_SOURCES: dict[str, SourceInfo] = {
    info.source: info for info in (BNETZA, IRVE, AFDC, NOBIL, UK_NCR)
}

# Open Charge Map is no register, but its licence asks for attribution too: the API lists it
# among a merged station's sources (https://openchargemap.org/site/about/terms, CC BY 4.0
# since 2022-04-01; importers/ocm.py's ATTRIBUTION).
OCM = SourceInfo(
    source="ocm",
    publisher="Open Charge Map contributors (openchargemap.org)",
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    attribution="© Open Charge Map contributors (CC BY 4.0)",
)

# source -> its SourceInfo, for every source a station's data may come from under a licence
STATION_SOURCES: dict[str, SourceInfo] = {**REGISTER_SOURCES, OCM.source: OCM}
