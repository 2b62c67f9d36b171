"""Every company by id, kept in memory until a company or roaming list is written.

Pricing asks for the operators of up to 100 stations per request; the companies table stays
small (operators and providers, not stations), so holding it all is cheaper than a query each.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.core.network import Company
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.fingerprints import fingerprints
from evcharge.services.snapshot import Snapshot

_companies: Snapshot[dict[str, Company]] = Snapshot()


def companies_by_id(session: Session) -> dict[str, Company]:
    repo = CompanyRepository(session)
    return _companies.get(
        session, fingerprints(session).companies, lambda: {c.id: c for c in repo.all()}
    )
