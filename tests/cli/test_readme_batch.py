"""The README's batch example of `evcharge ocpi price-cdr` runs as written and prints what the
README says it prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = README.read_text(encoding="utf-8").split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
EXAMPLE = next(
    block for block in re.findall(r"```sh\n(.*?)```", SECTION, re.DOTALL) if "cdrs.ndjson" in block
)


def test_the_batch_example_runs_as_written(tmp_path: Path) -> None:
    script = EXAMPLE.replace(".venv/bin/evcharge", str(Path(sys.executable).parent / "evcharge"))
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr  # one of the two CDRs fails, as the README says
    assert "error: cdrs.ndjson:2: /cdr/currency:" in done.stderr
    assert "priced 1 of 2 CDRs; 1 failed" in done.stderr
    first, second = (tmp_path / "prices.ndjson").read_text().splitlines()
    total = '"total_cost":{"excl_vat":3.5,"incl_vat":4.165}'
    assert total in first
    assert total in EXAMPLE
    assert json.loads(first)["meta"] == {"source": "cdrs.ndjson:1"}
    error = json.loads(second)
    assert error["errors"][0]["source"] == {"pointer": "/cdr/currency"}
    assert error["meta"] == {"source": "cdrs.ndjson:2"}
