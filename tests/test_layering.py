"""DESIGN.md's layering, checked on the source: data flows api -> services -> (db, core), and
core imports nothing else of evcharge; within services, pricing -> catalogue, and platform and
imports stand alone. Imports under `if TYPE_CHECKING:` count too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "evcharge"
# What each layer may import from evcharge, besides itself.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "codecs": {"core"},
    "db": {"core", "codecs", "settings"},
    "importers": {"core", "codecs"},
    "services": {"core", "codecs", "db", "importers", "settings", "metrics", "logs"},
    "api": {"core", "codecs", "db", "services", "importers", "settings", "metrics", "logs", "web"},
}
# Within services, the use cases form layers too: what each package may import, besides itself.
SERVICES: dict[str, set[str]] = {
    "platform": set(),  # keys, limits, usage, exchange rates
    "imports": set(),  # records applied to the catalogue, and the seed
    "catalogue": set(),  # the in-memory catalogue, compiled tariffs, listings, writes
    "pricing": {"catalogue"},  # one price function, the single-station and bulk answers
    "ocpi": {"imports"},  # OCPI 2.2.1 parties, modules and sync; pushes stored as imports are
}


def evcharge_imports(path: Path, prefix: str = "evcharge.") -> set[str]:
    """The packages right under `prefix` a module imports ("core", "db", ...)."""
    found: set[str] = set()
    depth = prefix.count(".")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            # `from evcharge.services import fx`: the imported names are modules too.
            names += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if not alias.name.startswith("__")  # `from evcharge import __version__`
            ]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {
            n.split(".")[depth] for n in names if n.startswith(prefix) and n.count(".") >= depth
        }
    return found


def breaches(
    root: Path = PACKAGE, layers: dict[str, set[str]] = ALLOWED, prefix: str = "evcharge."
) -> set[tuple[str, str]]:
    found = set()
    for layer, allowed in layers.items():
        for path in (root / layer).rglob("*.py"):
            for target in evcharge_imports(path, prefix) - allowed - {layer}:
                found.add((str(path.relative_to(PACKAGE)), target))
    return found


def test_every_layer_imports_only_what_design_allows() -> None:
    assert breaches() == set()


def test_services_packages_import_only_their_lower_layers() -> None:
    assert breaches(PACKAGE / "services", SERVICES, "evcharge.services.") == set()


def test_services_holds_only_its_packages() -> None:
    loose = {p.name for p in (PACKAGE / "services").glob("*.py")} - {"__init__.py"}
    packages = {p.name for p in (PACKAGE / "services").iterdir() if p.is_dir()} - {"__pycache__"}
    assert (loose, packages) == (set(), set(SERVICES))


def test_the_checker_sees_a_breach(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from evcharge.api.app import create_app\nimport evcharge.db.engine\n")
    assert evcharge_imports(module) == {"api", "db"}
    module.write_text("from evcharge.services.pricing import bulk_engine\n")
    assert evcharge_imports(module, "evcharge.services.") == {"pricing"}
