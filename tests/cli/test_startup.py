"""`evcharge --help` stays fast: the CLI imports no heavy library until a command runs.

A structural check, not a timed one: a fresh interpreter imports the CLI (and renders help),
then lists the top-level packages it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_ocpi import files

# Each costs 50 to 300 ms to import; together they made `evcharge --help` take a second.
# (Not pydantic: typer itself imports it to read a command's options.)
HEAVY = {"sqlalchemy", "fastapi", "starlette", "numpy", "alembic", "uvicorn"}

SCRIPT = """
import json, sys
from evcharge.cli.main import app
if len(sys.argv) > 1:
    try:
        app(sys.argv[1:], prog_name="evcharge")
    except SystemExit:
        pass
sys.stderr.write(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_packages(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr))


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--help",),
        ("ocpi", "--help"),
        ("ocpi", "price-cdr", "--help"),
        ("import", "--help"),
        ("keys", "create", "--help"),
        ("serve", "--help"),
        ("usage", "report", "--help"),
        ("quote", "--help"),
    ],
)
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    loaded = loaded_packages(*args)
    assert "typer" in loaded  # the probe saw the CLI load
    assert loaded & HEAVY == set()


def test_a_command_that_runs_still_gets_its_libraries(tmp_path: Path) -> None:
    # The other half of the bargain: the imports moved into the commands, they did not vanish.
    tariff, cdr = files(tmp_path)
    loaded = loaded_packages("ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr))
    assert {"fastapi", "pydantic"} <= loaded
