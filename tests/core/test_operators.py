"""Register spellings of operators against our companies' names (core/operators.py)."""

from __future__ import annotations

import pytest

from evcharge.core.network import Company
from evcharge.core.operators import cpos_by_key, operator_key, our_operator


def cpo(name: str, *countries: str, company_id: str | None = None) -> Company:
    """A CPO named `name` whose id is its name unless given; no countries: made by an import."""
    return Company(company_id or name, name, "", is_cpo=True, is_emp=False, countries=countries)


def ours(*companies: Company) -> dict[str, tuple[Company, ...]]:
    return cpos_by_key(companies)


@pytest.mark.parametrize(
    ("register", "key"),
    [
        ("IONITY GmbH", "ionity"),
        ("EnBW mobility+ AG und Co.KG", "enbw mobility+"),
        ("Fastned Deutschland GmbH & Co KG", "fastned"),
        ("Tesla Germany GmbH", "tesla"),
        ("Electrify America, LLC", "electrify america"),
        ("Stadtwerke Bad Tölz GmbH & Co. KG", "stadtwerke bad tolz"),
        ("Undine Energie", "undine energie"),  # "und" is a word only on its own
        ("Mer Norway AS", "mer norway"),
        ("ChargePoint Network", "chargepoint"),  # AFDC's EV Network column
        ("eVgo Network", "evgo"),
    ],
)
def test_legal_forms_accents_and_country_words_do_not_tell_operators_apart(
    register: str, key: str
) -> None:
    assert operator_key(register) == key


def test_equal_keys_or_a_listed_alias_match_and_nothing_else() -> None:
    companies = ours(cpo("IONITY"), cpo("EnBW mobility+"), cpo("Tesla Supercharger"))

    def found(register: str) -> str | None:
        return our_operator(register, companies, country="DE")

    assert found("IONITY GmbH") == "IONITY"
    assert found("Tesla Germany GmbH") == "Tesla Supercharger"  # alias
    assert found("EnBW Energie Baden-Württemberg AG") == "EnBW mobility+"  # alias
    assert found("IONITY Austria GmbH") == "IONITY"
    assert found("Ionity Fanclub e.V.") is None
    assert found("EnBW mobility+ Ladekarte") is None


@pytest.mark.parametrize(
    ("register", "ours_"),
    [
        # BNetzA Betreiber (2022-01-01) of the chargers at Aral and Shell stations
        ("BP Europa SE", "Aral pulse"),
        ("Shell Deutschland Oil GmbH", "Shell Recharge"),
        ("InCharge AB Vattenfall", "Vattenfall InCharge"),
        # and names that only share a word stay apart
        ("BPW Bergische Achsen KG", None),
        ("Shell Tankstelle Müller", None),
    ],
)
def test_register_operators_of_our_brands(register: str, ours_: str | None) -> None:
    companies = ours(
        cpo("Aral pulse", "DE"), cpo("Shell Recharge", "DE"), cpo("Vattenfall InCharge")
    )
    assert our_operator(register, companies, country="DE") == ours_


def test_a_listed_alias_wins_over_a_company_an_import_made_for_the_same_key() -> None:
    # A BNetzA import made "TotalEnergies Marketing Deutschland GmbH" (key "totalenergies
    # marketing"); the IRVE's "TotalEnergies Marketing France" has that key too, and goes to our
    # TotalEnergies through the alias, not to the German register company.
    made = cpo("TotalEnergies Marketing Deutschland GmbH", company_id="bnetza-made")
    companies = ours(made, cpo("TotalEnergies", "FR", "DE", company_id="totalenergies"))
    assert (
        our_operator("TotalEnergies Marketing France", companies, country="FR") == "totalenergies"
    )
    german = our_operator("TotalEnergies Marketing Deutschland GmbH", companies, country="DE")
    assert german == "totalenergies"
    assert (
        our_operator("TotalEnergies Charging Services", companies, country="FR") == "totalenergies"
    )
    # Without our company, the register's own is still found.
    made_only = ours(made)
    assert our_operator("TotalEnergies Marketing France", made_only, country="FR") == "bnetza-made"


# --- countries: a company that lists its countries takes a register row only there ----------

BP_PULSE_UK = cpo("bp pulse UK", "GB", company_id="bp-pulse")


@pytest.mark.parametrize(
    ("register", "country", "expected"),
    [
        # UK NCR, IRVE nom_operateur (QualiCharge 2026-04-14), AFDC EV Network (WA, NY 2025)
        ("BP Pulse", "GB", "bp-pulse"),
        ("bp Pulse", "FR", None),
        ("bp pulse", "FR", None),
        ("BP_PULSE", "US", None),
    ],
)
def test_a_uk_company_takes_no_french_or_us_station(
    register: str, country: str, expected: str | None
) -> None:
    # "bp pulse UK" keys as "bp pulse" (country words do not tell operators apart), as do the
    # French and US registers' bp pulse: only the country keeps them apart.
    assert operator_key("bp pulse UK") == operator_key(register) == "bp pulse"
    assert our_operator(register, ours(BP_PULSE_UK), country=country) == expected


@pytest.mark.parametrize(
    ("register", "country", "expected"),
    [
        ("ENGIE", "GB", "geniepoint"),  # alias "engie", in a listed country
        ("ENGIE Deutschland GmbH", "DE", None),  # alias, elsewhere: GeniePoint is ENGIE's UK arm
        ("Shell Deutschland Oil GmbH", "DE", "shell"),  # alias "shell oil"
        ("Shell Recharge", "FR", None),  # a plain key, elsewhere
        ("Shell Recharge Solutions", "DE", None),  # another key altogether
        ("Shell Recharge", "DE", "shell"),  # a plain key, in a listed country
    ],
)
def test_an_alias_and_a_plain_key_both_keep_to_the_company_countries(
    register: str, country: str, expected: str | None
) -> None:
    companies = ours(
        cpo("GeniePoint (ENGIE)", "GB", company_id="geniepoint"),
        cpo("Shell Recharge", "DE", "NL", "AT", "GB", company_id="shell"),
    )
    assert our_operator(register, companies, country=country) == expected


def test_elsewhere_a_company_an_import_made_for_the_key_is_reused() -> None:
    # An IRVE import made "bp Pulse" (no countries: it matches anywhere) for the French
    # stations; a UK row still goes to our bp pulse UK, which lists GB, whatever the order.
    made = cpo("bp Pulse", company_id="irve-made")
    for companies in (ours(made, BP_PULSE_UK), ours(BP_PULSE_UK, made)):
        assert our_operator("BP Pulse", companies, country="GB") == "bp-pulse"
        assert our_operator("bp Pulse", companies, country="FR") == "irve-made"
        assert our_operator("BP_PULSE", companies, country="US") == "irve-made"


def test_only_cpos_are_keyed() -> None:
    emp = Company("adac", "ADAC e-Charge", "", is_cpo=False, is_emp=True, countries=("DE",))
    assert cpos_by_key([emp, BP_PULSE_UK]) == {"bp pulse": (BP_PULSE_UK,)}
