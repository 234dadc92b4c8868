"""Ledger export and import at size: time and peak memory, with a baseline.

Run by hand (not in the test suite), on a scratch database:

    DATABASE_URL=sqlite:////tmp/sixiaji-bench.sqlite3 .venv/bin/python bench/ledgers.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/ledgers.py --rows 1000 10000

It migrates the database and, for each size (1k, 10k, 100k rows by default),
writes that many 12345 orders in a unit of its own, then measures:
- our export (XlsxWriter constant-memory, office layout) of all the rows;
- the baseline: django-import-export's default export of the same rows to .xlsx;
then our import of the exported 10k-row file (dry run with full row
validation), which is also the round trip (every row unchanged). The scale
city, if present, is left alone.
"""

import argparse
import tempfile
from datetime import datetime, timedelta

from common import measure, ratio, setup, vendor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--import-rows", type=int, default=10000)
    options = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from ledgers.export import EXPORT_CHUNK_ROWS
    from ledgers.importing import import_ledger
    from org.models import OrgUnit, User
    from petitions.ledgers import HOTLINE
    from petitions.models import HotlineOrder
    from ui.spreadsheet import ExportContext, write_xlsx

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
    context = ExportContext(user=user, unmasked=False)

    def orders(rows: int):
        HotlineOrder.objects.filter(unit=town).delete()
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
        return HOTLINE.queryset(user).filter(unit=town)

    def export(queryset):
        """As the product does: streamed to a temporary file, not held."""
        output = tempfile.TemporaryFile()
        write_xlsx(
            HOTLINE.export_columns,
            queryset.iterator(chunk_size=EXPORT_CHUNK_ROWS),
            context,
            sheet_name=HOTLINE.title,
            title="基准台账",
            unit_name="基准镇",
            exported_on=start.date(),
            output=output,
        )
        return output

    print(f"{vendor()}, 12345 orders × {len(HOTLINE.export_columns)} columns")
    peaks, files = {}, {}
    for rows in options.rows:
        queryset = orders(rows)
        files[rows], ours = measure(
            f"export {rows} rows (constant memory, office layout)",
            lambda q=queryset: export(q),
            memory=True,
        )
        peaks[rows] = ours.peak
        _, base = measure(
            f"baseline: django-import-export export {rows} rows",
            lambda q=queryset: HOTLINE.resource(user=user).export(q).export("xlsx"),
            memory=True,
        )
        ratio(f"ratio (baseline / ours) at {rows}", ours, base)
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        print(
            f"peak memory {high} rows / {low} rows: {peaks[high] / peaks[low]:.2f} ×",
            flush=True,
        )
    rows = options.import_rows
    queryset = orders(rows)
    written = files.get(rows) or export(queryset)
    written.seek(0)
    content = written.read()
    result, _ = measure(
        f"import {rows} rows, full validation (dry run)",
        lambda: import_ledger(HOTLINE, content, "bench.xlsx", user=user, dry_run=True),
        memory=True,
    )
    print(
        f"import result: errors {len(result.errors)}, "
        f"unchanged {result.unchanged}, new {result.new}"
    )
    HotlineOrder.objects.filter(unit=town).delete()


if __name__ == "__main__":
    main()
