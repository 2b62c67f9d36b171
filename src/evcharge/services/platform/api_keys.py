"""API keys: create, authenticate, list, revoke. Plaintext keys exist only on creation."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from evcharge.core.auth import (
    LOOKUP_CHARS,
    format_key,
    hash_key,
    key_matches,
    lookup_id,
    parse_groups,
)
from evcharge.core.errors import Conflict, InvalidApiKey, InvalidInput, NotFound
from evcharge.db.repositories.api_keys import ApiKeyRepository, StoredKey

# Compared against when no key matches, so a miss costs the same time as a hit.
_DUMMY_HASH = hash_key("evc_00000000_dummy")


# Both columns are 32-bit integers; these bounds are far beyond any real plan and fit them.
MAX_RATE_LIMIT_PER_MIN = 1_000_000
MAX_QUOTA_PER_MONTH = 1_000_000_000


def create_key(
    session: Session,
    *,
    name: str,
    groups: str,
    sandbox: bool = False,
    rate_limit_per_min: int | None = None,
    quota_per_month: int | None = None,
) -> tuple[StoredKey, str]:
    """A new key; None limits mean the configured default rate limit and no quota."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("key name must be 1 to 100 characters", parameter="name")
    if rate_limit_per_min is not None and not 1 <= rate_limit_per_min <= MAX_RATE_LIMIT_PER_MIN:
        raise InvalidInput(
            f"rate limit must be 1 to {MAX_RATE_LIMIT_PER_MIN:,} calls a minute",
            parameter="rate_limit",
        )
    if quota_per_month is not None and not 0 <= quota_per_month <= MAX_QUOTA_PER_MONTH:
        raise InvalidInput(
            f"quota must be 0 to {MAX_QUOTA_PER_MONTH:,} chargeable calls a month",
            parameter="quota",
        )
    parsed = parse_groups(groups)
    repo = ApiKeyRepository(session)
    if repo.by_name(name) is not None:
        raise Conflict(f"a key named {name!r} already exists")
    plaintext, lookup = new_key()
    stored = repo.add(
        name=name,
        lookup=lookup,
        key_hash=hash_key(plaintext),
        groups=parsed,
        sandbox=sandbox,
        rate_limit_per_min=rate_limit_per_min,
        quota_per_month=quota_per_month,
    )
    return stored, plaintext


def new_key() -> tuple[str, str]:
    """A fresh random key (256 bits of secret) and its public lookup id."""
    lookup = secrets.token_hex(LOOKUP_CHARS // 2)
    return format_key(lookup, secrets.token_urlsafe(32)), lookup


def authenticate(session: Session, plaintext: str) -> StoredKey:
    """The stored key for `plaintext`; InvalidApiKey for unknown, malformed or revoked keys."""
    lookup = lookup_id(plaintext)
    stored = ApiKeyRepository(session).by_lookup(lookup) if lookup else None
    matches = key_matches(plaintext, stored.key_hash if stored else _DUMMY_HASH)
    if stored is None or not matches or stored.revoked_at is not None:
        raise InvalidApiKey()
    return stored


def key_is_valid(session: Session, plaintext: str) -> bool:
    try:
        authenticate(session, plaintext)
    except InvalidApiKey:
        return False
    return True


def list_keys(session: Session) -> list[StoredKey]:
    return ApiKeyRepository(session).all()


def revoke_key(session: Session, name: str) -> StoredKey:
    stored = ApiKeyRepository(session).revoke(name)
    if stored is None:
        raise NotFound(f"no key named {name!r}")
    return stored


def free_name(session: Session, base: str) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken yet."""
    repo = ApiKeyRepository(session)
    name, n = base, 1
    while repo.by_name(name) is not None:
        n += 1
        name = f"{base}-{n}"
    return name


def key_named(session: Session, name: str) -> StoredKey | None:
    return ApiKeyRepository(session).by_name(name)
