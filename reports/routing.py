"""Dashboard and report reads on a PostgreSQL read replica.

When settings name a `replica` database (DATABASE_REPLICA_URL) and list
`ReplicaRouter` in DATABASE_ROUTERS, the reads made inside `replica_reads()`
(the dashboard, its JSON and the report pipeline's collect step) go to the
replica; every write, and every read outside it, stays on `default`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("reports_replica_reads", default=False)


@contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def read_alias() -> str:
    """The alias reads go to now: the replica inside `replica_reads()` when
    one is configured, else default."""
    if _reading.get() and REPLICA in settings.DATABASES:
        return REPLICA
    return "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = read_alias()
        return alias if alias == REPLICA else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
