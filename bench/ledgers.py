"""Ledger exports of every kind against the XlsxWriter floor, and the import.

Run by hand (not in the test suite):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench_export
    .venv/bin/python bench/ledgers.py                 # --rows 100000 --kinds …
    .venv/bin/python bench/ledgers.py --sizes 1000 100000 --import-rows 10000

Part 1 needs the scale city (`seed_scale`, see README.md) in a clone of
its database (`createdb -T sixiaji_bench sixiaji_bench_export`), with the
demo city seeded beside it (`manage.py seed_demo`: the kinds the scale city
has none of, and the reference ledgers' keepers). For every ledger kind of
`ledgers/registry.py` it exports, as the product does
(`prepare_export(…).write()`, the scale city's leader, a keeper, or the demo
city's leader where the scale city has no rows), the first `--rows` in the
ledger's order; a kind with fewer rows is first filled up to `--rows` with
copies of its own rows (`fill.py`: bulk inserts, cleared after with one raw
DELETE per table). In the same run it measures the floor (`floor_writer`):
XlsxWriter in constant-memory mode writing the same columns straight from
`values_list`, names and sets of names joined in SQL, no conversion, no
masking. It prints per kind: rows, seconds, floor seconds, ratio, queries,
queries per 500 rows and peak MiB (one more run under tracemalloc) at
`--small` rows and at all rows.

Part 2 writes 12345 orders in a unit of its own (`b0`/`b1`) at each of
`--sizes` rows: the export's peak memory at each size (flat), then the dry-run
import of the `--import-rows` file. Its rows are cleared with one raw DELETE
(`QuerySet._raw_delete`): no signal, so no audit-trail entry per row.
"""

import argparse
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta

from common import MiB, measure, need_scale_city, setup, vendor

KIND_WIDTH = 22


def floor_writer(ledger, queryset):
    """The floor of `ledger`'s export: its columns' values straight from
    `values_list`, written by XlsxWriter's `write_row` (constant memory).

    Each column is what its cell shows, computed by the database: a field's
    value; a related record's name, title or number; a set of records (the
    places, the participants, the petitioners' names) joined by 、 in SQL
    (PostgreSQL's `STRING_AGG`; on SQLite the row's own id). No conversion
    in Python (no local time, no choice labels) and no masking: the floor
    writes the petitioners' names, ID numbers and phones whole."""
    import xlsxwriter
    from django.core.exceptions import FieldDoesNotExist
    from django.db import connection
    from django.db.models import OuterRef, Subquery, TextField
    from django.db.models.functions import Cast

    from ledgers.columns import From
    from ledgers.export import EXPORT_CHUNK_ROWS, _Labels, _Source

    aggregates = {}

    def name_of(model) -> str:
        fields = {f.name for f in model._meta.concrete_fields}
        for name in ("name", "title", "number", "username", "description"):
            if name in fields:
                return name
        return "pk"

    def joined(source) -> str:
        """A set's names joined in SQL, as an annotation's name."""
        from django.contrib.postgres.aggregates import StringAgg

        if source.many:
            through, owner, target, target_model = source.many
            rows, key = through.objects, owner
            value = f"{target}__{name_of(target_model)}"
        else:
            model, key, value = source.values
            rows = model._base_manager
        alias = f"floor_{len(aggregates)}"
        aggregates[alias] = Subquery(
            rows.filter(**{key: OuterRef(source.column)})
            .values(key)
            .annotate(joined=StringAgg(Cast(value, TextField()), "、"))
            .values("joined")
        )
        return alias

    def path_of(col) -> str:
        value = col.value or col.attribute
        path = value.paths[0] if isinstance(value, From) else value
        if not isinstance(path, str):
            path = col.attribute or "pk"
        try:  # what the export itself would read for this path
            source = _Source(
                queryset.model, path, queryset.query.annotations, _Labels()
            )
        except FieldDoesNotExist:  # a property
            return "pk"
        if source.many or source.values:  # a set of records
            return joined(source) if connection.vendor == "postgresql" else "pk"
        if source.related is not None:  # a record: its name, title or number
            return f"{source.column}__{name_of(source.related)}"
        return source.column

    paths = [path_of(col) for col in ledger.columns]
    names = list(dict.fromkeys(paths))
    index = [names.index(path) for path in paths]
    values = queryset.prefetch_related(None).annotate(**aggregates).values_list(*names)

    def write():
        output = tempfile.TemporaryFile()
        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "remove_timezone": True,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet()
        rows = values.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        for line, row in enumerate(rows, 3):
            sheet.write_row(line, 0, [row[i] for i in index])
        workbook.close()
        return output

    return write


