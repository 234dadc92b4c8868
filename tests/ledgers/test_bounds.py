"""A file far beyond a real ledger is refused before any reader loads it;
one at the bounds is read."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from ledgers.bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED,
    LedgerTooLargeError,
    check_size,
)
from ledgers.reading import read_sheet


def xlsx(cells: dict) -> bytes:
    workbook = Workbook()
    for ref, value in cells.items():
        workbook.active[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(content: bytes, part: str, change) -> bytes:
    """The .xlsx with one part's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(
                member.filename, change(data) if member.filename == part else data
            )
    return buffer.getvalue()


def refused(content: bytes, name="bomb.xlsx") -> str:
    """The refusal's message. How fast and in how little memory each bomb is
    refused is measured in bench/ledger_bounds.py, not here."""
    with pytest.raises(LedgerTooLargeError) as error:
        read_sheet(content, name)
    return str(error.value)


SHEET = "xl/worksheets/sheet1.xml"


def test_a_cell_at_the_last_excel_cell_is_refused_from_its_dimension():
    bomb = xlsx({"A1": "日期", "XFD1048576": "x"})
    assert len(bomb) < 8000
    assert "XFD1048576" in refused(bomb)


def test_a_far_cell_is_refused_without_its_dimension():
    bomb = rewritten(
        xlsx({"A1": "日期", "B1048576": "x"}),
        SHEET,
        lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml),
    )
    assert "第1048576行" in refused(bomb)
    wide = rewritten(
        xlsx({"A1": "日期", "GS1": "x"}),
        SHEET,
        lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml),
    )
    assert "GS列（第201列）" in refused(wide)


def test_rows_and_columns_at_the_bounds_are_read_beyond_them_refused():
    last_row, last_column = f"A{MAX_SHEET_ROWS}", "GR1"  # GR is the 200th column
    check_size(xlsx({"A1": "日期", last_row: "x", last_column: "y"}), "ok.xlsx")
    assert "201列" in refused(xlsx({"A1": "日期", "GS1": "y"}))
    assert f"{MAX_SHEET_ROWS + 1}行" in refused(
        xlsx({"A1": "日期", f"A{MAX_SHEET_ROWS + 1}": "x"})
    )


def test_a_cell_longer_than_excel_allows_is_refused():
    """openpyxl cuts a cell at Excel's limit; another writer may not."""

    def cell_of(length: int) -> bytes:
        return rewritten(
            xlsx({"A1": "MARK"}),
            SHEET,
            lambda xml: xml.replace(b"MARK", b"&#23383;" * length),
        )

    check_size(cell_of(MAX_CELL_CHARS), "ok.xlsx")
    assert "超过32767个字" in refused(cell_of(MAX_CELL_CHARS + 1))


def test_a_zip_bomb_is_refused_from_its_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(SHEET, "w", force_zip64=True) as part:
            for _ in range(MAX_UNCOMPRESSED // (1024 * 1024) + 1):
                part.write(b" " * 1024 * 1024)
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    assert "解压后" in refused(bomb)


def test_a_file_over_the_size_bound_is_refused_unread():
    assert "MB" in refused(b"a" * (MAX_UNCOMPRESSED + 1), "big.csv")


def test_a_million_row_csv_is_refused_at_the_bound():
    content = "日期,人数\n".encode() + b"2024-03-05,8\n" * 1_000_000
    assert "超过" in refused(content, "big.csv")
    at_bound = "日期,人数\n".encode() + b"2024-03-05,8\n" * (MAX_SHEET_ROWS - 1)
    assert len(read_sheet(at_bound, "ok.csv").rows) == MAX_SHEET_ROWS


def test_a_csv_too_wide_or_with_a_huge_cell_is_refused():
    assert len(read_sheet(",".join(["x"] * MAX_COLUMNS).encode(), "ok.csv").rows)
    assert "201列" in refused(",".join(["x"] * (MAX_COLUMNS + 1)).encode(), "w.csv")
    assert "过长" in refused(b"a," + b"x" * 200_000, "c.csv")
    assert "个字" in refused(b"a," + b"x" * (MAX_CELL_CHARS + 1), "c.csv")


@pytest.mark.django_db
def test_the_web_page_and_the_command_say_why_in_chinese(client, city, tmp_path):
    bomb = xlsx({"A1": "日期", "XFD1048576": "x"})
    client.force_login(city.users.clerk)
    upload = io.BytesIO(bomb)
    upload.name = "bomb.xlsx"
    page = client.post(
        reverse("ledger_import", args=["reception_days"]), {"file": upload}
    )
    assert "远超台账的合理规模" in page.content.decode()
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match="远超台账的合理规模"):
        call_command("import_ledger", str(path), kind="reception_days", user="clerk")
