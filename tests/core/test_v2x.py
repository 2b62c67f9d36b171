from __future__ import annotations

from evcharge.core.v2x import MarketV2x, SupportStatus, V2xFact, bidirectional_result

NA = V2xFact(SupportStatus.NOT_AVAILABLE, source_url="u")


def test_complete_facts_have_no_unknown_fields() -> None:
    facts = MarketV2x(
        v2l=V2xFact(SupportStatus.AVAILABLE, 3.6, "1 x Type 2 (Adapter)", "None", "u"),
        v2h_ac=NA,
        v2h_dc=NA,
        v2g_ac=NA,
        v2g_dc=V2xFact(SupportStatus.AVAILABLE, 7.4, source_url="u"),
    )
    result, unknown = bidirectional_result(facts)
    assert unknown == []
    assert result.vehicle_to_load_support_status == "Available"
    assert result.vehicle_to_load_power_output_kw == 3.6
    assert result.vehicle_to_home_ac_support_status == "Not Available"
    assert result.vehicle_to_home_ac_power_output_kw is None
    assert result.vehicle_to_grid_dc_power_output_kw == 7.4


def test_an_offered_mode_without_power_is_unknown() -> None:
    facts = MarketV2x(
        v2l=V2xFact(SupportStatus.ANNOUNCED, None, "1 x Type 2 (Adapter)", None, "u"),
        v2h_ac=NA,
        v2h_dc=NA,
        v2g_ac=NA,
        v2g_dc=NA,
    )
    _result, unknown = bidirectional_result(facts)
    assert unknown == ["vehicle_to_load_power_output_kw", "vehicle_to_load_interior_port_details"]


def test_unknown_status_makes_status_and_power_unknown() -> None:
    _result, unknown = bidirectional_result(MarketV2x())
    assert len(unknown) == 12
