"""Company and tariff listings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.core.network import Company, Tariff
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.services.catalogue import Catalogue
from evcharge.services.catalogue.paging import PageRequest


def list_companies(
    session: Session,
    *,
    ids: list[str] | None,
    is_cpo: bool | None,
    is_emp: bool | None,
    q: str | None,
    page: PageRequest,
) -> tuple[list[Company], int]:
    return CompanyRepository(session).page(
        ids=ids, is_cpo=is_cpo, is_emp=is_emp, name_query=q, offset=page.offset, limit=page.size
    )


def list_tariffs(
    session: Session,
    catalogue: Catalogue,
    *,
    ids: list[str] | None,
    customer_only: bool | None,
    direct_payment: bool | None,
) -> list[tuple[Tariff, str]]:
    """Tariffs with their provider's name."""
    tariffs = [
        t
        for t in catalogue.tariffs(session)
        if (ids is None or t.id in ids)
        and (customer_only is None or t.provider_customer_only == customer_only)
        and (direct_payment is None or t.is_direct_payment == direct_payment)
    ]
    companies = catalogue.companies(session)
    return [(t, c.name if (c := companies.get(t.emp_id)) else "") for t in tariffs]
