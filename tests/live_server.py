"""A live `evcharge serve` for tests that need real HTTP (the client, the web page): a temporary
SQLite database migrated and seeded by the CLI, a key with every group, and the server on a free
port. The session fixture `live` (tests/conftest.py) starts one per test run."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.cli.test_serve import BIN, free_port


@dataclass(frozen=True)
class LiveServer:
    url: str
    key: str
    env: dict[str, str]
    cwd: Path

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "evcharge"), *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def create_key(self, name: str, *options: str, groups: str = "all") -> str:
        """A new key (the last line the CLI prints), e.g. with "--rate-limit", "2"."""
        return self.cli("keys", "create", "--name", name, "--groups", groups, *options).split()[-1]

    def raw(
        self, method: str, path: str, *, key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """The same call over plain httpx (with `key`, else the session's), to compare with."""
        headers = {"Api-Key": key or self.key}
        return httpx.request(method, self.url + path, headers=headers, **kwargs)


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"evcharge serve did not start (exit code {server.poll()})")
        time.sleep(0.1)


@contextmanager
def serving(root: Path) -> Iterator[LiveServer]:
    """`evcharge serve` on a seeded SQLite database in `root`, stopped on exit."""
    env = {**os.environ, "EVCHARGE_DATABASE_URL": f"sqlite:///{root}/live.db"}
    env["EVCHARGE_LOG_LEVEL"] = "warning"
    env.pop("EVCHARGE_REDIS_URL", None)  # one process: limits in memory, nothing shared
    setup = LiveServer(url="", key="", env=env, cwd=root)
    setup.cli("db", "upgrade")
    setup.cli("seed", "--if-empty")
    key = setup.create_key("live")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "evcharge"), "serve", "--port", str(port), "--no-migrate"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield LiveServer(url=url, key=key, env=env, cwd=root)
    finally:
        server.terminate()
        server.wait(timeout=30)
