"""Real ids from the embedded dataset (src/evcharge/data/), for the OpenAPI examples.

The ids are stable UUIDs derived from the curated records (core/ids.py), so an example request
sent as is to a freshly seeded server answers 2xx (tests/api/test_openapi.py sends each one).
"""

from __future__ import annotations

# Hyundai IONIQ 5 (58 kWh): no verified EV Database id, so ours, 90000 + its catalogue key 1001.
VEHICLE_ID = "cca4897f-7d36-50db-ab2c-1d410ee85b20"
EVDB_VEHICLE_ID = 91001
HYUNDAI_ID = "8efb7618-673d-5a92-86b2-1203d5061307"  # its brand
# IONITY A24 Witzhave, four CCS 350 kW points; IONITY is its operator (CPO) and an EMP.
STATION_ID = "0034e43d-85ee-59d2-ae69-8125232118ce"
STATION_EVSE_ID = "DE*ION*E001001"
STATION_LATITUDE = 53.549
STATION_LONGITUDE = 10.338
IONITY_ID = "b362c969-e00a-5cbf-b78f-693b84d5e2a0"
ENBW_ID = "0c083600-f07a-5f9a-9943-5ee438f6f769"  # EnBW mobility+, an EMP IONITY accepts
# Two tariffs usable there: IONITY PASSPORT POWER and EnBW mobility+ Ladetarif M.
TARIFF_ID = "c7e4278d-eefd-5a0f-841c-cef07ac8ffe8"
OTHER_TARIFF_ID = "d5b6a50b-56e5-5c69-8e50-8205076c48ad"
# Ids a PUT example creates: not in the dataset, so the example answers 201 the first time.
NEW_TARIFF_ID = "6f1c2a54-3b7e-4d0a-9c1e-5a8b7d2e4f10"
NEW_STATION_ID = "8d3e5b21-7c4f-4a9e-b2d1-0f6a3c9e7b42"
