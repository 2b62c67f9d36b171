"""OCPI 2.2.1 tariffs and CDRs, and the engine that prices a session under a tariff.

Rules and their sources: shared/reference/ocpi-2.2.1-tariffs.md (§ numbers in comments).
"""
