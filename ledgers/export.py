"""导出台账: the rows a list's filters select, written as .xlsx.

One path for the list pages, the command line and the worker: the filters are
read with the exporting user's scope, the title is built from them, and the
rows are read as values (never as records, unless a column computes its cell
from the record) in batches and streamed to XlsxWriter's constant-memory sheet. An export of more than
`settings.LEDGER_EXPORT_ASYNC_ROWS` rows runs as a `LedgerExport` job.
"""

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from operator import itemgetter
from types import SimpleNamespace
from typing import BinaryIO

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, models, router
from django.db.models import BooleanField, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone

from ledgers.columns import From
from ledgers.models import LedgerExport
from ledgers.registry import LEDGERS, Ledger, ledger_title
from org.roles import sees_personal_data
from security.models import AuditEvent
from tracking.services import notify
from ui.spreadsheet import (
    ANY,
    BOOL,
    DATE,
    DATETIME,
    NUMBER,
    TEXT,
    Column,
    ExportContext,
    write_xlsx,
)

logger = logging.getLogger(__name__)


class ExportFilterError(ValueError):
    """The list's filter values cannot be read (e.g. a unit outside scope)."""


@dataclass
class PreparedExport:
    ledger: Ledger
    rows: Iterable
    count: int
    title: str
    unit_name: str
    context: ExportContext

    @property
    def filename(self) -> str:
        return f"{self.title}.xlsx"

    @property
    def is_large(self) -> bool:
        return self.count > settings.LEDGER_EXPORT_ASYNC_ROWS

    def write(self, progress: Callable[[int], None] | None = None) -> BinaryIO:
        """The .xlsx in a temporary file (rewound), so neither the rows nor
        the file are held in memory."""
        rows, columns = self.rows, self.ledger.export_columns
        values = _ValueRows.of(self.ledger, rows, self.context)
        if values is not None:
            rows, columns = values, values.columns
        elif isinstance(rows, QuerySet):
            rows = rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        output = tempfile.TemporaryFile()
        write_xlsx(
            columns,
            rows,
            self.context,
            sheet_name=self.ledger.title,
            title=self.title,
            unit_name=self.unit_name,
            exported_on=timezone.localdate(),
            progress=progress,
            output=output,
            cells=values is not None,
        )
        output.seek(0)
        return output


# Rows read at a time: a query per model named and per many-to-many column
# per batch (names already read are kept), so an export makes far fewer than
# one query per 500 rows, and memory stays flat.
EXPORT_CHUNK_ROWS = 5000
LABELS_KEPT = 20000  # record names remembered across batches, per model


class _Labels:
    """Records' names (`str(record)`) by model and primary key, read in one
    query per model for a batch of rows and remembered for the next ones."""

    def __init__(self):
        self.known: dict[type, dict] = {}
        self.needed: dict[type, set] = {}

    def want(self, model, pks) -> None:
        self.needed.setdefault(model, set()).update(pks)

    def fetch(self) -> None:
        for model, needed in self.needed.items():
            needed.discard(None)
            known = self.of(model)
            missing = needed - known.keys()
            if not missing:
                continue
            if len(known) + len(missing) > LABELS_KEPT:
                known.clear()
                missing = needed
            known.update(_names(model, missing))
        self.needed = {}

    def of(self, model) -> dict:
        return self.known.setdefault(model, {})


def _names(model, pks) -> Iterator[tuple]:
    """(pk, str(record)) of the records, with what `__str__` reads: their
    required foreign keys (a place's unit) and one-to-one companions (a
    login's cadre)."""
    related = [
        f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null
    ] + [r.get_accessor_name() for r in model._meta.related_objects if r.one_to_one]
    records = model._base_manager.select_related(*related).filter(
        _among(model, model._meta.pk, pks)
    )
    return ((record.pk, str(record)) for record in records)


def _among(model, field, values):
    """`field IN values` for a batch's thousands of keys: on PostgreSQL one
    array parameter (`= ANY(%s)`), which the driver and the server read about
    ten times faster than as many parameters as keys."""
    values = list(values)
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql":
        return Q(**{f"{field.name}__in": values})
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(field.column)}"
    return RawSQL(f"{column} = ANY(%s)", (values,), output_field=BooleanField())


