"""Who we are on OCPI, and where our endpoints are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evcharge.settings import Settings

VERSION = "2.2.1"
MODULES = ("locations", "tariffs")


@dataclass(frozen=True, slots=True)
class Identity:
    """Our party: `base_url` is where clients reach us (scheme, host, any path prefix)."""

    base_url: str
    country_code: str = "DE"
    party_id: str = "EVC"
    name: str = "evcharge"
    role: str = "NSP"

    @property
    def versions_url(self) -> str:
        return f"{self.base_url}/ocpi/versions"

    @property
    def version_url(self) -> str:
        return f"{self.base_url}/ocpi/{VERSION}"


def identity(settings: Settings, base_url: str) -> Identity:
    """Our party as the settings name it (EVCHARGE_OCPI_COUNTRY_CODE, _PARTY_ID, _NAME, _ROLE)."""
    return Identity(
        base_url=base_url.rstrip("/"),
        country_code=settings.ocpi_country_code,
        party_id=settings.ocpi_party_id,
        name=settings.ocpi_name,
        role=settings.ocpi_role,
    )


def versions(us: Identity) -> list[dict[str, str]]:
    return [{"version": VERSION, "url": us.version_url}]


def version_details(us: Identity) -> dict[str, Any]:
    """Credentials both ways; Locations and Tariffs as Sender (ours) and Receiver (a CPO's).
    URLs end in "/": clients append `{country_code}/{party_id}/{id}` to them."""
    found = [
        {"identifier": "credentials", "role": role, "url": f"{us.version_url}/credentials"}
        for role in ("SENDER", "RECEIVER")
    ]
    for module in MODULES:
        for role in ("SENDER", "RECEIVER"):
            url = f"{us.version_url}/{role.lower()}/{module}/"
            found.append({"identifier": module, "role": role, "url": url})
    return {"version": VERSION, "endpoints": found}


def credentials(us: Identity, token: str) -> dict[str, Any]:
    """Our Credentials object. By default we take CPOs' data as a Navigation Service Provider
    does, and serve our own catalogue to eMSPs: NSP is the 2.2.1 role that says so."""
    return {
        "token": token,
        "url": us.versions_url,
        "roles": [
            {
                "role": us.role,
                "business_details": {"name": us.name},
                "party_id": us.party_id,
                "country_code": us.country_code,
            }
        ],
    }
