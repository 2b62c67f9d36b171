"""Every Python example of the README's "Python client" section runs as written against a live
server, reading the server's URL and key from EVCHARGE_URL and EVCHARGE_KEY, as it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.live_server import LiveServer

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = (
    README.read_text(encoding="utf-8").split("\n## Python client\n", 1)[1].split("\n## ", 1)[0]
)
EXAMPLES = re.findall(r"```python\n(.*?)```", SECTION, re.DOTALL)


def test_the_section_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("source", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_an_example_runs_as_written(
    source: str,
    live: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("EVCHARGE_URL", live.url)
    monkeypatch.setenv("EVCHARGE_KEY", live.key)
    exec(compile(source, str(README), "exec"), {"__name__": "__main__"})
    assert capsys.readouterr().out.strip(), "an example shows what it does"