def every_kind(options) -> None:
    from django.http import QueryDict
    from fill import Filler, reverse_sets

    from ledgers.export import prepare_export
    from ledgers.registry import LEDGERS

    need_scale_city()
    kinds = options.kinds or sorted(LEDGERS)
    print(f"{vendor()}, the scale city's city leader, up to {options.rows} rows")
    if options.fill:
        print(f"kinds with fewer rows filled up to {options.rows} (bench/fill.py)")
    results = []
    filler = Filler()
    for kind in kinds:
        ledger = LEDGERS[kind]
        user, prepared = exporter(kind, ledger)
        print(f"{kind}: exported by {user.username}, {prepared.count} rows")
        try:
            if ledger.expand is None and options.fill and prepared.count < options.rows:
                added, _ = measure(
                    f"fill {kind}",
                    lambda rows=prepared.rows, ledger=ledger: filler.fill(
                        rows, options.rows, reverse_sets(ledger, rows)
                    ),
                )
                print(f"{kind}: {prepared.count} rows + {added} copies")
                prepared = prepare_export(ledger, user, QueryDict())
            results.append(one_kind(options, kind, ledger, prepared))
        finally:
            filler.clear()
    print()
    print(
        f"{'kind':<{KIND_WIDTH}} {'rows':>7} {'s':>7} {'floor s':>7} {'ratio':>6}"
        f" {'queries':>7} {'/500 rows':>9} {'MiB 10k':>8} {'MiB all':>8}"
    )
    for kind, rows, figure, base, small in results:
        floor = f"{base.seconds:7.2f}" if base else "    n/a"
        ratio = f"{figure.seconds / base.seconds:6.2f}" if base else "   n/a"
        per500 = figure.queries * 500 / rows if rows else 0
        peaks = [
            f"{f.peak / MiB:8.1f}"
            if f is not None and f.peak is not None
            else "       -"
            for f in (small, figure)
        ]
        print(
            f"{kind:<{KIND_WIDTH}} {rows:>7} {figure.seconds:7.2f} {floor} {ratio}"
            f" {figure.queries:>7} {per500:9.2f} {' '.join(peaks)}",
            flush=True,
        )


# The reference ledgers' keepers, and the demo city's leader for the kinds
# the scale city has no rows of (typical cases, supervision orders,
# rectifications): `seed_demo` run in the same clone.
KEEPERS = {"org_units": "sysadmin", "places": "sysadmin", "accounts": "secadmin"}
FALLBACK = "cityleader"


def exporter(kind, ledger):
    """(user, prepared export of all the rows the user may export): the scale
    city's leader, a keeper of the reference ledgers, or the demo city's
    leader where the scale city has none of the kind."""
    from django.http import QueryDict

    from ledgers.export import prepare_export
    from org.models import User

    found = None
    for name in (KEEPERS.get(kind, "scale_city"), FALLBACK):
        user = User.objects.filter(username=name).first()
        if user is None:
            continue
        found = user, prepare_export(ledger, user, QueryDict())
        if found[1].count:
            break
    return found


def one_kind(options, kind, ledger, prepared):
    """(kind, rows, export figure, floor figure, export figure at
    `--small` rows) of the first `--rows` rows of the ledger."""
    if ledger.expand is None:
        rows = prepared.rows[: options.rows]
        prepared = replace(prepared, rows=rows, count=rows.count())
    label = f"{kind} ({prepared.count} rows)"

    def ours(prepared=prepared):
        with prepared.write():
            pass

    _, figure = measure(
        f"export {label}", ours, repeat=options.repeat, memory=options.memory
    )
    base = small = None
    if ledger.expand is None:
        floor = floor_writer(ledger, prepared.rows)
        _, base = measure(f"floor {label}", floor, repeat=options.repeat)
        if options.memory and options.small < prepared.count:
            rows = prepared.rows[: options.small]
            fewer = replace(prepared, rows=rows, count=options.small)

            def few(prepared=fewer):
                with prepared.write():
                    pass

            _, small = measure(
                f"export {kind} ({options.small} rows)", few, memory=True
            )
    return kind, prepared.count, figure, base, small


