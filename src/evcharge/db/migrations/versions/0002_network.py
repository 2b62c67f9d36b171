"""network: companies, stations, tariffs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 05:56:23.994870
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from evcharge.db.types import UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("is_cpo", sa.Boolean(), nullable=False),
        sa.Column("is_emp", sa.Boolean(), nullable=False),
        sa.Column(
            "countries",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "evse_operator_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("source_key", name=op.f("uq_companies_source_key")),
    )
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_companies_name"), ["name"], unique=False)

    op.create_table(
        "company_supported_emps",
        sa.Column("cpo_id", sa.String(length=36), nullable=False),
        sa.Column("emp_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["cpo_id"],
            ["companies.id"],
            name=op.f("fk_company_supported_emps_cpo_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["emp_id"],
            ["companies.id"],
            name=op.f("fk_company_supported_emps_emp_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cpo_id", "emp_id", name=op.f("pk_company_supported_emps")),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("operator_id", sa.String(length=36), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("free_parking", sa.Boolean(), nullable=True),
        sa.Column("free_charging", sa.Boolean(), nullable=True),
        sa.Column("parking_type", sa.String(length=40), nullable=True),
        sa.Column(
            "facilities",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "charge_points",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("max_power_kw", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["companies.id"], name=op.f("fk_stations_operator_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("source_key", name=op.f("uq_stations_source_key")),
    )
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stations_country"), ["country"], unique=False)
        batch_op.create_index("ix_stations_lat_lng", ["latitude", "longitude"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stations_max_power_kw"), ["max_power_kw"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stations_operator_id"), ["operator_id"], unique=False)

    op.create_table(
        "tariffs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=False),
        sa.Column("emp_id", sa.String(length=36), nullable=False),
        sa.Column("cpo_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("monthly_fee", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("yearly_service_fee", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("monthly_min_sales", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("is_flat_rate", sa.Boolean(), nullable=False),
        sa.Column("is_direct_payment", sa.Boolean(), nullable=False),
        sa.Column("is_card_payment", sa.Boolean(), nullable=False),
        sa.Column("provider_customer_only", sa.Boolean(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column(
            "supported_countries",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "vehicle_brands",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("no_price_policy", sa.String(length=16), nullable=False),
        sa.Column("no_price_reason", sa.String(length=40), nullable=False),
        sa.Column(
            "prices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("prices_as_of", sa.Date(), nullable=True),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cpo_id"], ["companies.id"], name=op.f("fk_tariffs_cpo_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["emp_id"], ["companies.id"], name=op.f("fk_tariffs_emp_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariffs")),
        sa.UniqueConstraint("source_key", name=op.f("uq_tariffs_source_key")),
    )
    with op.batch_alter_table("tariffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tariffs_cpo_id"), ["cpo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tariffs_emp_id"), ["emp_id"], unique=False)

    op.create_table(
        "station_evse_ids",
        sa.Column("evse_id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_evse_ids_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evse_id", name=op.f("pk_station_evse_ids")),
    )
    with op.batch_alter_table("station_evse_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_station_evse_ids_station_id"), ["station_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("station_evse_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_station_evse_ids_station_id"))

    op.drop_table("station_evse_ids")
    with op.batch_alter_table("tariffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tariffs_emp_id"))
        batch_op.drop_index(batch_op.f("ix_tariffs_cpo_id"))

    op.drop_table("tariffs")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stations_operator_id"))
        batch_op.drop_index(batch_op.f("ix_stations_max_power_kw"))
        batch_op.drop_index("ix_stations_lat_lng")
        batch_op.drop_index(batch_op.f("ix_stations_country"))

    op.drop_table("stations")
    op.drop_table("company_supported_emps")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_name"))

    op.drop_table("companies")
