"""Alembic environment: uses the connection handed over by evcharge.db.migrate when present."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import evcharge.db.models  # noqa: F401  (registers every table on Base.metadata)
from evcharge.db.base import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        run(conn)
