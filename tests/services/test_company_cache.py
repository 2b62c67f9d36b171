"""The in-memory company table follows every company write."""

from __future__ import annotations

from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.importers.curated_network_build import company_id
from evcharge.services.company_cache import companies_by_id
from evcharge.settings import Settings


def test_a_roaming_change_is_seen_by_the_next_read(settings: Settings) -> None:
    database = Database(settings)
    ionity = company_id("ionity")
    with database.transaction() as session:
        before = companies_by_id(session)[ionity].supported_emp_ids
        assert companies_by_id(session) is companies_by_id(session)  # cached
        assert before
        CompanyRepository(session).set_supported_emps(ionity, frozenset())
    with database.transaction() as session:
        assert companies_by_id(session)[ionity].supported_emp_ids == frozenset()
    database.dispose()
