"""Request documents for the platform endpoints: API keys (Admin)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from evcharge.services.platform.api_keys import MAX_QUOTA_PER_MONTH, MAX_RATE_LIMIT_PER_MIN


class KeyAttributesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        min_length=1, max_length=100, description="a unique name (revoke and report by it)"
    )
    groups: list[str] = Field(min_length=1, description='group names, or ["all"]')
    sandbox: bool = Field(False, description="a sandbox key: its calls are never chargeable")
    rate_limit_per_min: int | None = Field(
        None, ge=1, le=MAX_RATE_LIMIT_PER_MIN, description="calls a minute; default: the server's"
    )
    quota_per_month: int | None = Field(
        None, ge=0, le=MAX_QUOTA_PER_MONTH, description="chargeable calls a month; default none"
    )


class KeyDataIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field("api_key", pattern="^api_key$", description="always api_key")
    attributes: KeyAttributesIn = Field(description="the key's name, groups and limits")


class KeyCreateDocument(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "data": {
                    "type": "api_key",
                    "attributes": {
                        "name": "partner-app",
                        "groups": ["ReadVehicles", "ReadBidirectionalCharging"],
                        "sandbox": False,
                        "rate_limit_per_min": 60,
                        "quota_per_month": 10000,
                    },
                }
            }
        },
    )

    data: KeyDataIn = Field(description="the key to create")
