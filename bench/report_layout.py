"""The quarterly report's GB/T 9704-2012 layout, measured: for the demo city's
four quarters (or a county's, a township's), the grid the PDF holds (lines on
a full page × characters on a full line, read back with `pdftotext -bbox`),
the pages and lines of the PDF against those LibreOffice lays the .docx out
in, the lines broken differently, the fonts of both; `--shots` saves page 2
of each as PNG (pdftoppm).

Run by hand on a database holding the demo city (`seed_demo`), with poppler
and LibreOffice installed (scripts/system-deps.sh):

    export DATABASE_URL=sqlite:////tmp/sixiaji-demo.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/report_layout.py            # --year 2026 --shots DIR
    .venv/bin/python bench/report_layout.py --unit 620321 --quarters 3
"""

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from common import setup


def _grid(pages) -> tuple[int, int]:
    """Grid lines a page spans (first to last line, a blank line counted, on
    any page but the last), characters on the fullest line of full-width
    characters."""
    from reports.layout import HANGING, LINE_PITCH, is_wide
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
            len(line.text.rstrip(HANGING))  # a mark hanging past the edge
            for page in pages
            for line in body_lines(page)
            if all(is_wide(ch) for ch in line.text)
        ),
        default=0,
    )
    return lines, chars


def _shot(pdf: bytes, png: Path, page: int) -> None:
    """One page of a PDF as a PNG (pdftoppm, 100 dpi)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", str(page)]
            + ["-l", str(page), str(source), str(png.with_suffix(""))],
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="620300", help="单位编码（默认金昌市）")
    parser.add_argument("--year", type=int, help="年度（默认今年）")
    parser.add_argument("--quarters", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--shots", type=Path, help="每份报告第1页的截图目录")
    args = parser.parse_args()
    setup()
    from django.utils import timezone

    from org.models import OrgUnit
    from reports.layout import HANGING
    from reports.render import render_docx, render_pdf
    from reports.services import report_text
    from tests.reports.gbt9704 import (
        body_lines,
        docx_to_pdf,
        font_names,
        libreoffice,
        pdf_pages,
    )

    if libreoffice() is None:
        raise SystemExit("LibreOffice 未安装：bash scripts/system-deps.sh")
    unit = OrgUnit.objects.get(code=args.unit)
    today = timezone.localdate()
    year = args.year or today.year
    print(f"{unit.name} {year}年，成文日期 {today}，落款 {unit.signature}")
    print(
        f"{'季度':<6}{'生成PDF':>9}{'网格(行×字)':>12}{'PDF页':>6}{'LO页':>6}"
        f"{'PDF行':>7}{'LO行':>6}{'断行不同':>6}  每页行数（PDF / LibreOffice）"
    )
    fonts = {}
    for quarter in args.quarters:
        started = time.perf_counter()
        text = report_text(unit, year, quarter, today=today)
        pdf, _ = render_pdf(text)
        seconds = time.perf_counter() - started
        converted = docx_to_pdf(render_docx(text))
        ours, theirs = pdf_pages(pdf), pdf_pages(converted)
        lines, chars = _grid(ours)
        per_page = [len(body_lines(p)) for p in ours]
        their_pages = [len(body_lines(p)) for p in theirs]
        # Lines whose characters differ (a mark hanging at the end aside).
        our_text = [x.text.rstrip(HANGING) for p in ours for x in body_lines(p)]
        their_text = [x.text.rstrip(HANGING) for p in theirs for x in body_lines(p)]
        differ = sum(a != b for a, b in zip(our_text, their_text, strict=False))
        differ += abs(len(our_text) - len(their_text))
        print(
            f"Q{quarter:<5}{seconds * 1000:>7.0f}ms{f'{lines}×{chars}':>12}"
            f"{len(ours):>6}{len(theirs):>6}{sum(per_page):>7}{sum(their_pages):>6}"
            f"{differ:>8}  {per_page} / {their_pages}"
        )
        fonts = {"PDF": font_names(pdf), "LibreOffice": font_names(converted)}
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            page = 2 if len(ours) > 1 else 1
            stem = f"{args.unit}-{year}q{quarter}-p{page}"
            _shot(pdf, args.shots / f"{stem}-pdf.png", page)
            _shot(converted, args.shots / f"{stem}-libreoffice.png", page)
    for source, names in fonts.items():
        print(f"{source} 字体：{'、'.join(sorted(names))}")


if __name__ == "__main__":
    main()
