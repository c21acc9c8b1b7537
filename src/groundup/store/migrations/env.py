"""Alembic environment: runs on the connection handed over by ``groundup.store.migrate``.

To write a new migration against a scratch database (from Python)::

    with engine.begin() as conn:
        command.revision(alembic_config(conn), "what changed", autogenerate=True, rev_id="0003")
"""

from alembic import context

from groundup.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("groundup migrations run through groundup.store.migrate with an open connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