def _kind_of(field) -> str:
    """What a model field's values are, as cells."""
    if isinstance(field, models.DateTimeField):
        return DATETIME
    if isinstance(field, models.DateField):
        return DATE
    if isinstance(field, models.BooleanField):
        return BOOL
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return NUMBER
    if isinstance(field, models.CharField | models.TextField):
        return TEXT
    return ANY


class _Source:
    """One path of a row read as a value: where it is in the values row and
    how it turns into what `follow` would show."""

    def __init__(self, model, path: str, annotations, labels: _Labels):
        self.path, self.kind, self.convert = path, ANY, None
        self.related = None  # model named by a foreign key: cell is its name
        self.many = None  # (through, owner column, target column, target model)
        self.array = False  # many: read as an array of the targets' keys
        self.values = None  # (model, its key to the row's record, its field)
        if path in annotations:
            self.column = path
            try:
                self.kind = _kind_of(annotations[path].output_field)
            except FieldError:  # an expression of mixed types: checked per cell
                pass
            return
        *steps, last = path.split("__")
        for n, step in enumerate(steps):
            field = model._meta.get_field(step)
            if field.one_to_many and n == len(steps) - 1:
                # A field of a set of records ("petitioners__name"): a list.
                target = field.related_model._meta.get_field(last)
                if target.is_relation:
                    raise FieldDoesNotExist(path)
                self.column = "__".join(steps[:n]) or "pk"
                self.values = (field.related_model, field.field.name, last)
                return
            if not field.is_relation or field.many_to_many or field.one_to_many:
                raise FieldDoesNotExist(path)
            model = field.related_model
        field = model._meta.get_field(last)  # FieldDoesNotExist: a property
        if field.many_to_many and not field.auto_created:
            self.column = "__".join(steps) or "pk"
            through = field.remote_field.through
            self.many = (
                through,
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
                field.related_model,
            )
            self.kind = TEXT
            return
        if field.one_to_many or field.many_to_many:
            raise FieldDoesNotExist(path)  # a reverse set: read from records
        self.column = path
        if field.is_relation:
            self.related, self.kind = field.related_model, TEXT
        elif field.choices:
            labels_of = {k: str(v) for k, v in field.flatchoices}
            self.convert = lambda value: labels_of.get(value, value)
            self.kind = TEXT if isinstance(field, models.CharField) else ANY
        else:
            self.kind = _kind_of(field)
            if self.kind == DATETIME:
                zone = timezone.get_current_timezone()
                self.convert = lambda value: (
                    value.astimezone(zone).replace(tzinfo=None)
                    if value is not None and timezone.is_aware(value)
                    else value
                )

    def getter(self, index: int, labels: _Labels, sets: dict):
        """row → the cell value `follow` would give, `index` being this
        source's place in the values row."""
        convert = self.convert
        if self.many is not None and self.array:
            names = labels.of(self.many[3])
            return lambda row: "、".join([names[t] for t in row[index]])
        if self.many is not None:
            values = sets[self]
            return lambda row: values.get(row[index], "")
        if self.values is not None:
            values = sets[self]
            return lambda row: values.get(row[index], [])
        if self.related is not None:
            names = labels.of(self.related)
            return lambda row: names.get(row[index])
        if convert is not None:
            return lambda row: convert(row[index])
        return itemgetter(index)


def _target_order(source: _Source) -> list[str]:
    """A many-to-many set's rows in the order of its targets (the order a
    prefetch of the set gives)."""
    _, _, target, target_model = source.many
    return [
        f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}"
        for o in target_model._meta.ordering
    ]


def _keys_of(source: _Source):
    """The keys of a row's many-to-many set, in its targets' order, as an
    array (PostgreSQL)."""
    from django.contrib.postgres.expressions import ArraySubquery

    through, owner, target, _ = source.many
    return ArraySubquery(
        through.objects.filter(**{owner: OuterRef(source.column)})
        .order_by(*_target_order(source), "pk")
        .values(f"{target}_id")
    )


