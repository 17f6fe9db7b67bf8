"""The schema revision this code writes, in a module that imports nothing.

Both openers need it: :mod:`.engine` (SQLAlchemy, migrations) and :mod:`.quickread` (the
standard library's ``sqlite3`` only, for commands that must start fast).  Keeping it here
lets the quick reader check a profile is current without loading SQLAlchemy or Alembic;
``tests/test_storage_migrations.py`` checks it is the head of ``migrations/versions``.
"""

from __future__ import annotations

#: The newest revision in ``migrations/versions``.
HEAD_REVISION = "0005"
