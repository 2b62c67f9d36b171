"""Unknown keywords raise TypeError, as they do for a plain function: a misspelt filter must not
be dropped silently (the API refuses it too, with a 400). The check comes before any request,
so the clients point at a closed port."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from evcharge.client import AsyncClient, Client, Station

NOWHERE = "http://127.0.0.1:9"  # discard port: nothing listens; no test may reach it
STATION = Station.model_validate(
    {"id": "s1", "name": "Hub", "latitude": 53.5, "longitude": 10.3, "country": "DE",
     "operator_id": "cpo1", "charge_points": []}
)  # fmt: skip


def test_sync_client_refuses_unknown_keywords() -> None:
    loose: Any = Client(NOWHERE, "k")  # a type checker catches these; a script does not
    with pytest.raises(
        TypeError, match=r"stations\(\) got an unexpected keyword argument 'contry'"
    ):
        loose.stations(contry="DE")
    with pytest.raises(TypeError, match="'batery_range_pct'"):
        loose.charge_prices(STATION, batery_range_pct=(20, 80))
    with pytest.raises(TypeError, match=r"bulk_prices\(\) got an unexpected keyword argument 'x'"):
        loose.bulk_prices(["s1"], ["t1"], "v1", battery_range_pct=(20, 80), x=1)


def test_async_client_refuses_unknown_keywords() -> None:
    async def main() -> None:
        loose: Any = AsyncClient(NOWHERE, "k")
        with pytest.raises(TypeError, match="'contry'"):
            loose.stations(contry="DE")
        with pytest.raises(TypeError, match="'language_code'"):
            await loose.charge_prices(STATION, language_code="de")

    asyncio.run(main())
