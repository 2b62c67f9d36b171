"""The Credentials module: the token exchange of a registration, both ways.

A party registers with us (POST, token A): we fetch its versions with its token B, keep
its endpoints, and answer token C, from then on its only token. PUT renews, DELETE ends it.
We register with a party (`register_with`): the same, the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.orm import Session

from evcharge.core.auth import hash_key
from evcharge.db.repositories.ocpi import OcpiParty, OcpiPartyRepository
from evcharge.services.ocpi import identity as ours
from evcharge.services.ocpi import peer
from evcharge.services.ocpi.errors import InvalidParameters, MethodNotAllowed, PeerFailed
from evcharge.services.ocpi.identity import Identity
from evcharge.services.ocpi.parties import Caller, new_token


@dataclass(frozen=True, slots=True)
class PeerCredentials:
    token: str
    url: str
    roles: tuple[dict[str, Any], ...]


def parse_credentials(body: object, *, where: str = "credentials") -> PeerCredentials:
    """A Credentials object (token, url, roles), or InvalidParameters saying what is wrong."""
    if not isinstance(body, dict):
        raise InvalidParameters(f"{where} must be a Credentials object")
    token, url, roles = body.get("token"), body.get("url"), body.get("roles")
    if not isinstance(token, str) or not 1 <= len(token) <= 64 or not token.isprintable():
        raise InvalidParameters(f"{where}.token must be a text of 1 to 64 printable characters")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or len(url) > 255:
        raise InvalidParameters(f"{where}.url must be the http(s) URL of your versions (<=255)")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, dict) for r in roles):
        raise InvalidParameters(f"{where}.roles must list at least one CredentialsRole")
    return PeerCredentials(token, url, tuple(roles))


def _check_roles(party: OcpiParty, given: PeerCredentials) -> None:
    """The registering party must claim the identity it was added under."""
    for role in given.roles:
        same = (
            str(role.get("country_code", "")).upper() == party.country_code
            and str(role.get("party_id", "")).upper() == party.party_id
            and str(role.get("role", "")).upper() == party.role
        )
        if same:
            return
    raise InvalidParameters(
        f"your roles do not include {party.role} {party.country_code}*{party.party_id}, "
        "the party this token was made for"
    )


def _exchange(
    session: Session, party: OcpiParty, given: PeerCredentials, http: httpx.Client, us: Identity
) -> dict[str, Any]:
    _check_roles(party, given)
    version_url, found = peer.endpoints(http, given.url, given.token)
    token_c = new_token()
    OcpiPartyRepository(session).update(
        party.id, status="registered", token_a_hash=None, token_hash=hash_key(token_c),
        peer_token=given.token, peer_versions_url=given.url, peer_endpoints=found,
        peer_roles=list(given.roles), name=_name(given)[:100],
    )  # fmt: skip
    del version_url  # the endpoints are what we use
    return ours.credentials(us, token_c)


def _name(given: PeerCredentials) -> str:
    details = given.roles[0].get("business_details")
    return str(details.get("name", "")) if isinstance(details, dict) else ""


def post(
    session: Session, caller: Caller, body: object, http: httpx.Client, us: Identity
) -> dict[str, Any]:
    """Registration with token A; a registered party must PUT instead (HTTP 405)."""
    if caller.stage != "A":
        raise MethodNotAllowed("you are registered already: PUT renews, DELETE unregisters")
    return _exchange(session, caller.party, parse_credentials(body), http, us)


def put(
    session: Session, caller: Caller, body: object, http: httpx.Client, us: Identity
) -> dict[str, Any]:
    if caller.stage != "C":
        raise MethodNotAllowed("you are not registered yet: POST registers")
    return _exchange(session, caller.party, parse_credentials(body), http, us)


def get(caller: Caller, us: Identity) -> dict[str, Any]:
    """Our credentials for the caller: with the token it presented (we keep only hashes)."""
    return ours.credentials(us, caller.token)


def delete(session: Session, caller: Caller) -> None:
    if caller.stage != "C":
        raise MethodNotAllowed("you are not registered: there is nothing to delete")
    OcpiPartyRepository(session).update(
        caller.party.id, status="unregistered", token_hash=None, peer_token=None
    )


def begin_registration(session: Session, party: OcpiParty) -> str:
    """A fresh token B for `party` to call us with, stored (as a hash) before we register:
    the party calls our versions with it while answering our POST, so commit it first."""
    token_b = new_token()
    OcpiPartyRepository(session).update(party.id, token_hash=hash_key(token_b), token_a_hash=None)
    return token_b


def register_with(
    session: Session,
    party: OcpiParty,
    versions_url: str,
    tokens: tuple[str, str],
    http: httpx.Client,
    us: Identity,
) -> OcpiParty:
    """We register with `party`: POST our credentials with token B (`begin_registration`) to
    its credentials endpoint, authorised by its token A, and keep the token C it answers.
    `tokens` is (A, B)."""
    token_a, token_b = tokens
    _version_url, found = peer.endpoints(http, versions_url, token_a)
    url = peer.endpoint_url(tuple(found), "credentials", None)
    answer = peer.call(http, "POST", url, token_a, json=ours.credentials(us, token_b))
    try:
        given = parse_credentials(answer.data, where="the answer's credentials")
    except InvalidParameters as exc:
        raise PeerFailed(exc.message) from None
    _version_url, found = peer.endpoints(http, given.url, given.token)
    return OcpiPartyRepository(session).update(
        party.id, status="registered", peer_token=given.token, peer_versions_url=given.url,
        peer_endpoints=found, peer_roles=list(given.roles), name=_name(given)[:100],
    )  # fmt: skip
