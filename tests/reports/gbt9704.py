"""Measuring a report's pages as a reader would: the text lines of each page
from `pdftotext -bbox` (poppler), and the .docx converted to PDF by LibreOffice
with the 公文 font aliases of scripts/fontconfig/. Used by the layout tests
and by bench/report_layout.py."""

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
ALIASES = ROOT / "scripts" / "fontconfig" / "65-sixiaji-gongwen.conf"
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE_NUMBER = re.compile(r"^[—-]\s*\d+\s*[—-]$")
PT_PER_MM = 72 / 25.4


@dataclass
class TextLine:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


def pdf_pages(pdf: bytes) -> list[list[TextLine]]:
    """Each page's text lines, top to bottom (words on one baseline joined)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(source), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        rows: dict[int, list] = {}
        for x0, y0, x1, y1, text in WORD.findall(page):
            key = round((float(y0) + float(y1)) / 2 / 4)  # within 4 pt
            rows.setdefault(key, []).append(
                (float(x0), float(x1), float(y0), float(y1), unescape(text))
            )
        lines = []
        for key in sorted(rows):
            words = sorted(rows[key])
            lines.append(
                TextLine(
                    "".join(w[4] for w in words),
                    words[0][0],
                    max(w[1] for w in words),
                    min(w[2] for w in words),
                    max(w[3] for w in words),
                )
            )
        pages.append(lines)
    return pages


def body_lines(page: list[TextLine]) -> list[TextLine]:
    """The page's lines without its page number."""
    return [line for line in page if not PAGE_NUMBER.match(line.text.strip())]


def page_numbers(page: list[TextLine]) -> list[TextLine]:
    return [line for line in page if PAGE_NUMBER.match(line.text.strip())]


def font_names(pdf: bytes) -> set[str]:
    """The base fonts a PDF's pages use (subset prefixes dropped)."""
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """The .docx as LibreOffice lays it out, with the 公文 font aliases."""
    return docxs_to_pdfs([docx])[0]


def docxs_to_pdfs(documents: list[bytes]) -> list[bytes]:
    """Several .docx files laid out by one LibreOffice run (its start-up is
    most of a conversion's time)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        names = []
        for index, docx in enumerate(documents):
            names.append(folder / f"in{index}.docx")
            names[-1].write_bytes(docx)
        (folder / "fonts.conf").write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
            # The repository's aliases first: they win over an older copy
            # installed in /etc/fonts/conf.d.
            f"<fontconfig><include>{ALIASES}</include>"
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>',
            encoding="utf-8",
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
        out = folder / "out"
        subprocess.run(
            [
                libreoffice(),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, names),
            ],
            check=True,
            capture_output=True,
            env=env,
            timeout=120 + 60 * len(documents),
        )
        return [(out / f"{name.stem}.pdf").read_bytes() for name in names]
