"""`evcharge serve` serves real HTTP: the newcomer's path, end to end over a socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def evcharge(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(BIN / "evcharge"), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_served_database_answers_with_the_printed_key(tmp_path: Path) -> None:
    env = {**os.environ, "EVCHARGE_DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"}
    evcharge("db", "upgrade", env=env)
    evcharge("seed", "--if-empty", env=env)
    key = evcharge("keys", "create", "--name", "n", "--groups", "all", env=env).splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "evcharge"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"{base}/healthz").status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        vehicles = httpx.get(f"{base}/v2/vehicles", headers={"Api-Key": key})
        v2x = httpx.get(
            f"{base}/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91001",
            headers={"x-api-key": key},
        )
        assert vehicles.status_code == 200
        assert v2x.status_code == 200
        assert v2x.json()["success"] is True
    finally:
        server.terminate()
        server.wait(timeout=10)
