"""Ledger imports at size and spreadsheet bombs: time and peak memory.

Run by hand (not in the test suite), on a scratch database:

    DATABASE_URL=sqlite:////tmp/sixiaji-bounds.sqlite3 .venv/bin/python bench/ledger_bounds.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/ledger_bounds.py --rows 10000

For each size (10,000 and 50,000 rows by default) it writes a 领导接访 ledger
(.xlsx: a title row, the header, one row per reception day of 50 leaders)
and imports it as the background job does: all rows checked, then written in
one transaction, with an audit-trail entry per record (time, queries and
CPU time of this process, best of `--repeat` runs, the rows deleted between
them; peak memory of one more run under tracemalloc). Then each bomb is given to the
reader, which must refuse it: the 1.7 KB .xlsx with one cell at XFD1048576,
a 1,000,000-row CSV, a zip bomb (a sheet inflating to 1 GB), a cell of
100,000 characters. Before the bounds (issue 18) the first held a worker for
30 s and 2.2 GB, the CSV 31 s and 1.1 GB.
"""

import argparse
import io
import time
import zipfile
from datetime import date, timedelta

from common import measure, setup, vendor

LEADERS = 50


def ledger_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("领导接访")
    sheet.append(["基准县2024年领导接访台账"])
    sheet.append(["日期", "类别", "接访领导", "单位", "地点", "接待群众（人次）"])
    start = date(2020, 1, 1)
    for n in range(rows):
        day = start + timedelta(days=n // LEADERS)
        sheet.append(
            [day, "领导接访日", f"基准领导{n % LEADERS:02d}", "基准县", "接待中心", 3]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bombs() -> dict[str, tuple[bytes, str]]:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "日期"
    workbook.active["XFD1048576"] = "x"
    far = io.BytesIO()
    workbook.save(far)
    csv = "日期,人数\n".encode() + b"2024-03-05,8\n" * 1_000_000
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(1024):
                part.write(b" " * 2**20)
    workbook = Workbook()
    workbook.active["A1"] = "MARK"
    cell = io.BytesIO()
    workbook.save(cell)
    source, long_cell = zipfile.ZipFile(cell), io.BytesIO()
    with zipfile.ZipFile(long_cell, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, data.replace(b"MARK", b"x" * 100_000))
    return {
        "xlsx, one cell at XFD1048576": (far.getvalue(), "far.xlsx"),
        "CSV, 1,000,000 rows": (csv, "big.csv"),
        "zip bomb, a sheet inflating to 1 GB": (zipped.getvalue(), "zip.xlsx"),
        "xlsx, a cell of 100,000 characters": (long_cell.getvalue(), "cell.xlsx"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--repeat", type=int, default=3, help="best of N imports")
    options = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from auditlog.models import LogEntry

    from ledgers.bounds import LedgerTooLargeError
    from ledgers.importing import import_ledger
    from ledgers.reading import read_sheet
    from org.models import Cadre, OrgUnit, User
    from petitions.ledgers import RECEPTIONS
    from petitions.models import ReceptionDay

    print(f"database: {vendor()}")
    city, _ = OrgUnit.objects.get_or_create(
        code="b0", defaults={"name": "基准市", "kind": "city"}
    )
    county, _ = OrgUnit.objects.get_or_create(
        code="b1", defaults={"name": "基准县", "kind": "county", "parent": city}
    )
    for n in range(LEADERS):
        Cadre.objects.get_or_create(
            name=f"基准领导{n:02d}", unit=county, defaults={"rank": "county"}
        )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_superuser": True}
    )

    for rows in options.rows:
        content = ledger_xlsx(rows)
        print(f"{rows} rows: {len(content) / 2**20:.1f} MiB .xlsx")

        def run(content=content):
            result = import_ledger(
                RECEPTIONS, content, "l.xlsx", user=user, dry_run=False
            )
            assert result.ok, result.errors[:3]
            return result

        def clear():
            # Raw deletes: the bench's own clearing enters no trail.
            ReceptionDay.objects.filter(leader__unit=county)._raw_delete("default")

        walls, cpus = [], []
        for _ in range(options.repeat):
            clear()
            trail = LogEntry.objects.count()
            cpu = time.process_time()
            result, figure = measure(f"import {rows} rows (checked and written)", run)
            cpus.append(time.process_time() - cpu)
            walls.append(figure.seconds)
            assert result.new == rows, result.new
            trail = LogEntry.objects.count() - trail
            assert trail == rows, trail  # one audit-trail entry per record
        best = f"  best of {options.repeat}: wall, CPU time of this process"
        print(
            f"{best:<52} {min(walls) * 1000:9.0f} ms {min(cpus) * 1000:7.0f} ms"
            f"  (each: {', '.join(f'{w * 1000:.0f}' for w in walls)} ms)"
        )
        print(f"{'  audit-trail entries written':<52} {trail:9d}")
        clear()
        import tracemalloc

        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{'  the same, under tracemalloc':<52} peak {peak / 2**20:7.1f} MiB")
        clear()

    for label, (content, name) in bombs().items():

        def refuse(content=content, name=name, label=label):
            try:
                read_sheet(content, name)
            except LedgerTooLargeError as error:
                return str(error)
            raise AssertionError(f"{label}: not refused")

        message, _ = measure(
            f"refuse {label} ({len(content) / 1024:.1f} KB)", refuse, memory=True
        )
        print(f"{'':<52} {message[:60]}…", flush=True)


if __name__ == "__main__":
    main()