class _ValueRows:
    """A ledger's rows read as values (`values_list`), never as records: each
    cell converted by a function chosen once for its column. None when a
    column needs the records (a function of the row, a property)."""

    def __init__(self, ledger: Ledger, queryset: QuerySet, context: ExportContext):
        self.labels = _Labels()
        self.context = context
        model = queryset.model
        annotations = queryset.query.annotations
        self.sources: dict[str, _Source] = {}
        self.cells = []  # per column: (sources, From or None)
        for col in ledger.columns:
            value = col.value or col.attribute
            if isinstance(value, From):
                paths, using = value.paths, value
            elif isinstance(value, str):
                paths, using = (value,), None
            else:
                raise FieldDoesNotExist(col.header)
            for path in paths:
                if path not in self.sources:
                    self.sources[path] = _Source(model, path, annotations, self.labels)
            self.cells.append(([self.sources[p] for p in paths], using))
        self.columns = [
            Column(
                col.header,
                width=col.width,
                total=col.total,
                number_format=col.number_format,
                kind=using.kind if using else sources[0].kind,
            )
            for col, (sources, using) in zip(ledger.columns, self.cells, strict=True)
        ]
        arrays = {}
        if connections[queryset.db].vendor == "postgresql":
            # A many-to-many set as an array of its targets' keys in their
            # order, read with the rows: no query of its own per batch.
            for n, source in enumerate(self.sources.values()):
                if source.many is not None:
                    arrays[f"export_set_{n}"] = _keys_of(source)
                    source.column, source.array = f"export_set_{n}", True
        names = list(dict.fromkeys(s.column for s in self.sources.values()))
        self.queryset = (
            queryset.prefetch_related(None).annotate(**arrays).values_list(*names)
        )
        self.index = {name: i for i, name in enumerate(names)}

    @classmethod
    def of(cls, ledger, queryset, context) -> "_ValueRows | None":
        if not isinstance(queryset, QuerySet):
            return None
        try:
            return cls(ledger, queryset, context)
        except FieldDoesNotExist:
            return None

    def __iter__(self) -> Iterator[list]:
        rows = self.queryset.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        sets = {
            s: {}
            for s in self.sources.values()
            if s.many is not None or s.values is not None
        }
        getters = []
        for sources, using in self.cells:
            parts = [s.getter(self.index[s.column], self.labels, sets) for s in sources]
            if using is None:
                getters.append(parts[0])
            else:
                getters.append(self._combined(parts, using))
        while batch := list(islice(rows, EXPORT_CHUNK_ROWS)):
            self._read_relations(batch, sets)
            for row in batch:
                yield [get(row) for get in getters]

    def _combined(self, parts, using: From):
        compute, context = using.compute(self.context), self.context
        if len(parts) == 1:
            (part,) = parts
            return lambda row: compute(part(row), context)
        return lambda row: compute(*(part(row) for part in parts), context)

    def _read_relations(self, batch: list, sets: dict) -> None:
        """The names and many-to-many sets this batch names, one query per
        model (names already read are not read again)."""
        for source in self.sources.values():
            index = self.index[source.column]
            if source.related is not None:
                self.labels.want(source.related, {row[index] for row in batch})
        owners_of = {}
        for source in self.sources.values():
            if source.many is None:
                continue
            index = self.index[source.column]
            through, owner, target, target_model = source.many
            if source.array:
                keys = {key for row in batch for key in row[index]}
                self.labels.want(target_model, keys)
                continue
            owners = {row[index] for row in batch} - {None}
            pairs = list(
                through.objects.filter(
                    _among(through, through._meta.get_field(owner), owners)
                )
                .order_by(*_target_order(source), "pk")
                .values_list(f"{owner}_id", f"{target}_id")
            )
            owners_of[source] = pairs
            self.labels.want(target_model, {t for _, t in pairs})
        self.labels.fetch()
        # The fields of one set of records (a case's petitioners' names, ID
        # numbers and phones) in one query.
        sets_of: dict[tuple, list] = {}
        for source in self.sources.values():
            if source.values is not None:
                model, key, _ = source.values
                sets_of.setdefault((model, key, source.column), []).append(source)
        for (model, key, column), sources in sets_of.items():
            owners = {row[self.index[column]] for row in batch} - {None}
            found = [{} for _ in sources]
            for owner, *values in (
                model._base_manager.filter(
                    _among(model, model._meta.get_field(key), owners)
                )
                .order_by(*model._meta.ordering, "pk")
                .values_list(f"{key}_id", *(s.values[2] for s in sources))
            ):
                for each, value in zip(found, values, strict=True):
                    each.setdefault(owner, []).append(value)
            for source, each in zip(sources, found, strict=True):
                sets[source].clear()
                sets[source].update(each)
        for source, pairs in owners_of.items():
            names = self.labels.of(source.many[3])
            joined: dict = {}
            for owner, target in pairs:
                joined.setdefault(owner, []).append(names[target])
            sets[source].clear()
            sets[source].update((o, "、".join(n)) for o, n in joined.items())


