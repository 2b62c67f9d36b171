"""JSON:API resources for API keys (never their secrets) and usage periods."""

from __future__ import annotations

from decimal import Decimal

from evcharge.api import jsonapi
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.db.repositories.usage import UsagePeriod


def money_text(amount: Decimal) -> str:
    """Billed money is exact: a decimal string with at least two places ("1.50", "0.0025")."""
    places = max(2, -int(amount.normalize().as_tuple().exponent))
    return f"{amount:.{places}f}"


def key_resource(k: StoredKey) -> jsonapi.Json:
    return jsonapi.resource(
        "api_key",
        k.name,
        {
            "name": k.name,
            "groups": sorted(k.groups),
            "sandbox": k.sandbox,
            "rate_limit_per_min": k.rate_limit_per_min,
            "quota_per_month": k.quota_per_month,
            "created_at": k.created_at.isoformat(),
            "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
        },
    )


def usage_resource(u: UsagePeriod) -> jsonapi.Json:
    return jsonapi.resource(
        "usage",
        f"{u.period}:{u.endpoint}",
        {
            "endpoint": u.endpoint,
            "period": u.period,
            "calls": u.calls,
            "chargeable_calls": u.chargeable_calls,
            "amount": money_text(u.amount),
            "currency": u.currency,
        },
    )
