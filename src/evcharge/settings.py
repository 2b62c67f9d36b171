"""All settings, from `EVCHARGE_*` environment variables (one class, validated at start-up)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/evcharge.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVCHARGE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Per-call prices of chargeable calls, by endpoint name (see api/metering.py). The default
    # follows the seed's PAYG: 50p per chargeable bidirectional-charging call.
    price_per_call: dict[str, Decimal] = Field(
        default_factory=lambda: {"bidirectional_charging": Decimal("0.50")}
    )
    price_currency: str = "GBP"
    # Rate limits (GCRA, per key and minute; core/limits.py). Chargeprice's terms: 1000 a minute
    # per key, and the price endpoints a class of their own (400). A key may set its own limit;
    # the price class is never looser than the key's.
    rate_limit_per_min: int = Field(1000, ge=1)
    price_rate_limit_per_min: int = Field(400, ge=1)
    # Calls without a valid key, per client address and minute (they are refused, but each
    # costs a key lookup).
    anonymous_rate_limit_per_min: int = Field(60, ge=1)
    price_endpoints: frozenset[str] = frozenset(
        {"charge_prices", "charge_prices_bulk", "cdr_prices"}
    )
    # Largest request body accepted (413 beyond it) and the longest a handler may run (503).
    max_body_bytes: int = Field(1_000_000, ge=1024)
    request_timeout_s: float = Field(30.0, gt=0)
    # Redis must answer this fast, or limits fail open for the call (see services/limiter.py).
    redis_timeout_s: float = Field(0.25, gt=0)
    # Where `evcharge fx update` keeps the eurofxref file in use (per host).
    fx_dir: Path = Path("var/fx")
    db_pool_size: int = 5
    # How often a worker rereads the catalogue's version counters (services/catalogue): a write
    # made by another worker or host is seen within this; the worker that wrote sees it at once.
    catalogue_recheck_s: float = Field(0.25, ge=0, le=60)
    # Who we are to OCPI peers (credentials and version details): set your own party, which
    # the peer's platform registers; the defaults only suit a test.
    ocpi_country_code: str = Field("DE", pattern=r"^[A-Z]{2}$")
    ocpi_party_id: str = Field("EVC", pattern=r"^[A-Z0-9]{3}$")
    ocpi_name: str = Field("evcharge", min_length=1, max_length=100)
    ocpi_role: Literal["CPO", "EMSP", "HUB", "NAP", "NSP", "SCSP", "OTHER"] = "NSP"
    # PostgreSQL answers or is a 503 within these: connecting (psycopg's floor is 2 s), waiting
    # for a pooled connection, and one statement of an API request (commands such as imports
    # and migrations are not limited: they run long by design).
    db_connect_timeout_s: int = Field(2, ge=2)
    db_pool_timeout_s: float = Field(2.0, gt=0)
    db_statement_timeout_s: float = Field(2.0, gt=0)
    log_level: str = "info"
    # Origins whose pages may call the API from a browser (CORS), comma-separated, e.g.
    # "https://app.example.com"; "*" allows any. Empty (the default): CORS stays off.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The web page's map: a tile URL template ({z}, {x}, {y}, optionally {s} and {r}) and the
    # attribution its licence asks for (HTML). Empty: no tiles, the pins over a plain background
    # (an offline or air-gapped host).
    map_tiles_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("map_tiles_url")
    @classmethod
    def _tile_template(cls, url: str) -> str:
        url = url.strip()
        host = url.partition("://")[2].partition("/")[0].removeprefix("{s}.")
        if url and not (
            url.startswith(("https://", "http://"))
            and all(p in url for p in ("{z}", "{x}", "{y}"))
            and host
            and "{" not in host
        ):
            raise ValueError(
                "EVCHARGE_MAP_TILES_URL must be empty or an http(s) URL with {z}, {x} and {y} "
                "(a {s} subdomain may lead the host name)"
            )
        return url

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, url: str) -> str:
        if not url.startswith(("sqlite://", "postgresql+psycopg://", "postgresql://")):
            raise ValueError(
                "EVCHARGE_DATABASE_URL must be sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
            )
        if url.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            return "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        raw = self.database_url.removeprefix("sqlite:///")
        return None if raw in ("", ":memory:") else Path(raw)


@lru_cache
def get_settings() -> Settings:
    return Settings()