def stored_filters(query) -> dict[str, list[str]]:
    """A list's query string as a job stores it: every value of a repeated
    parameter kept (`QueryDict.dict()` keeps only the last)."""
    return dict(query.lists())


def filters_of(params: dict) -> QueryDict:
    """The stored filters as the list reads them; a job stored before lists
    were kept holds one value per parameter."""
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def prepare_export(ledger: Ledger, user, params) -> PreparedExport:
    """The filtered rows the user may see, with the title offices expect."""
    rows = ledger.filterset(
        params, queryset=ledger.queryset(user), request=SimpleNamespace(user=user)
    )
    if not rows.is_valid():
        raise ExportFilterError(
            "筛选条件有误，未导出："
            + "；".join(
                f"{rows.form.fields[name].label}：{'、'.join(errors)}"
                for name, errors in rows.form.errors.items()
            )
        )
    cleaned = rows.form.cleaned_data
    cadre = getattr(user, "cadre", None)
    unit = cleaned.get("unit") or user.scope_unit or (cadre.unit if cadre else None)
    unit_name = unit.name if unit else "全市"
    if ledger.expand:
        records = list(ledger.expand(rows.qs, cleaned, user))
        count = len(records)
    else:
        records, count = rows.qs, rows.qs.count()
    return PreparedExport(
        ledger=ledger,
        rows=records,
        count=count,
        title=ledger_title(ledger, unit_name=unit_name, params=cleaned),
        unit_name=unit_name,
        context=ExportContext(
            user=user, unmasked=ledger.sensitive and sees_personal_data(user)
        ),
    )


def audit_export(prepared: PreparedExport, *, user, address: str | None) -> None:
    """An export holding personal data is audit-logged, masked or not."""
    if not prepared.ledger.sensitive:
        return
    masked = "未脱敏" if prepared.context.unmasked else "已脱敏"
    AuditEvent.objects.create(
        user=user,
        # The auditor searches events by this name (security/audit_views.py).
        username=user.get_username(),
        action=AuditEvent.Action.EXPORT,
        object_type=prepared.ledger.kind,
        detail=f"{prepared.title}，{prepared.count}条，{masked}"[:300],
        address=address,
    )


class _Superseded(Exception):
    """The job was marked stopped, or retried, while this run was writing it."""


