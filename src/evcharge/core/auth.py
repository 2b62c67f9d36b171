"""Authorization groups (Chargeprice's, plus ours) and API-key material. Pure: no I/O."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from evcharge.core.errors import InvalidInput


class Group(StrEnum):
    READ_VEHICLES = "ReadVehicles"
    READ_VEHICLES_FULL = "ReadVehiclesFull"
    READ_COSTS = "ReadCosts"
    READ_SIMPLE_TARIFFS = "ReadSimpleTariffs"
    READ_TARIFFS = "ReadTariffs"
    WRITE_TARIFFS = "WriteTariffs"
    READ_STATIONS = "ReadStations"
    WRITE_ALL_STATIONS = "WriteAllStations"
    READ_BIDIRECTIONAL_CHARGING = "ReadBidirectionalCharging"
    ADMIN = "Admin"


KEY_PREFIX = "evc"
LOOKUP_CHARS = 8


def parse_groups(text: str) -> frozenset[Group]:
    """Parse `G1,G2` or `all`; group names match case-insensitively."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise InvalidInput("no groups given; use a comma-separated list or 'all'")
    if any(name.lower() == "all" for name in names):
        return frozenset(Group)
    by_lower = {g.value.lower(): g for g in Group}
    unknown = [n for n in names if n.lower() not in by_lower]
    if unknown:
        known = ", ".join(g.value for g in Group)
        raise InvalidInput(f"unknown group(s) {', '.join(unknown)}; known: {known}, all")
    return frozenset(by_lower[n.lower()] for n in names)


def format_key(lookup: str, secret: str) -> str:
    """The plaintext form: `evc_<lookup>_<secret>`; the lookup id indexes the stored hash."""
    return f"{KEY_PREFIX}_{lookup}_{secret}"


def lookup_id(plaintext: str) -> str | None:
    """The lookup part of a well-formed key, or None for anything else."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != LOOKUP_CHARS:
        return None
    return parts[1]


def hash_key(plaintext: str) -> str:
    # Keys carry 256 random bits, so a fast hash is safe; a password hash would only add latency.
    return hashlib.sha256(plaintext.encode()).hexdigest()


def key_matches(plaintext: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(plaintext), stored_hash)
