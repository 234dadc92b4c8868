"""The dashboard's computed tables, cached under a version of the data they
are computed from.

The version has three parts, so that every number stays correct:
- a counter in the cache for the whole city, raised by every save, delete and
  many-to-many change of a model in the apps the dashboard reads
  (`WATCHED_APPS`) that `FEEDS` does not place in units, whichever process
  makes it (the cache is Redis whenever REDIS_URL is set);
- the newest primary key of each of those tables, read in one query on every
  request, which also sees rows written without signals (`bulk_create`, the
  seeding and bulk imports);
- a counter per org unit, raised by a write of a record `FEEDS` places in that
  unit (its own unit, its cadres' units: the units whose leaders' cells and
  figures the record counts in), before and after the write. A table built
  of per-unit blocks (`cached_blocks`) computes again only the blocks of the
  units whose counter moved: a write in one county leaves the other counties'
  blocks in place.

A changed version is a new key; old entries expire after `TIMEOUT`. A write
to a watched table by `QuerySet.update()` or raw SQL sends no signal and adds
no row: code that writes so must not feed a cached table (the supervision
panel, whose escalation is such an update, is read on every request).
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.apps import apps
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from ledgers.signals import saved_in_bulk
from org.roles import roles_of
from org.scope import access_for

logger = logging.getLogger(__name__)

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
WARM_QUEUED_KEY = "reports:warm-up-queued"
WARM_DELAY = 2  # seconds: the changes of one burst share a warm-up
_local = threading.local()  # versions read and raised by this thread
TIMEOUT = 10 * 60
# A dashboard's blocks are kept longer: the warm-up after a city-wide change
# and at the start of each day keeps the dashboards in use computed, and a
# changed version is a new key anyway.
BLOCK_TIMEOUT = 25 * 3600


def _watched(model) -> bool:
    return (
        model._meta.app_label in WATCHED_APPS and model._meta.label_lower not in IGNORED
    )


# Where a record counts: lookups from the record to the org units whose
# leaders' cells, figures or open items it feeds (its own unit, its cadres'
# units). A watched model absent from this map raises the city's counter: the
# tree, the people and their ranks, the places, the rules, the calendar. An
# empty tuple: the dashboard reads nothing of the model (accounts: the user's
# access is part of every key already, `scope_key`).
FEEDS: dict[str, tuple[str, ...]] = {
    # A cadre counts in the units of their positions (a past period's leader
    # stays in the unit held then) and in their unit now.
    "org.cadre": ("unit", "positions__unit"),
    "org.cadreposition": ("unit",),
    "org.user": (),
    "org.user_groups": (),
    "org.user_user_permissions": (),
    "tracking.notificationmute": (),
    "tracking.trackeditem": ("unit", "owner__unit", "co_units"),
    "tracking.trackeditemevent": ("item__unit",),
    "activities.liaison": ("cadre__unit",),
    "activities.activity": ("unit", "cadre__unit", "companions__unit"),
    "activities.handedoverproblem": ("activity__unit", "item__unit"),
    "activities.livelihooditem": ("item__unit",),
    "activities.typicalcase": ("unit", "activity__unit"),
    "research.researchplan": ("unit",),
    "research.researchtopic": ("unit", "lead__unit", "members__unit"),
    "research.researchtrip": ("topic__unit", "participants__unit"),
    "research.finding": ("topic__unit", "topic__lead__unit"),
    "research.measure": (
        "finding__topic__unit",
        "finding__topic__lead__unit",
        "item__unit",
    ),
    "research.conversion": ("topic__unit", "topic__lead__unit"),
    "research.researchreport": ("topic__unit", "topic__lead__unit"),
    "research.typicalcase": ("unit", "topic__unit"),
    "petitions.receptionday": ("leader__unit",),
    "petitions.petitioncase": ("unit",),
    "petitions.petitioner": ("case__unit",),
    "petitions.caseevent": ("case__unit",),
    "petitions.backlogcase": ("leader__unit", "case__unit"),
    "petitions.backlognote": ("backlog__leader__unit", "backlog__case__unit"),
    "petitions.hotlineorder": ("unit",),
    "supervision.rectificationitem": ("item__unit", "leader__unit"),
    "supervision.supervisionorder": ("item__unit", "target__unit"),
    "supervision.orderreply": ("order__item__unit", "order__target__unit"),
}
UNIT_KEY = "reports:unit-counter:{}"
# Writes placed in units per transaction (a query each); an import past that
# raises the city's counter instead.
PLACED_PER_TRANSACTION = 50
_BEFORE = "_reports_units_before"  # units a record counted in before its write
_NEWEST = "_reports_newest_before"  # a many-to-many table's newest row before
# Per table: the newest row written with a signal (`_account`).
SEEN_KEY = "reports:newest-seen:{}"


def bump() -> None:
    """A new data version: every cached table is computed again."""
    try:
        cache.incr(COUNTER_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(COUNTER_KEY, 1, None)


def city_changed() -> None:
    """A committed change the whole city's tables read (the tree, the rules,
    the calendar, rows written in bulk): a new version, and the dashboards
    viewed lately computed again in the background (`board.warm_viewed`), so
    that their next viewer does not wait for the whole table. A burst of
    changes queues one warm-up."""
    bump()
    if not cache.add(WARM_QUEUED_KEY, 1, WARM_DELAY + 60):
        return
    from .tasks import warm_dashboards  # tasks → board → this module

    # No retries: a write does not wait for a queue that is down; the next
    # viewer computes the table then.
    try:
        warm_dashboards.apply_async(countdown=WARM_DELAY, retry=False)
    except Exception:
        cache.delete(WARM_QUEUED_KEY)
        logger.warning("看板预计算未能排队", exc_info=True)


def bump_units(unit_ids: Iterable[int]) -> None:
    """A new version of these units' blocks (`cached_blocks`)."""
    for pk in set(unit_ids):
        key = UNIT_KEY.format(pk)
        try:
            if cache.incr(key) is not None:
                continue
        except ValueError:  # not set yet (or evicted): a value never used
            pass
        cache.set(key, time.time_ns(), None)


