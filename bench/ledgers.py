"""Ledger exports of every kind against the XlsxWriter floor, and the import.

Run by hand (not in the test suite):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench
    .venv/bin/python bench/ledgers.py                 # --rows 100000 --kinds …
    .venv/bin/python bench/ledgers.py --sizes 1000 100000 --import-rows 10000

Part 1 needs the scale city (`seed_scale`, see README.md). For every ledger
kind of `ledgers/registry.py` it exports, as the product does
(`prepare_export(…).write()`, the city leader's rows, the first `--rows` in
the ledger's order), and in the same run measures the floor: XlsxWriter in
constant-memory mode writing the same columns straight from `values_list`
(a column's path; for a related record its name, title or number; for a set
of records the row's id), no conversion, no masking. It prints per kind: rows, seconds, floor seconds, ratio, queries,
queries per 500 rows and peak MiB (one more run under tracemalloc).

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
    """The floor of `ledger`'s export: its columns' raw values from
    `values_list`, written by XlsxWriter's `write_row` (constant memory)."""
    import xlsxwriter
    from django.core.exceptions import FieldDoesNotExist

    from ledgers.columns import From
    from ledgers.export import EXPORT_CHUNK_ROWS, _Labels, _Source

    def path_of(col) -> str:
        value = col.value or col.attribute
        path = value.paths[0] if isinstance(value, From) else value
        if not isinstance(path, str):
            path = col.attribute or "pk"
        try:  # what the export itself would read for this path
            source = _Source(
                queryset.model, path, queryset.query.annotations, _Labels()
            )
        except FieldDoesNotExist:  # a set of records or a property
            return "pk"
        if source.many or source.values:  # a set: the record's own id
            return "pk"
        if source.related is not None:  # a record: its name, title or number
            fields = {f.name for f in source.related._meta.concrete_fields}
            for name in ("name", "title", "number", "username"):
                if name in fields:
                    return f"{source.column}__{name}"
        return source.column

    paths = [path_of(col) for col in ledger.columns]
    names = list(dict.fromkeys(paths))
    index = [names.index(path) for path in paths]
    values = queryset.prefetch_related(None).values_list(*names)

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

    from ledgers.export import prepare_export
    from ledgers.registry import LEDGERS
    from org.models import User

    need_scale_city()
    user = User.objects.get(username="scale_city")
    kinds = options.kinds or sorted(LEDGERS)
    print(f"{vendor()}, the scale city's city leader, up to {options.rows} rows")
    results = []
    for kind in kinds:
        ledger = LEDGERS[kind]
        prepared = prepare_export(ledger, user, QueryDict())
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
        base = None
        if ledger.expand is None:
            floor = floor_writer(ledger, prepared.rows)
            _, base = measure(f"floor {label}", floor, repeat=options.repeat)
        results.append((kind, prepared.count, figure, base))
    print()
    print(
        f"{'kind':<{KIND_WIDTH}} {'rows':>7} {'s':>7} {'floor s':>7} {'ratio':>6}"
        f" {'queries':>7} {'/500 rows':>9} {'peak MiB':>8}"
    )
    for kind, rows, figure, base in results:
        floor = f"{base.seconds:7.2f}" if base else "    n/a"
        ratio = f"{figure.seconds / base.seconds:6.2f}" if base else "   n/a"
        per500 = figure.queries * 500 / rows if rows else 0
        peak = f"{figure.peak / MiB:8.1f}" if figure.peak is not None else "       -"
        print(
            f"{kind:<{KIND_WIDTH}} {rows:>7} {figure.seconds:7.2f} {floor} {ratio}"
            f" {figure.queries:>7} {per500:9.2f} {peak}",
            flush=True,
        )


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
