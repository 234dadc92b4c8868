"""Spreadsheets written the way an office's own ledger is: rows as given,
merged cells where asked."""

from io import BytesIO

from openpyxl import Workbook


def workbook(rows, merges=(), title="Sheet1") -> bytes:
    """An .xlsx of `rows` (lists of cell values) on one sheet, with the cell
    ranges in `merges` merged ("A1:F1")."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
