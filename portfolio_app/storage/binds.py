"""Bind processors for the import hot path that write exactly what SQLAlchemy's would.

Why: :class:`~portfolio_app.storage.repository._RawStatement` runs each import insert on the
DB-API cursor with SQLAlchemy's own bind processors, and those were a sixth of what storing a
file cost: a UTC datetime goes through the ``TypeDecorator`` step and then SQLite's
``%``-format with a dict of seven fields, an empty JSON list through ``json.dumps``.  The
shortcuts here cover only the values an import actually binds — a plain ``datetime`` and an
empty ``list`` / ``dict`` — and hand everything else to SQLAlchemy's processor, so the
database receives the same text (``tests/test_storage_batch.py`` compares the rows with the
ones SQLAlchemy writes, datetimes with and without offsets included).  A processor is only
replaced when the column's type and storage format are the ones this module knows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from portfolio_app.storage.tables import UTCDateTime

Processor = Callable[[Any], Any]

#: SQLAlchemy's SQLite ``DATETIME`` text, which the fast path below reproduces.
SQLITE_DATETIME_FORMAT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)


def bind_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """The processor SQLAlchemy applies for ``type_`` on ``dialect``, or an exact shortcut."""
    # dialect_impl: the processor SQLAlchemy itself applies (a TypeDecorator's own step, then
    # its implementation's for this dialect, e.g. SQLite's DATETIME text)
    reference = type_.dialect_impl(dialect).bind_processor(dialect)
    if reference is None or dialect.name != "sqlite":
        return reference
    if isinstance(type_, UTCDateTime):
        impl = type_.impl_instance.dialect_impl(dialect)
        if getattr(impl, "_storage_format", None) == SQLITE_DATETIME_FORMAT:
            return _utc_datetime(reference)
    elif type(type_) is JSON and not type_.none_as_null and _default_json(dialect):
        return _empty_json(reference)
    return reference


def _default_json(dialect: Dialect) -> bool:
    """Whether the engine serialises JSON with plain ``json.dumps`` (no custom serializer)."""
    return getattr(dialect, "_json_serializer", None) is None


def _utc_datetime(reference: Processor) -> Processor:
    def process(value: Any) -> Any:
        if value.__class__ is not datetime:
            return reference(value)  # None, a date, a subclass: SQLAlchemy's own way
        if value.tzinfo is not None:  # what UTCDateTime.process_bind_param does
            value = value.astimezone(UTC).replace(tzinfo=None)
        return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - SQLAlchemy's format
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )

    return process


def _empty_json(reference: Processor) -> Processor:
    def process(value: Any) -> Any:
        if not value:  # json.dumps gives exactly these for an empty list / dict
            if value.__class__ is list:
                return "[]"
            if value.__class__ is dict:
                return "{}"
        return reference(value)

    return process


# -- the other way: result processors for reverify's read of the whole wallet ------------------


def result_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """The processor SQLAlchemy applies to a ``type_`` column it reads on ``dialect``, or an
    exact shortcut.

    Why: ``Repository.reverify_entries`` reads every credential and rendition of the wallet
    (10,000 rows, six JSON columns each) and most JSON values there are ``[]`` or ``{}``;
    ``json.loads`` of those costs a few microseconds each, more than reading the row.  The
    shortcut answers only those two exact texts (``json.loads`` gives a new empty list / dict
    for them) and hands every other value to SQLAlchemy's processor, so what comes back is
    what SQLAlchemy would return (``tests/test_reverify_storage.py``).
    """
    # dialect_impl: what SQLAlchemy's own result set applies for this column (a
    # TypeDecorator's process_result_value after its implementation's step for this dialect);
    # None: the type SQLite's cursor reports for every column.
    reference = type_.dialect_impl(dialect).result_processor(dialect, None)
    if reference is None or dialect.name != "sqlite":
        return reference
    if type(type_) is JSON and _default_json_reader(dialect):
        return _empty_json_result(reference)
    return reference


def _default_json_reader(dialect: Dialect) -> bool:
    """Whether the engine reads JSON with plain ``json.loads`` (no custom deserializer)."""
    return getattr(dialect, "_json_deserializer", None) is None


def _empty_json_result(reference: Processor) -> Processor:
    def process(value: Any) -> Any:
        if value.__class__ is str:
            if value == "[]":
                return []
            if value == "{}":
                return {}
        return reference(value)

    return process
