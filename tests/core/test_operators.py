"""Register spellings of operators against our companies' names (core/operators.py)."""

from __future__ import annotations

import pytest

from evcharge.core.operators import operator_key, our_operator


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
    ours = {operator_key(n): n for n in ("IONITY", "EnBW mobility+", "Tesla Supercharger")}
    assert our_operator("IONITY GmbH", ours) == "IONITY"
    assert our_operator("Tesla Germany GmbH", ours) == "Tesla Supercharger"  # alias
    assert our_operator("EnBW Energie Baden-Württemberg AG", ours) == "EnBW mobility+"  # alias
    assert our_operator("IONITY Austria GmbH", ours) == "IONITY"
    assert our_operator("Ionity Fanclub e.V.", ours) is None
    assert our_operator("EnBW mobility+ Ladekarte", ours) is None


@pytest.mark.parametrize(
    ("register", "ours"),
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
def test_register_operators_of_our_brands(register: str, ours: str | None) -> None:
    companies = {
        operator_key(n): n for n in ("Aral pulse", "Shell Recharge", "Vattenfall InCharge")
    }
    assert our_operator(register, companies) == ours


def test_a_listed_alias_wins_over_a_company_an_import_made_for_the_same_key() -> None:
    # A BNetzA import made "TotalEnergies Marketing Deutschland GmbH" (key "totalenergies
    # marketing"); the IRVE's "TotalEnergies Marketing France" has that key too, and goes to our
    # TotalEnergies through the alias, not to the German register company.
    ours = {
        operator_key("TotalEnergies Marketing Deutschland GmbH"): "bnetza-made",
        operator_key("TotalEnergies"): "totalenergies",
    }
    assert our_operator("TotalEnergies Marketing France", ours) == "totalenergies"
    assert our_operator("TotalEnergies Marketing Deutschland GmbH", ours) == "totalenergies"
    assert our_operator("TotalEnergies Charging Services", ours) == "totalenergies"
    # Without our company, the register's own is still found.
    made_only = {operator_key("TotalEnergies Marketing Deutschland GmbH"): "bnetza-made"}
    assert our_operator("TotalEnergies Marketing France", made_only) == "bnetza-made"