def _label(instance) -> str:
    return instance._meta.concrete_model._meta.label_lower


def _units_of(instance, using: str) -> set[int]:
    """The units the record counts in, as the database holds it now."""
    lookups = FEEDS[_label(instance)]
    if instance.pk is None:
        return set()
    rows = (
        type(instance)
        ._base_manager.using(using)
        .filter(pk=instance.pk)
        .values_list(*lookups)
    )
    return {pk for row in rows for pk in row if pk is not None}


class _Pending:
    """What one transaction's writes touched, raised again when it commits (a
    table computed meanwhile by another process from the old rows is not kept
    under the new version)."""

    def __init__(self):
        self.city = False
        self.units: set[int] = set()
        self.placed = 0
        self.raised: dict[int | None, int] = {}  # unit (None: the city) → reads
        self.done = False

    def __call__(self) -> None:
        self.done = True  # a later write registers a new one (tests run the
        # callbacks of a transaction that then goes on)
        if self.city:
            city_changed()
        bump_units(self.units)


def _pending(connection, using: str) -> _Pending:
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Pending) and not entry[1].done:
            return entry[1]
    pending = _Pending()
    transaction.on_commit(pending, using=using)
    return pending


def _changing(instance, using: str) -> None:
    """Before a write: the units the record counts in until then."""
    label = _label(instance)
    if not FEEDS.get(label) or instance.pk is None:
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        pending = _pending(connection, using)
        if pending.placed >= PLACED_PER_TRANSACTION:
            return
        pending.placed += 1
    instance.__dict__[_BEFORE] = _units_of(instance, using)


def _changed(instance, using: str) -> None:
    """After a write: raise the counters of the units the record counted in
    before and counts in now, or the city's. Inside one transaction a counter
    is raised again only if this thread read a version since (an import of
    10,000 rows raises it twice, not 10,000 times); all are raised again when
    the transaction commits."""
    label = _label(instance)
    if label in FEEDS and not FEEDS[label]:
        return
    before = instance.__dict__.pop(_BEFORE, set())
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        if label in FEEDS:
            bump_units(before | _units_of(instance, using))
        else:
            city_changed()
        return
    pending = _pending(connection, using)
    if label in FEEDS and pending.placed < PLACED_PER_TRANSACTION:
        pending.placed += 1
        targets: set[int | None] = before | _units_of(instance, using)
        pending.units |= targets
    else:
        pending.city = True
        targets = {None}
    _raise(pending, targets)


