"""Alembic environment, driven only from code (see ``storage.engine.upgrade``).

There is no ``alembic.ini``: the engine module builds the ``Config`` in memory and passes an
open connection in ``config.attributes["connection"]``, so migrations run on exactly the
connection (and pragmas) the app uses.  ``render_as_batch`` because SQLite cannot ALTER most
things in place; batch mode rebuilds the table instead.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from portfolio_app.storage import tables  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through portfolio_app.storage.engine.upgrade, not the alembic CLI"
    )

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
