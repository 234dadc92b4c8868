"""The quarterly report's GB/T 9704-2012 layout, measured: for the demo city's
four quarters, the grid the PDF holds (lines on a full page × characters on a
full line, read back with `pdftotext -bbox`), and the pages and lines of the
PDF against those LibreOffice lays the .docx out in.

Run by hand on a database holding the demo city (`seed_demo`), with poppler
and LibreOffice installed (scripts/system-deps.sh):

    export DATABASE_URL=sqlite:////tmp/sixiaji-demo.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/report_layout.py
"""

import argparse
import time

from common import setup


def _grid(pages) -> tuple[int, int]:
    """Grid lines a page spans (first to last line, a blank line counted, on
    any page but the last), characters on the fullest line of full-width
    characters."""
    from reports.layout import LINE_PITCH, is_wide
    from tests.reports.gbt9704 import body_lines

    lines = max(
        (
            round((body_lines(p)[-1].y_min - body_lines(p)[0].y_min) / LINE_PITCH) + 1
            for p in pages[:-1]
        ),
        default=0,
    )
    chars = max(
        (
            len(line.text)
            for page in pages
            for line in body_lines(page)
            if all(is_wide(ch) for ch in line.text)
        ),
        default=0,
    )
    return lines, chars


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="620300", help="单位编码（默认金昌市）")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    setup()
    from django.utils import timezone

    from org.models import OrgUnit
    from reports.render import render_docx, render_pdf
    from reports.services import report_text
    from tests.reports.gbt9704 import body_lines, docx_to_pdf, libreoffice, pdf_pages

    if libreoffice() is None:
        raise SystemExit("LibreOffice 未安装：bash scripts/system-deps.sh")
    unit = OrgUnit.objects.get(code=args.unit)
    today = timezone.localdate()
    print(f"{unit.name} {args.year}年，成文日期 {today}，落款 {unit.signature}")
    print(
        f"{'季度':<6}{'生成PDF':>9}{'网格(行×字)':>12}{'PDF页':>6}{'LO页':>6}"
        f"{'PDF行':>7}{'LO行':>6}  每页行数（PDF / LibreOffice）"
    )
    for quarter in range(1, 5):
        started = time.perf_counter()
        text = report_text(unit, args.year, quarter, today=today)
        pdf, _ = render_pdf(text)
        seconds = time.perf_counter() - started
        ours = pdf_pages(pdf)
        theirs = pdf_pages(docx_to_pdf(render_docx(text)))
        lines, chars = _grid(ours)
        per_page = [len(body_lines(p)) for p in ours]
        their_pages = [len(body_lines(p)) for p in theirs]
        print(
            f"Q{quarter:<5}{seconds * 1000:>7.0f}ms{f'{lines}×{chars}':>12}"
            f"{len(ours):>6}{len(theirs):>6}{sum(per_page):>7}{sum(their_pages):>6}"
            f"  {per_page} / {their_pages}"
        )


if __name__ == "__main__":
    main()
