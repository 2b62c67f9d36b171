"""Versions, version details and the credentials handshake (tokens A, B, C), both ways."""

from __future__ import annotations

from sqlalchemy import select

from evcharge.db.engine import Database
from evcharge.db.models import OcpiPartyRow
from evcharge.services.ocpi import credentials
from evcharge.services.ocpi.parties import party_named
from tests.api.ocpi.conftest import US_URL, Pair, auth, new_party

ENVELOPE = {"data", "status_code", "status_message", "timestamp"}


def test_versions_and_details_answer_token_a_in_the_envelope(pair: Pair) -> None:
    token_a = new_party(pair.us_settings, "DE", "ABC", "EMSP")
    versions = pair.us.get("/ocpi/versions", headers={**auth(token_a), "X-Request-ID": "r-1",
                                                      "X-Correlation-ID": "c-1"})  # fmt: skip
    assert versions.status_code == 200
    body = versions.json()
    assert set(body) == ENVELOPE
    assert body["status_code"] == 1000
    assert body["data"] == [{"version": "2.2.1", "url": f"{US_URL}/ocpi/2.2.1"}]
    assert versions.headers["X-Request-ID"] == "r-1"
    assert versions.headers["X-Correlation-ID"] == "c-1"
    # Plain tokens (as 2.1.1 and many 2.2.1 clients send them) are accepted too.
    details = pair.us.get("/ocpi/2.2.1", headers={"Authorization": f"Token {token_a}"})
    endpoints = {
        (e["identifier"], e["role"]): e["url"] for e in details.json()["data"]["endpoints"]
    }
    assert endpoints[("locations", "SENDER")] == f"{US_URL}/ocpi/2.2.1/sender/locations/"
    assert endpoints[("tariffs", "RECEIVER")] == f"{US_URL}/ocpi/2.2.1/receiver/tariffs/"
    assert ("credentials", "RECEIVER") in endpoints


def test_missing_or_unknown_tokens_are_401_in_the_ocpi_envelope(pair: Pair) -> None:
    for headers in ({}, auth("nobody"), {"Authorization": "Bearer x"}):
        answer = pair.us.get("/ocpi/versions", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["status_code"] == 2000
        assert "errors" not in answer.json()


def test_token_a_opens_only_versions_and_credentials(pair: Pair) -> None:
    token_a = new_party(pair.us_settings, "DE", "ABC", "EMSP")
    answer = pair.us.get("/ocpi/2.2.1/sender/locations", headers=auth(token_a))
    assert answer.status_code == 401
    assert "token A only registers" in answer.json()["status_message"]


def test_the_peer_registers_and_token_c_replaces_token_a(any_pair: Pair) -> None:
    pair = any_pair
    token_c = pair.register_peer()
    database = Database(pair.us_settings)
    with database.transaction() as session:
        row = session.scalars(select(OcpiPartyRow)).one()
        assert (row.status, row.token_a_hash, row.name) == ("registered", None, "Peer CPO")
        assert row.peer_versions_url == "http://peer.test/ocpi/versions"
        assert {e["identifier"] for e in row.peer_endpoints} == {"credentials", "locations",
                                                                "tariffs"}  # fmt: skip
    database.dispose()
    mine = pair.us.get("/ocpi/2.2.1/credentials", headers=auth(token_c))
    assert mine.json()["data"]["token"] == token_c
    assert mine.json()["data"]["roles"][0]["role"] == "NSP"
    again = pair.us.post("/ocpi/2.2.1/credentials", headers=auth(token_c), json=mine.json()["data"])
    assert again.status_code == 405
    assert pair.us.get("/ocpi/2.2.1/sender/locations", headers=auth(token_c)).status_code == 200


def peer_body(token_b: str) -> dict[str, object]:
    return {"token": token_b, "url": "http://peer.test/ocpi/versions",
            "roles": [{"role": "CPO", "country_code": "NL", "party_id": "PEE",
                       "business_details": {"name": "Peer CPO"}}]}  # fmt: skip


def test_put_renews_token_c_and_delete_unregisters(pair: Pair) -> None:
    token_c = pair.register_peer()
    # We fetch the peer's versions with the new token B: one it does not know fails (3001).
    refused = pair.us.put("/ocpi/2.2.1/credentials", headers=auth(token_c), json=peer_body("x"))
    assert refused.status_code == 502
    assert refused.json()["status_code"] == 3001
    database = Database(pair.peer_settings)
    with database.transaction() as session:
        token_b = credentials.begin_registration(session, party_named(session, "DE*EVC"))
    database.dispose()
    renewed = pair.us.put("/ocpi/2.2.1/credentials", headers=auth(token_c), json=peer_body(token_b))
    assert renewed.status_code == 200, renewed.json()
    new_c = renewed.json()["data"]["token"]
    assert new_c != token_c
    assert pair.us.get("/ocpi/versions", headers=auth(token_c)).status_code == 401
    gone = pair.us.delete("/ocpi/2.2.1/credentials", headers=auth(new_c))
    assert gone.status_code == 200
    assert gone.json()["data"] is None
    assert pair.us.get("/ocpi/versions", headers=auth(new_c)).status_code == 401


def test_registration_must_claim_the_party_token_a_was_made_for(pair: Pair) -> None:
    token_a = new_party(pair.us_settings, "DE", "ABC", "EMSP")
    body = {"token": "b", "url": "http://peer.test/ocpi/versions",
            "roles": [{"role": "CPO", "country_code": "NL", "party_id": "PEE"}]}  # fmt: skip
    answer = pair.us.post("/ocpi/2.2.1/credentials", headers=auth(token_a), json=body)
    assert answer.status_code == 400
    assert answer.json()["status_code"] == 2001
    assert "EMSP DE*ABC" in answer.json()["status_message"]


def test_bad_credentials_bodies_are_2001_never_500(pair: Pair) -> None:
    token_a = new_party(pair.us_settings, "DE", "ABC", "EMSP")
    for body in ([], {"token": 1}, {"token": "t", "url": "ftp://x", "roles": []}, "text"):
        answer = pair.us.post("/ocpi/2.2.1/credentials", headers=auth(token_a), json=body)
        assert answer.status_code == 400, body
        assert answer.json()["status_code"] == 2001
    not_json = pair.us.post(
        "/ocpi/2.2.1/credentials", headers={**auth(token_a), "Content-Type": "application/json"},
        content=b"{not json",
    )  # fmt: skip
    assert not_json.status_code == 400
    assert not_json.json()["status_code"] == 2001


def test_unknown_ocpi_paths_answer_in_the_ocpi_envelope(pair: Pair) -> None:
    answer = pair.us.get("/ocpi/2.2.1/sessions")
    assert answer.status_code == 404
    assert set(answer.json()) == ENVELOPE
    assert answer.json()["status_code"] == 2000
