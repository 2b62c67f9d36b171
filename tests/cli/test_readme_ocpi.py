"""The README's OCPI walk-through, run as written against a real server: a CPO registered
with the CLI pushes a tariff and a location with curl, /v1/charge_prices prices that station
with the pushed tariff, and an eMSP pulls our locations page by page."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.live_server import BIN, serving

README = Path(__file__).resolve().parents[2] / "README.md"


def walk_through() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("```sh", text.index("**Try it**")) + len("```sh")
    return text[start : text.index("```", start)]


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("jq") is None,
    reason="the README's walk-through uses curl and jq",
)
def test_the_readme_ocpi_walk_through_works(tmp_path: Path) -> None:
    (tmp_path / ".venv").symlink_to(BIN.parent)  # the README calls .venv/bin/evcharge
    with serving(tmp_path) as server:
        script = walk_through().replace("http://127.0.0.1:8000", server.url)
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            env={**os.environ, **server.env, "KEY": server.key},
            cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert '{"provider":"DE*ABC","price":22.61}' in lines
    pushes = [line for line in lines if line.startswith('{"data":null')]
    assert [line.split('"timestamp"')[0] for line in pushes] == [
        '{"data":null,"status_code":1000,"status_message":"Success",'
    ] * 2
    pages = [line for line in lines if line.startswith("[")]
    assert len(pages) > 2
    assert "ABC Alexanderplatz" in pages[-1]
