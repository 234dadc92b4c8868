"""The dashboard's computed tables, cached under a version of the data they
are computed from.

The version has two parts, so that every number stays correct:
- a counter in the cache, raised by every save, delete and many-to-many change
  of a model in the apps the dashboard reads (`WATCHED_APPS`), whichever
  process makes it (the cache is Redis whenever REDIS_URL is set);
- the newest primary key of each of those tables, read in one query on every
  request, which also sees rows written without signals (`bulk_create`, the
  seeding and bulk imports).

A changed version is a new key; old entries expire after `TIMEOUT`. A write
to a watched table by `QuerySet.update()` or raw SQL sends no signal and adds
no row: code that writes so must not feed a cached table (the supervision
panel, whose escalation is such an update, is read on every request).
"""

import hashlib
import threading
from functools import lru_cache

from django.apps import apps
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from org.roles import roles_of
from org.scope import access_for

WATCHED_APPS = (
    "org",
    "activities",
    "research",
    "petitions",
    "tracking",
    "supervision",
    "reports",
)
# Models of those apps that the dashboard does not read and that change often.
IGNORED = {"reports.report", "tracking.notification"}
COUNTER_KEY = "reports:data-counter"
_local = threading.local()  # versions read and raised by this thread
TIMEOUT = 10 * 60


def _watched(model) -> bool:
    return (
        model._meta.app_label in WATCHED_APPS and model._meta.label_lower not in IGNORED
    )


def bump() -> None:
    """A new data version: every cached table is computed again."""
    try:
        cache.incr(COUNTER_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(COUNTER_KEY, 1, None)


def _bump(sender, using: str = "default", **kwargs) -> None:
    """Raise the counter for a change: at once, and again when its
    transaction commits (a table computed meanwhile by another process from
    the old rows is not kept under the new version). Inside one transaction
    the counter is raised again only if this thread read a version since
    (an import of 10,000 rows raises it twice, not 10,000 times)."""
    if not _watched(sender):
        return
    connection = transaction.get_connection(using)
    reads = getattr(_local, "reads", 0)
    if not connection.in_atomic_block:
        bump()
    elif not any(entry[1] is bump for entry in connection.run_on_commit):
        transaction.on_commit(bump, using=using)
        bump()
    elif getattr(_local, "bumped_at", None) != reads:
        bump()
    _local.bumped_at = reads


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump, dispatch_uid=f"reports-cache-{signal!r}")


@lru_cache
def _version_sql(vendor: str) -> str:
    """One statement reading the newest primary key of every watched table."""
    quote = connections["default"].ops.quote_name
    return "SELECT " + ", ".join(
        f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in _tables()
    )


def _tables() -> list[tuple[str, str]]:
    return sorted(
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models(include_auto_created=True)
        if _watched(model) and model._meta.managed and not model._meta.proxy
    )


def data_version(using: str = "default") -> str:
    """The counter and the newest primary key of every watched table."""
    _local.reads = getattr(_local, "reads", 0) + 1
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor))
        newest = cursor.fetchone()
    counter = cache.get(COUNTER_KEY)
    if counter is None:
        cache.add(COUNTER_KEY, 1, None)
        counter = cache.get(COUNTER_KEY, 1)
    return f"{counter}:{hashlib.sha1(repr(newest).encode()).hexdigest()[:16]}"


def scope_key(user) -> str:
    """What decides the records and actions a user is shown: their access and
    roles (users of the same scope and roles share a cached table)."""
    access = access_for(user)
    parts = (
        access.everything,
        access.administrator,
        access.paths,
        access.edit_paths,
        sorted(access.edit_roles),
        access.cadre_id,
        access.reach_path,
        sorted(roles_of(user)),
    )
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def cached(name: str, user, parts: tuple, compute, *, using: str = "default"):
    """(`compute()` or its cached value, its key) for this data version, user
    scope and `parts` (unit, period, day). The key also names the page's
    cached fragments (`{% cache … key %}`)."""
    key = ":".join(
        ["reports", name, data_version(using), scope_key(user), *map(str, parts)]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value, key
