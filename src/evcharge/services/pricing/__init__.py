"""Pricing: one function prices one tariff for one situation (tariff_price.py); the single
station answer, the bulk engine, `evcharge quote` and the tests' oracle all reach it."""
