"""OCPI parties: added with a registration token (A), found by the token they present."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from evcharge.core.auth import hash_key
from evcharge.core.errors import Conflict, InvalidInput, NotFound
from evcharge.db.repositories.ocpi import OcpiParty, OcpiPartyRepository
from evcharge.services.ocpi.errors import Unauthorized

ROLES = ("CPO", "EMSP")
_COUNTRY = re.compile(r"[A-Z]{2}")
_PARTY_ID = re.compile(r"[A-Z0-9]{3}")


def new_token() -> str:
    """256 random bits; URL-safe, so never mistaken for base64 (it has - or _ or no padding)."""
    return secrets.token_urlsafe(32)


def _checked(country: str, party_id: str, role: str) -> tuple[str, str, str]:
    country, party_id, role = country.strip().upper(), party_id.strip().upper(), role.upper()
    if not _COUNTRY.fullmatch(country):
        raise InvalidInput(f"country must be two letters (ISO 3166-1 alpha-2), not {country!r}")
    if not _PARTY_ID.fullmatch(party_id):
        raise InvalidInput(f"party id must be three letters or digits, not {party_id!r}")
    if role not in ROLES:
        raise InvalidInput(f"role must be CPO or EMSP, not {role!r}")
    return country, party_id, role


def add_party(session: Session, country: str, party_id: str, role: str) -> tuple[OcpiParty, str]:
    """A new party and its token A (shown once: only its hash is kept)."""
    country, party_id, role = _checked(country, party_id, role)
    repo = OcpiPartyRepository(session)
    if repo.find(country, party_id, role):
        raise Conflict(f"party {country}*{party_id} ({role}) exists already")
    token = new_token()
    return repo.add(
        country_code=country, party_id=party_id, role=role, token_a_hash=hash_key(token)
    ), token


def party_named(session: Session, name: str) -> OcpiParty:
    """`CC*PTY` or `CC-PTY`, with `:ROLE` when the party has both roles; or the row id."""
    text, _, role = name.strip().upper().partition(":")
    if text.isdigit():
        found = OcpiPartyRepository(session).get(int(text))
        if found is None:
            raise NotFound(f"no OCPI party {name!r}")
        return found
    country, _, party_id = text.replace("-", "*").partition("*")
    parties = OcpiPartyRepository(session).find(country, party_id, role or None)
    if not parties:
        raise NotFound(f"no OCPI party {name!r}; `evcharge ocpi party list` shows them")
    if len(parties) > 1:
        raise InvalidInput(f"{name} is both CPO and EMSP here: say which, as {text}:CPO")
    return parties[0]


def remove_party(session: Session, name: str) -> OcpiParty:
    party = party_named(session, name)
    OcpiPartyRepository(session).remove(party.id)
    return party


def list_parties(session: Session) -> list[OcpiParty]:
    return OcpiPartyRepository(session).all()


@dataclass(frozen=True, slots=True)
class Caller:
    party: OcpiParty
    stage: str  # "A": registration token, only for versions and credentials; "C": registered
    token: str  # as presented (decoded): GET credentials answers it, as we keep only hashes


def _candidates(header: str) -> list[str]:
    """The token in `Authorization: Token <x>`: OCPI 2.2.1 sends x base64-encoded, 2.1.1 and
    many 2.2.1 implementations send it plain; both are tried."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "token" or not value:
        raise Unauthorized("give the token as Authorization: Token <base64 of the token>")
    found = [value]
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return found
    return [decoded, value] if decoded else found


def authenticate(session: Session, header: str | None, *, registration: bool = False) -> Caller:
    """The party whose token this is. Token A only where `registration` allows it."""
    if not header:
        raise Unauthorized("missing Authorization header: Authorization: Token <base64 token>")
    repo = OcpiPartyRepository(session)
    for token in _candidates(header):
        found = repo.by_token_hash(hash_key(token))
        if found is None:
            continue
        party, stage = found
        if stage == "A" and not registration:
            raise Unauthorized("token A only registers (credentials); use the token we gave you")
        return Caller(party, stage, token)
    raise Unauthorized("unknown token")


def issue_token(session: Session, name: str) -> tuple[OcpiParty, str]:
    """Register a party offline: a new token for its modules (shown once), replacing any it
    had. For a party that will not run the credentials handshake (trying the API with
    curl, or a CPO registered by contract): it has no versions URL, so it cannot be synced."""
    party = party_named(session, name)
    token = new_token()
    found = OcpiPartyRepository(session).update(
        party.id, status="registered", token_a_hash=None, token_hash=hash_key(token)
    )
    return found, token