def orders_at_sizes(options) -> None:
    from django.db import router
    from django.utils import timezone

    from ledgers.export import PreparedExport
    from ledgers.importing import import_ledger
    from org.models import OrgUnit, User
    from petitions.ledgers import HOTLINE
    from petitions.models import HotlineOrder
    from ui.spreadsheet import ExportContext

    city, _ = OrgUnit.objects.get_or_create(
        code="b0", defaults={"name": "基准市", "kind": "city"}
    )
    town, _ = OrgUnit.objects.get_or_create(
        code="b1", defaults={"name": "基准镇", "kind": "township", "parent": city}
    )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_superuser": True}
    )
    start = timezone.make_aware(datetime(2024, 1, 1, 8, 0))

    def clear() -> None:
        # One DELETE, no signals: django-auditlog would write an entry per row.
        mine = HotlineOrder.objects.filter(unit=town)
        mine._raw_delete(router.db_for_write(HotlineOrder))

    def orders(rows: int) -> PreparedExport:
        clear()
        HotlineOrder.objects.bulk_create(
            (
                HotlineOrder(
                    number=f"B-{n:07d}",
                    received_at=start + timedelta(minutes=7 * n),
                    unit=town,
                    summary="路灯不亮，请尽快维修",
                    signed_at=start + timedelta(minutes=7 * n + 20),
                    resolved_at=start + timedelta(minutes=7 * n + 600),
                    resolved=True,
                    satisfaction="satisfied",
                )
                for n in range(rows)
            ),
            batch_size=5000,
        )
        queryset = HOTLINE.queryset(user).filter(unit=town)
        return PreparedExport(
            HOTLINE, queryset, rows, "基准台账", "基准镇", ExportContext(user, False)
        )

    print(f"\n{vendor()}, 12345 orders × {len(HOTLINE.columns)} columns, own unit")
    peaks, content = {}, None
    for rows in options.sizes:
        prepared = orders(rows)
        written, figure = measure(
            f"export {rows} rows", prepared.write, repeat=options.repeat, memory=True
        )
        floor = floor_writer(HOTLINE, prepared.rows)
        _, base = measure(f"floor {rows} rows", floor, repeat=options.repeat)
        print(f"ratio to the floor at {rows}: {figure.seconds / base.seconds:.2f}")
        peaks[rows] = figure.peak
        if rows == options.import_rows:
            content = written.read()
        written.close()
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        print(
            f"peak memory {high} rows / {low} rows: {peaks[high] / peaks[low]:.2f} ×",
            flush=True,
        )
    if options.import_rows:
        if content is None:
            with orders(options.import_rows).write() as written:
                content = written.read()
        result, _ = measure(
            f"import {options.import_rows} rows, full validation (dry run)",
            lambda: import_ledger(
                HOTLINE, content, "bench.xlsx", user=user, dry_run=True
            ),
            memory=True,
        )
        print(
            f"import result: errors {len(result.errors)}, "
            f"unchanged {result.unchanged}, new {result.new}"
        )
    clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--kinds", nargs="*", help="ledger kinds (default: all)")
    parser.add_argument(
        "--no-fill",
        dest="fill",
        action="store_false",
        help="do not fill kinds of fewer rows up to --rows (bench/fill.py)",
    )
    parser.add_argument(
        "--small", type=int, default=10000, help="rows of the second memory run"
    )
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    parser.add_argument("--repeat", type=int, default=2, help="best of N runs")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--import-rows", type=int, default=10000)
    parser.add_argument("--skip-kinds", action="store_true")
    options = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not options.skip_kinds:
        every_kind(options)
    if options.sizes or options.import_rows:
        orders_at_sizes(options)


if __name__ == "__main__":
    main()
