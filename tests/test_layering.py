"""DESIGN.md's layering, checked on the source: data flows api -> services -> (db, core), and
core imports nothing else of evcharge. Imports under `if TYPE_CHECKING:` count too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "evcharge"
# What each layer may import from evcharge, besides itself.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "db": {"core", "settings"},
    "importers": {"core"},
    "services": {"core", "db", "importers", "settings", "metrics", "logs"},
    "api": {"core", "db", "services", "importers", "settings", "metrics", "logs", "web"},
}
# Known breaches, each to be removed (issue 14: the OCPI tariff codec belongs below importers).
DEBT = {("db/repositories/tariff_mapping.py", "importers")}


def evcharge_imports(path: Path) -> set[str]:
    """The top-level evcharge packages a module imports ("core", "db", ...)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("evcharge.") and n.count(".")}
    return found


def breaches() -> set[tuple[str, str]]:
    found = set()
    for layer, allowed in ALLOWED.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for target in evcharge_imports(path) - allowed - {layer}:
                found.add((str(path.relative_to(PACKAGE)), target))
    return found


def test_every_layer_imports_only_what_design_allows() -> None:
    assert breaches() == DEBT


def test_the_checker_sees_a_breach(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from evcharge.api.app import create_app\nimport evcharge.db.engine\n")
    assert evcharge_imports(module) == {"api", "db"}
