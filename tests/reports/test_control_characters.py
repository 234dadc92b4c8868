"""Text safety: a control character (\x0b) pasted into any text field is
removed at input (every model save, every form, every ledger sheet read) and,
if one is already stored, can never break the county's or the city's report."""

from datetime import date
from io import BytesIO

import pytest
from django import forms
from docx import Document

from ledgers.reading import read_sheet
from org.models import Place
from reports.services import report_build, report_text
from tests.factories import ActivityFactory
from ui.forms import BootstrapFormMixin

pytestmark = pytest.mark.django_db


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField()


def test_a_form_removes_control_characters():
    form = NoteForm({"note": "村道\x0b硬化\x00"})
    assert form.is_valid()
    assert form.cleaned_data["note"] == "村道硬化"


def test_a_saved_record_never_carries_a_control_character(city):
    activity = ActivityFactory(cadre=city.users.cadre.cadre, topic="宣讲\x0b政策\x7f")
    activity.refresh_from_db()
    assert activity.topic == "宣讲政策"


def test_a_ledger_sheet_is_read_without_control_characters():
    sheet = read_sheet("姓名,事项\n张三,修\x0b路\n".encode(), "台账.csv")
    assert [values for _, values in sheet.rows][1] == ["张三", "修路"]


@pytest.mark.parametrize("unit", ["yongchang", "root"])
def test_a_stored_control_character_does_not_break_the_report(city, unit):
    ActivityFactory(
        cadre=city.users.cadre.cadre,
        start_date=date(2024, 8, 5),
        places=[city.yc_village],
    )
    # Stored before the input was cleaned: written past every save.
    Place.objects.filter(pk=city.yc_village.pk).update(name="金川\x0b西村")
    text = report_text(getattr(city, unit), 2024, 3, today=date(2024, 10, 8))
    assert "金川\x0b西村" in text.plain()  # the data still carries it
    pdf = report_build(text, "pdf").content
    assert pdf.startswith(b"%PDF")
    docx = Document(BytesIO(report_build(text, "docx").content))
    body = "".join(p.text for p in docx.paragraphs)
    assert "金川西村" in body and "\x0b" not in body
