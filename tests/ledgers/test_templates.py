"""The import template explains itself: a 填表说明 sheet for every column and
a dropdown of the allowed values for every choice column."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from ledgers.importing import template_xlsx
from ledgers.registry import LEDGERS
from ledgers.widgets import ChoiceLabelWidget

IMPORTABLE = [kind for kind, ledger in LEDGERS.items() if ledger.importable]


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_every_column_is_explained_and_every_choice_has_its_dropdown(kind):
    ledger = LEDGERS[kind]
    workbook = load_workbook(BytesIO(template_xlsx(ledger)))
    sheet, guide = workbook.worksheets[0], workbook["填表说明"]
    explained = {row[0]: row for row in guide.iter_rows(min_row=2, values_only=True)}
    assert list(explained) == [c.header for c in ledger.import_columns]
    dropdowns = {
        str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1
        for v in sheet.data_validations.dataValidation
    }
    choices = 0
    for index, column in enumerate(ledger.import_columns):
        header, required, how = explained[column.header]
        assert required == ("必填" if column.required else "选填") and how
        letter = sheet.cell(1, index + 1).column_letter
        if isinstance(column.widget, ChoiceLabelWidget):
            choices += 1
            allowed = dropdowns[letter].strip('"').split(",")
            assert allowed == list(column.widget.by_label)
            assert "、".join(allowed) in how
            assert column.example in ("", None, *allowed)  # the example is allowed
        else:
            assert letter not in dropdowns
    assert len(dropdowns) == choices
