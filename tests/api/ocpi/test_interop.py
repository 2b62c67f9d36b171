"""Interoperability with an independent OCPI 2.2.1 implementation: extrawest-ocpi, as a CPO.

The peer runs in its own Python (extrawest-ocpi 2025.7.16 pins pydantic 1.10 and FastAPI
0.101, which cannot share our environment): EVCHARGE_TEST_OCPI_PEER_PYTHON names it, or
.venv-ocpi-peer/bin/python. Without it the test is skipped, except under CI=true.
Both servers are real: HTTP (us) and HTTPS (the peer), each calling the other.

Covered: registration (we start it with the peer's token A; the peer fetches our versions
with our token B), a paged pull of its 1,000 locations (10 pages, through its Link
headers), and a tariff PUT pushed by the peer that changes our next quote.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from evcharge.api.app import create_app
from evcharge.core.ids import stable_uuid
from evcharge.db.engine import Database
from evcharge.services.ocpi import credentials
from evcharge.services.ocpi.identity import identity
from evcharge.services.ocpi.parties import add_party, party_named
from evcharge.services.ocpi.sync import SyncReport, sync
from evcharge.settings import Settings
from tests.api.ocpi.conftest import auth
from tests.api.test_bulk_prices import bulk, ioniq_id
from tests.conftest import IN_CI, key_maker

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TOKEN_A = "extrawest-token-a"


def peer_python() -> str:
    """A Python with extrawest-ocpi and uvicorn; skip (fail under CI) when there is none."""
    candidates = [os.environ.get("EVCHARGE_TEST_OCPI_PEER_PYTHON", ""),
                  str(REPO / ".venv-ocpi-peer" / "bin" / "python")]  # fmt: skip
    for python in filter(None, candidates):
        found = subprocess.run(
            [python, "-c", "import py_ocpi, uvicorn"], capture_output=True, check=False
        ) if Path(python).exists() else None  # fmt: skip
        if found is not None and found.returncode == 0:
            return python
    reason = (
        "no Python with extrawest-ocpi: set EVCHARGE_TEST_OCPI_PEER_PYTHON, or build "
        ".venv-ocpi-peer (extrawest-ocpi==2025.7.16 uvicorn==0.23.2)"
    )
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes] | None = None) -> None:
    for _ in range(200):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the peer exited: {proc.stdout.read() if proc.stdout else ''!r}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@dataclass
class Peer:
    url: str
    price_file: Path
    http: httpx.Client  # trusts the peer's certificate


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[Peer]:
    python = peer_python()
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the peer's test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    price_file = tmp_path / "price"
    price_file.write_text("0.5")
    port = free_port()
    env = {**os.environ, "OCPI_HOST": f"127.0.0.1:{port}", "PROTOCOL": "https",
           "COUNTRY_CODE": "NL", "PARTY_ID": "XWC", "PEER_TOKEN_A": TOKEN_A,
           "PEER_PRICE_FILE": str(price_file), "PEER_LOCATIONS": "1000"}  # fmt: skip
    proc = subprocess.Popen(
        [python, "-m", "uvicorn", "extrawest_peer:app", "--app-dir", str(HERE), "--host",
         "127.0.0.1", "--port", str(port), "--ssl-keyfile", str(key), "--ssl-certfile",
         str(cert), "--log-level", "warning"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(port, proc)
        with httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), timeout=30) as c:
            yield Peer(f"https://127.0.0.1:{port}", price_file, c)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def us(settings: Settings) -> Iterator[str]:
    """Our server, for real, on a free port: the peer calls it back."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(port)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def register(settings: Settings, peer: Peer, us: str) -> None:
    database = Database(settings)
    with database.transaction() as session:
        add_party(session, "NL", "XWC", "CPO")
        token_b = credentials.begin_registration(session, party_named(session, "NL*XWC"))
    with database.transaction() as session:
        credentials.register_with(
            session, party_named(session, "NL*XWC"), f"{peer.url}/ocpi/versions",
            (TOKEN_A, token_b), peer.http, identity(settings, us),
        )  # fmt: skip
    database.dispose()


def pull(settings: Settings, peer: Peer) -> SyncReport:
    database = Database(settings)
    with database.transaction() as session:
        report = sync(session, party_named(session, "NL*XWC"), peer.http, page_size=100)
    database.dispose()
    return report


def test_registration_paged_pull_and_a_pushed_tariff(
    settings: Settings, peer: Peer, us: str
) -> None:
    register(settings, peer, us)
    database = Database(settings)
    with database.transaction() as session:
        party = party_named(session, "NL*XWC")
    database.dispose()
    assert (party.status, party.name) == ("registered", "Extrawest test CPO")
    assert party.peer_token is not None
    report = pull(settings, peer)
    assert (report.locations.pages, report.locations.stored) == (10, 1000)
    assert report.locations.skipped == []
    assert report.tariffs.stored == 1
    # Their last_updated is older than our first sync: the next one asks since, gets nothing.
    assert pull(settings, peer).locations.stored == 0

    # Station LOC0007 and their tariff T1, as stored from their objects (ids under NL*XWC).
    station = stable_uuid("ocpi-location", "NL*XWC*LOC0007")
    tariff = stable_uuid("ocpi-tariff", "NL*XWC*T1")
    key = key_maker(settings)("all")

    def price() -> float:
        payload = bulk(ioniq_id(settings), [station], [tariff])
        answer = httpx.post(f"{us}/v1/charge_prices/bulk", json=payload, headers={"Api-Key": key})
        assert answer.status_code == 200, answer.text
        return float(answer.json()["data"][0]["attributes"]["price"])

    assert price() == 20.04  # 33.402 kWh x 0.50 x 1.20 (see test_receiver)
    # The peer changes its price and pushes T1 to us with its own push client (PUT).
    peer.price_file.write_text("0.4")
    database = Database(settings)
    with database.transaction() as session:
        token_b = credentials.begin_registration(session, party_named(session, "NL*XWC"))
    database.dispose()
    pushed = peer.http.post(
        f"{peer.url}/push/2.2.1",
        headers=auth(party.peer_token),
        json={"module_id": "tariffs", "object_id": "T1",
              "receivers": [{"endpoints_url": f"{us}/ocpi/2.2.1", "auth_token": token_b}]},
    )  # fmt: skip
    assert pushed.status_code == 200, pushed.text
    [answer] = pushed.json()["receiver_responses"]
    assert answer["status_code"] == 200, answer
    assert answer["response"]["status_code"] == 1000
    assert price() == 16.03  # 33.402 x 0.40 x 1.20
