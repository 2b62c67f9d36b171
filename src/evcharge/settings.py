"""All settings, from `EVCHARGE_*` environment variables (one class, validated at start-up)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    # Where `evcharge fx update` keeps the eurofxref file in use (per host).
    fx_dir: Path = Path("var/fx")
    db_pool_size: int = 5
    log_level: str = "info"

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
