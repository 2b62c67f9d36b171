"""An independent OCPI 2.2.1 CPO for test_interop.py: extrawest-ocpi (`py_ocpi`), run by
uvicorn in its own Python (it needs pydantic 1, we use 2), over HTTPS (its Link headers
always say https).

Only the storage is ours, as the library asks (its `Crud` and `Authenticator`): it holds
PEER_LOCATIONS locations under NL*XWC and one tariff T1, whose price per kWh is read from
the file PEER_PRICE_FILE at each call, so the test can change it before asking a push.
Everything OCPI (routes, envelope, credentials, pagination, push) is the library's.
"""

import os
import secrets
from pathlib import Path

from py_ocpi import get_application
from py_ocpi.core.authentication.authenticator import Authenticator
from py_ocpi.core.crud import Crud
from py_ocpi.core.enums import ModuleID, RoleEnum
from py_ocpi.modules.versions.enums import VersionNumber

TOKEN_A = os.environ["PEER_TOKEN_A"]
COUNT = int(os.environ.get("PEER_LOCATIONS", "1000"))
PRICE_FILE = Path(os.environ["PEER_PRICE_FILE"])
HOST = os.environ["OCPI_HOST"]
UPDATED = "2026-11-01T00:00:00Z"
TOKENS_C: set = set()


def location(n: int) -> dict:
    return {
        "country_code": "NL",
        "party_id": "XWC",
        "id": f"LOC{n:04d}",
        "publish": True,
        "name": f"XW site {n}",
        "address": f"Damrak {n + 1}",
        "city": "Amsterdam",
        "country": "NLD",
        "coordinates": {"latitude": f"{52.3 + n / 10000:.6f}", "longitude": "4.890000"},
        "time_zone": "Europe/Amsterdam",
        "last_updated": UPDATED,
        "evses": [
            {
                "uid": f"E{n:04d}",
                "evse_id": f"NL*XWC*E{n:04d}",
                "status": "AVAILABLE",
                "last_updated": UPDATED,
                "connectors": [
                    {
                        "id": "1",
                        "standard": "IEC_62196_T2_COMBO",
                        "format": "CABLE",
                        "power_type": "DC",
                        "max_voltage": 500,
                        "max_amperage": 300,
                        "max_electric_power": 150000,
                        "last_updated": UPDATED,
                    }
                ],
            }
        ],
    }


def tariff() -> dict:
    price = float(PRICE_FILE.read_text().strip())
    return {
        "country_code": "NL",
        "party_id": "XWC",
        "id": "T1",
        "currency": "EUR",
        "elements": [
            {"price_components": [{"type": "ENERGY", "price": price, "vat": 20, "step_size": 1}]}
        ],
        "last_updated": UPDATED,
    }


def credentials(token: str) -> dict:
    return {
        "token": token,
        "url": f"https://{HOST}/ocpi/versions",
        "roles": [
            {
                "role": "CPO",
                "party_id": "XWC",
                "country_code": "NL",
                "business_details": {"name": "Extrawest test CPO"},
            }
        ],
    }


class Storage(Crud):
    @classmethod
    async def get(cls, module, role, id, *args, **kwargs):
        if module == ModuleID.locations:
            return location(int(str(id)[3:]))
        if module == ModuleID.tariffs:
            return tariff()
        return credentials(kwargs.get("auth_token") or "")

    @classmethod
    async def list(cls, module, role, filters, *args, **kwargs):
        items = [location(n) for n in range(COUNT)] if module == ModuleID.locations else [tariff()]
        since = filters.get("date_from")
        if since is not None and since.isoformat() > "2026-11-01T00:00:00+00:00":
            items = []
        offset, limit = filters["offset"], filters["limit"]
        return items[offset : offset + limit], len(items), offset + limit >= len(items)

    @classmethod
    async def create(cls, module, role, data, *args, **kwargs):
        token_c = secrets.token_urlsafe(24)  # what the registering party calls us with
        TOKENS_C.add(token_c)
        return credentials(token_c)

    @classmethod
    async def update(cls, module, role, data, id, *args, **kwargs):
        return await cls.create(module, role, data)

    @classmethod
    async def delete(cls, module, role, id, *args, **kwargs):
        TOKENS_C.discard(kwargs.get("auth_token"))

    @classmethod
    async def do(cls, module, role, action, *args, data=None, **kwargs):
        return None


class Tokens(Authenticator):
    @classmethod
    async def get_valid_token_c(cls):
        return list(TOKENS_C)

    @classmethod
    async def get_valid_token_a(cls):
        return [TOKEN_A]


app = get_application(
    version_numbers=[VersionNumber.v_2_2_1],
    roles=[RoleEnum.cpo],
    crud=Storage,
    modules=[ModuleID.credentials_and_registration, ModuleID.locations, ModuleID.tariffs],
    authenticator=Tokens,
    http_push=True,
)
