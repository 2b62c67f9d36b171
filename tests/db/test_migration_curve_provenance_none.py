"""Migration 0014: a stored car without DC charging says its curve provenance is none."""

from __future__ import annotations

from sqlalchemy import text

from evcharge.db.engine import make_engine
from evcharge.db.migrate import upgrade
from evcharge.settings import Settings
from tests.db.migration_steps import downgrade, reseed

AC_ONLY = "curated:1001"  # made AC-only for the test: the IONIQ 5 58 kWh's row
WITH_DC = "curated:1002"


def rows(settings: Settings) -> dict[str, tuple[str, bool]]:
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text(
                    "SELECT source || ':' || source_key, curve_provenance, "
                    "dc_default_charging_curve FROM vehicles"
                )
            )
            return {key: (provenance, bool(default)) for key, provenance, default in found}
    finally:
        engine.dispose()


def old_ac_only_rows_become_none(settings: Settings) -> None:
    upgrade(settings)
    reseed(settings)
    downgrade(settings, "0013")
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            # As every writer before 0014 stored a car without DC: the default-curve rule's label.
            connection.execute(
                text(
                    "UPDATE vehicles SET dc_max_power_kw = NULL, curve_provenance = 'default', "
                    "dc_default_charging_curve = :yes WHERE source = 'curated' AND source_key = "
                    "'1001'"
                ),
                {"yes": True},
            )
            connection.execute(
                text(
                    "UPDATE vehicles SET curve_provenance = 'default' WHERE source = 'curated' "
                    "AND source_key = '1002'"
                )
            )
    finally:
        engine.dispose()
    upgrade(settings)
    after = rows(settings)
    assert after[AC_ONLY] == ("none", False)
    assert after[WITH_DC][0] == "default"  # a car with DC keeps its label
    # And back: 0013's label for such a car, the default-curve rule flagged as such.
    downgrade(settings, "0013")
    assert rows(settings)[AC_ONLY] == ("default", True)
    upgrade(settings)
    assert rows(settings)[AC_ONLY] == ("none", False)


def test_old_ac_only_rows_become_none(empty_settings: Settings) -> None:
    old_ac_only_rows_become_none(empty_settings)