def _raise(pending: _Pending, targets: set[int | None]) -> None:
    """Raise the counters of `targets` (None: the city's) that this thread
    has read since they were last raised in the transaction."""
    reads = getattr(_local, "reads", 0)
    due = {target for target in targets if pending.raised.get(target) != reads}
    for target in due:
        pending.raised[target] = reads
    if None in due:
        bump()
    bump_units(target for target in due if target is not None)


def _newest(model, using: str, below=None):
    """The newest primary key of the model's table (below `below`)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"SELECT MAX({pk}) FROM {table}"
    with connection.cursor() as cursor:
        if below is None:
            cursor.execute(sql)
        else:
            cursor.execute(f"{sql} WHERE {pk} < %s", [below])
        return cursor.fetchone()[0]


def _counted(model) -> bool:
    """Whether the newest-row part of the version reads the model's table."""
    return (
        model._meta.managed
        and not model._meta.proxy
        and isinstance(model._meta.pk, models.AutoField)
    )


def _within_limit(using: str) -> bool:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return True
    pending = _pending(connection, using)
    if pending.placed >= PLACED_PER_TRANSACTION:
        return False
    pending.placed += 1
    return True


def _account(model, using: str, newest_before, newest_now) -> None:
    """The rows of the model's table up to `newest_now` are accounted for by
    signals. Rows between the last accounted for and `newest_before` were
    written without (bulk_create, raw SQL): the city's counter."""
    key = SEEN_KEY.format(model._meta.db_table)
    seen = cache.get(key)
    if newest_before is not None and (seen is None or newest_before > seen):
        _city(using)
    if newest_now is not None:
        cache.set(key, max(newest_now, seen or 0), None)


