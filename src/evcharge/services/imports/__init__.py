"""Imports: parsed records applied to the catalogue as idempotent upserts, and the seed."""