def export_job_run(job: LedgerExport, attempt: int | None = None) -> None:
    """Write a queued export, recording progress and a heartbeat; a failure
    says why. A run of an attempt since retried, or of a job already marked
    stopped, writes nothing."""
    attempt = job.attempt if attempt is None else attempt
    pending = (LedgerExport.Status.QUEUED, LedgerExport.Status.RUNNING)
    claimed = LedgerExport.objects.filter(
        pk=job.pk, attempt=attempt, status__in=pending
    ).update(
        status=LedgerExport.Status.RUNNING,
        done=0,
        error="",
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        logger.info("台账导出任务已重试或已结束，本次不再运行：%s", job)
        return
    mine = LedgerExport.objects.filter(
        pk=job.pk, attempt=attempt, status=LedgerExport.Status.RUNNING
    )
    last = time.monotonic()

    def progress(done: int) -> None:
        nonlocal last
        # At most every few seconds: one UPDATE, not one per 1,000 rows.
        if time.monotonic() - last < settings.LEDGER_EXPORT_HEARTBEAT_SECONDS:
            return
        last = time.monotonic()
        if not mine.update(done=done, heartbeat_at=timezone.now()):
            raise _Superseded

    try:
        prepared = prepare_export(
            LEDGERS[job.kind], job.requested_by, filters_of(job.params)
        )
        mine.update(total=prepared.count, heartbeat_at=timezone.now())
        written = prepared.write(progress)
    except _Superseded:
        logger.info("台账导出任务已被中断或重试，停止写入：%s", job)
        return
    except SoftTimeLimitExceeded:
        minutes = settings.LEDGER_EXPORT_TIME_LIMIT // 60
        mine.update(
            status=LedgerExport.Status.STOPPED,
            error=f"导出超时（超过{minutes}分钟）已中断，可点击“重新导出”，"
            "或缩小筛选范围后分批导出。",
            finished_at=timezone.now(),
        )
        return
    except Exception as error:  # recorded on the job, which can be retried
        logger.exception("台账导出失败：%s", job)
        mine.update(
            status=LedgerExport.Status.FAILED,
            error=f"导出失败：{error}",
            finished_at=timezone.now(),
        )
        return
    with written:
        name = job.file.storage.save(
            job.file.field.generate_filename(job, prepared.filename), File(written)
        )
    now = timezone.now()
    finished = mine.update(
        file=name,
        status=LedgerExport.Status.DONE,
        total=prepared.count,
        done=prepared.count,
        heartbeat_at=now,
        finished_at=now,
    )
    if not finished:  # stopped or retried meanwhile: the file is not its
        job.file.storage.delete(name)
        return
    notify(
        recipients=[job.requested_by],
        kind=LedgerExport.NOTICE_READY,
        title=f"台账导出完成：{job.title}",
        body=f"共{prepared.count}行，可在“我的导出”中下载。",
        url=job.get_absolute_url(),
        key=f"{job.pk}:{attempt}",
    )


def export_job_check(job: LedgerExport, now=None) -> LedgerExport:
    """The job, marked stopped (saying why) if it is running but has written
    no progress for `LEDGER_EXPORT_STALE_SECONDS`: its worker was killed,
    timed out, or its process is gone."""
    if job.status != LedgerExport.Status.RUNNING:
        return job
    now = now or timezone.now()
    seconds = settings.LEDGER_EXPORT_STALE_SECONDS
    last = job.heartbeat_at or job.requested_at
    if last >= now - timedelta(seconds=seconds):
        return job
    error = (
        f"导出已中断：超过{seconds}秒没有进度（最后进度于"
        f"{timezone.localtime(last):%Y-%m-%d %H:%M:%S}，已写{job.done}/{job.total}行），"
        "导出进程可能已被终止或超时。可点击“重新导出”。"
    )
    LedgerExport.objects.filter(
        pk=job.pk,
        attempt=job.attempt,
        status=LedgerExport.Status.RUNNING,
        heartbeat_at=job.heartbeat_at,
    ).update(status=LedgerExport.Status.STOPPED, error=error, finished_at=now)
    job.refresh_from_db()
    return job


def export_job_retry(job: LedgerExport) -> bool:
    """Queue a failed or stopped job again, as a new attempt (whatever an
    earlier run still writes is dropped); False if it is neither."""
    job = export_job_check(job)
    if not job.may_retry:
        return False
    retried = LedgerExport.objects.filter(
        pk=job.pk,
        attempt=job.attempt,
        status__in=(LedgerExport.Status.FAILED, LedgerExport.Status.STOPPED),
    ).update(
        status=LedgerExport.Status.QUEUED,
        error="",
        done=0,
        heartbeat_at=None,
        finished_at=None,
        attempt=F("attempt") + 1,
    )
    job.refresh_from_db()
    return bool(retried)


def ledger_files_purge(now) -> tuple[int, int]:
    """Delete uploads never confirmed and export jobs past their keeping
    time; (uploads, jobs) deleted."""

    uploads = 0
    cutoff = now - timedelta(hours=settings.LEDGER_UPLOAD_KEEP_HOURS)
    if default_storage.exists("imports"):
        for name in default_storage.listdir("imports")[1]:
            path = f"imports/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                uploads += 1
    old = LedgerExport.objects.filter(
        requested_at__lt=now - timedelta(days=settings.LEDGER_EXPORT_KEEP_DAYS)
    )
    jobs = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        jobs += 1
    return uploads, jobs
