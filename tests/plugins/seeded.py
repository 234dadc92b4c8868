"""Seeded cities, built once per test session and replayed into each test.

Seeding the demo city takes 5–25 s, a larger scale city as long, and even the
small `city` of tests/conftest.py a tenth of a second, asked for by most tests.
Here a city is seeded once per session inside a transaction, the rows the
seeding added are read back table by table, and the transaction is rolled back.
A test that needs the city gets those rows written again inside its own
transaction (`COPY` on PostgreSQL, `executemany` on SQLite), so they roll back
with the test: nothing one test writes reaches the next.

- `demo_city`: the demo city (金昌市) of `seed_demo`.
- `seeded(name, seed)`: the session's snapshot of any seeding (the `city`
  fixture and the scale cities of tests/scale.py are kept this way).
"""

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from auditlog.context import disable_auditlog
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from demo.city import seed_demo_city
from tests.plugins import FAST_PASSWORD_HASHERS


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    """The tables of the installed models (what `flush` empties)."""
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _read_sqlite(cursor, table: str) -> tuple[list[str], list[tuple]]:
    cursor.execute(f"PRAGMA table_info({_quote(table)})")
    columns = [row[1] for row in cursor.fetchall()]
    # Raw values, not the Python objects Django's converters make of them:
    # unary + keeps a value and its storage class but drops the declared type.
    selected = ", ".join(f"+{_quote(c)}" for c in columns)
    cursor.execute(f"SELECT {selected} FROM {_quote(table)}")
    return columns, cursor.fetchall()


def _read_postgresql(cursor, table: str) -> tuple[list[str], list[bytes]]:
    """The table's rows as COPY text lines: exact, whatever the column types."""
    data = io.BytesIO()
    with cursor.cursor.copy(f"COPY {_quote(table)} TO STDOUT") as copy:
        for block in copy:
            data.write(block)
    return [], data.getvalue().splitlines(keepends=True)


def _read(cursor, table: str):
    if connection.vendor == "postgresql":
        return _read_postgresql(cursor, table)
    if connection.vendor == "sqlite":
        return _read_sqlite(cursor, table)
    raise NotImplementedError(connection.vendor)


def _write(cursor, table: str, columns: list[str], rows: list) -> None:
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
            copy.write(b"".join(rows))
    else:
        names = ", ".join(_quote(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows
        )


@dataclass
class Snapshot:
    """The rows a seeding found (`base`) and added (`rows`), per table, and
    what the seeding returned (`value`)."""

    value: Any
    base: dict[str, tuple[list[str], list]] = field(default_factory=dict)
    rows: dict[str, tuple[list[str], list]] = field(default_factory=dict)
    sequences: list[tuple[str, str, str]] = field(default_factory=list)

    def load(self) -> Any:
        """Add the seeding's rows to the database; return the seeding's value."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.rows.items():
                _write(cursor, table, columns, rows)
            self._move_sequences(cursor, self.rows)
        return self.value

    def replace(self) -> Any:
        """Empty every table and write what the seeding found and added, so
        the database is the one seeded whatever ran before (a transactional
        test starts after others flushed it); return the seeding's value."""
        with transaction.atomic(), connection.cursor() as cursor:
            connection.ops.execute_sql_flush(
                connection.ops.sql_flush(no_style(), _tables())
            )
            for table, (columns, rows) in self.base.items():
                _write(cursor, table, columns, rows + self.rows.get(table, ([], []))[1])
            self._move_sequences(cursor, self.base)
        return self.value

    def _move_sequences(self, cursor, tables) -> None:
        """Move the id sequences of `tables` past the ids just written, in one
        query (SQLite's AUTOINCREMENT counter follows explicit ids itself)."""
        moves = [
            f"setval('{_quote(sequence)}', GREATEST("
            f"(SELECT MAX({_quote(column)}) FROM {_quote(table)}), "
            f"(SELECT last_value FROM {_quote(sequence)})))"
            for table, column, sequence in self.sequences
            if table in tables
        ]
        if moves:
            cursor.execute("SELECT " + ", ".join(moves))


def capture(seed: Callable[[], Any]) -> Snapshot:
    """Run `seed` in a transaction that is rolled back; return its snapshot.

    A seeding that changes or deletes rows it found is refused: replaying only
    its additions would not give the same database.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        before = {table: _read(cursor, table) for table in _tables()}
        value = seed()
        snapshot = Snapshot(value=value, base=before)
        for table in _tables():
            columns, rows = _read(cursor, table)
            old = before[table][1]
            known = set(old)
            added = [row for row in rows if row not in known]
            if len(rows) - len(added) != len(old):
                raise RuntimeError(f"种子数据修改或删除了已有记录（{table}），无法快照")
            if added:
                snapshot.rows[table] = (columns, added)
            if connection.vendor == "postgresql" and (added or old):
                snapshot.sequences += [
                    (table, s["column"], s["name"])
                    for s in connection.introspection.get_sequences(cursor, table)
                ]
        transaction.set_rollback(True)
    return snapshot


_snapshots: dict[str, Snapshot] = {}


def seeded(name: str, seed: Callable[[], Any]) -> Snapshot:
    """The session's snapshot called `name`, seeded by `seed` the first time."""
    if name not in _snapshots:
        _snapshots[name] = capture(seed)
    return _snapshots[name]


def _seed_demo_city():
    # What `seed_demo` does: demo rows stay out of the audit trail.

    with disable_auditlog():
        return seed_demo_city()


@pytest.fixture(scope="session")
def _demo_city_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    # Seeded as the first test that asks for it starts; pytest-django runs the
    # transactional tests, which flush the database, after the others, so the
    # rows the seeding finds are the migrated database's own.
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
    ):
        return seeded("demo_city", _seed_demo_city)


@pytest.fixture
def demo_city(db, _demo_city_snapshot):
    """The demo city of `seed_demo` (a `demo.city.DemoCity`), added in this
    test's transaction. A transactional test (no transaction to roll back; the
    database is flushed after it) gets the whole database replaced by the
    migrated one with the demo city: ask for `demo_city` before any fixture
    that writes rows."""
    if connection.in_atomic_block:
        return copy.deepcopy(_demo_city_snapshot.load())
    return copy.deepcopy(_demo_city_snapshot.replace())
