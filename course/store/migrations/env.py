"""Alembic environment for the progress store: runs on the connection the store hands over.

The store passes its open (possibly encrypted) connection in
`config.attributes["connection"]`; there is no URL, so no passphrase is ever
written into a configuration.
"""

from __future__ import annotations

from alembic import context

from course.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the progress store migrations run only from course.store.schema")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