def _city(using: str) -> None:
    """Raise the city's counter now and, inside a transaction, when it
    commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        city_changed()
        return
    pending = _pending(connection, using)
    pending.city = True
    _raise(pending, {None})


def _pre_save(sender, instance, using="default", **kwargs) -> None:
    if _watched(sender):
        _changing(instance, using)


def _post_save(sender, instance, using="default", created=False, **kwargs):
    if not _watched(sender):
        return
    if created and _counted(sender) and _within_limit(using):
        _account(sender, using, _newest(sender, using, instance.pk), instance.pk)
    _changed(instance, using)


def _m2m_changed(sender, instance, action, using="default", **kwargs) -> None:
    if not _watched(sender):
        return
    adding = action in ("pre_add", "post_add") and _counted(sender)
    if action.startswith("pre_"):
        if adding and _within_limit(using):
            instance.__dict__[_NEWEST] = _newest(sender, using)
        _changing(instance, using)
    else:
        if adding and _NEWEST in instance.__dict__:
            before = instance.__dict__.pop(_NEWEST)
            _account(sender, using, before, _newest(sender, using))
        _changed(instance, using)


def _saved_in_bulk(sender, records, **kwargs) -> None:
    """Rows an import wrote in bulk: a city-wide change (the newest-row part
    of the version sees them too), warmed when the import commits; nothing
    if it is rolled back (a preview)."""
    if not _watched(sender):
        return
    connection = transaction.get_connection("default")
    if connection.in_atomic_block:
        _pending(connection, "default").city = True
    else:
        city_changed()


def connect_signals() -> None:
    saved_in_bulk.connect(_saved_in_bulk, dispatch_uid="reports-cache-bulk")
    for signal, receiver in (
        (pre_save, _pre_save),
        (post_save, _post_save),
        (pre_delete, _pre_save),
        (post_delete, _post_save),
        (m2m_changed, _m2m_changed),
    ):
        signal.connect(receiver, dispatch_uid=f"reports-cache-{signal!r}")


@lru_cache
def _version_sql(vendor: str) -> str:
    """One statement reading the newest primary key of every watched table."""
    quote = connections["default"].ops.quote_name
    return "SELECT " + ", ".join(
        f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in _tables()
    )


@lru_cache
def _tables() -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (model._meta.db_table, model._meta.pk.column)
            for model in apps.get_models(include_auto_created=True)
            if _watched(model) and model._meta.managed and not model._meta.proxy
        )
    )


def data_version(using: str = "default") -> str:
    """The city's counter and the newest primary key of every watched table
    that holds rows written without a signal (above the newest accounted for
    by signals, `_account`): a signalled write leaves this part as it was."""
    _local.reads = getattr(_local, "reads", 0) + 1
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor))
        newest = cursor.fetchone()
    keys = [SEEN_KEY.format(table) for table, _ in _tables()]
    found = cache.get_many([COUNTER_KEY, *keys])
    counter = found.get(COUNTER_KEY)
    if counter is None:
        cache.add(COUNTER_KEY, 1, None)
        counter = cache.get(COUNTER_KEY, 1)
    # A table without a newest row accounted for (a new or flushed cache):
    # its rows so far are, under a new city counter.
    missing = {key: n or 0 for n, key in zip(newest, keys, strict=True)}
    missing = {key: n for key, n in missing.items() if key not in found}
    if missing:
        if any([cache.add(key, n, None) for key, n in missing.items()]):
            bump()
        found.update(cache.get_many([COUNTER_KEY, *missing]))
        counter = found.get(COUNTER_KEY, counter)
    unseen = [
        n if n is not None and (found.get(key) is None or n > found[key]) else None
        for n, key in zip(newest, keys, strict=True)
    ]
    return f"{counter}:{hashlib.sha1(repr(unseen).encode()).hexdigest()[:16]}"


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


def unit_versions(unit_ids: Iterable[int]) -> dict[int, int]:
    """Each unit's counter, one read for all; a counter not set yet (or
    evicted) is given a value never used before."""
    keys = {pk: UNIT_KEY.format(pk) for pk in unit_ids}
    found = cache.get_many(list(keys.values()))
    versions = {pk: found.get(key) for pk, key in keys.items()}
    fresh = {pk: time.time_ns() for pk, value in versions.items() if value is None}
    if fresh:
        cache.set_many({keys[pk]: value for pk, value in fresh.items()}, None)
        versions.update(fresh)
    return versions


def cached_blocks(
    name: str,
    user,
    unit_ids: list[int],
    parts: tuple,
    compute: Callable[[list[int]], dict],
    compose: Callable[[dict], object],
    *,
    composed_parts: tuple = (),
    using: str = "default",
):
    """(`compose(blocks)` or its cached value, its key), where `blocks` maps
    each unit of `unit_ids` to its block: read from the cache under that
    unit's counter, or computed by `compute(missing)` in one call for the
    units whose counter moved since. The composed value is cached under every
    unit's counter and `composed_parts` (the unit the table is for); blocks
    under `parts` only (period, day), so a county's block serves the city's
    table and the county's own. The key also names the page's fragments."""
    version, scope = data_version(using), scope_key(user)
    versions = unit_versions(unit_ids)
    tail = ":".join(map(str, parts))
    digest = hashlib.sha1(repr(sorted(versions.items())).encode()).hexdigest()[:16]
    key = ":".join(
        ["reports", name, version, scope, *map(str, composed_parts), tail, digest]
    )
    value = cache.get(key)
    if value is None:
        keys = {
            pk: f"reports:{name}-unit:{version}:{scope}:{pk}:{versions[pk]}:{tail}"
            for pk in unit_ids
        }
        found = cache.get_many(list(keys.values()))
        blocks = {pk: found[k] for pk, k in keys.items() if k in found}
        missing = [pk for pk in unit_ids if pk not in blocks]
        if missing:
            computed = compute(missing)
            cache.set_many({keys[pk]: computed[pk] for pk in missing}, BLOCK_TIMEOUT)
            blocks.update(computed)
        value = compose(blocks)
        cache.set(key, value, BLOCK_TIMEOUT)
    return value, key
