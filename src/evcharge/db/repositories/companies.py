"""All SQL about companies (CPOs and EMPs)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from evcharge.core.network import Company
from evcharge.db.models import CompanyRow
from evcharge.db.repositories.network_mapping import company_columns, to_company
from evcharge.db.repositories.upsert import UpsertOutcome, upsert_by_source_key

# One extra query for every company's roaming list instead of one per company.
_WITH_ROAMING = selectinload(CompanyRow.supported_emps)


class CompanyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, company: Company, *, source_key: str) -> UpsertOutcome:
        """Upsert the company itself; roaming links are set by `set_supported_emps`."""
        _row, outcome = upsert_by_source_key(
            self.session, CompanyRow, source_key, company_columns(company)
        )
        return outcome

    def set_supported_emps(self, cpo_id: str, emp_ids: frozenset[str]) -> bool:
        """Replace a CPO's roaming list; True when it changed."""
        row = self.session.get(CompanyRow, cpo_id)
        assert row is not None
        if {e.id for e in row.supported_emps} == emp_ids:
            return False
        emps = self.session.scalars(select(CompanyRow).where(CompanyRow.id.in_(emp_ids))).all()
        row.supported_emps = list(emps)
        row.version += 1
        self.session.flush()
        return True

    def all(self) -> list[Company]:
        return [
            to_company(r) for r in self.session.scalars(select(CompanyRow).options(_WITH_ROAMING))
        ]

    def by_ids(self, ids: Sequence[str]) -> list[Company]:
        rows = self.session.scalars(
            select(CompanyRow).where(CompanyRow.id.in_(ids)).options(_WITH_ROAMING)
        )
        return [to_company(r) for r in rows]

    def page(
        self,
        *,
        ids: Sequence[str] | None,
        is_cpo: bool | None,
        is_emp: bool | None,
        name_query: str | None,
        offset: int,
        limit: int,
    ) -> tuple[list[Company], int]:
        query = select(CompanyRow)
        if ids is not None:
            query = query.where(CompanyRow.id.in_(ids))
        if is_cpo is not None:
            query = query.where(CompanyRow.is_cpo == is_cpo)
        if is_emp is not None:
            query = query.where(CompanyRow.is_emp == is_emp)
        if name_query:
            query = query.where(func.lower(CompanyRow.name).contains(name_query.lower()))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(_WITH_ROAMING).order_by(CompanyRow.name).offset(offset).limit(limit)
        )
        return [to_company(r) for r in rows], total
