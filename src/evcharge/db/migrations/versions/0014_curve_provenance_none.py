"""vehicles: a car without DC charging has no curve (curve_provenance 'none'), not the default rule

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows stored before: a car with no DC maximum was labelled with the default-curve rule,
    # though no curve stands behind it (its dc_charging_curve is empty).
    false = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    op.execute(
        "UPDATE vehicles SET curve_provenance = 'none', dc_default_charging_curve = "
        f"{false} WHERE dc_max_power_kw IS NULL"
    )


def downgrade() -> None:
    # Back to how 0013 stored such a car: the default-curve rule, flagged as such.
    true = "true" if op.get_bind().dialect.name == "postgresql" else "1"
    op.execute(
        "UPDATE vehicles SET curve_provenance = 'default', dc_default_charging_curve = "
        f"{true} WHERE curve_provenance = 'none'"
    )
