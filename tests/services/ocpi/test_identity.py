"""Our OCPI party comes from the settings, which refuse what OCPI does not allow."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evcharge.services.ocpi.identity import identity
from evcharge.settings import Settings


def test_the_settings_name_our_party() -> None:
    settings = Settings(
        ocpi_country_code="NL", ocpi_party_id="AB1", ocpi_name="Prices NL", ocpi_role="NSP"
    )
    us = identity(settings, "https://prices.example.org/")
    assert (us.country_code, us.party_id, us.name, us.role) == ("NL", "AB1", "Prices NL", "NSP")
    assert us.versions_url == "https://prices.example.org/ocpi/versions"


@pytest.mark.parametrize(
    "bad",
    [
        {"ocpi_country_code": "nld"},
        {"ocpi_party_id": "ABCD"},
        {"ocpi_party_id": "ab"},
        {"ocpi_role": "DRIVER"},
        {"ocpi_name": ""},
    ],
)
def test_a_party_ocpi_would_refuse_is_refused_at_start(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Settings(**bad)  # type: ignore[arg-type]
