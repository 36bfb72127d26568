"""Alembic environment of the vault: always run from code on an open, keyed connection."""

from alembic import context

from minzheng_field.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
