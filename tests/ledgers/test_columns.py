"""A ledger column declared once: what the export writes, what the template
shows and what the import reads all come from the same `Col`."""

from datetime import UTC, date, datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ledgers.columns import follow
from ledgers.importing import import_ledger, read_rows, template_xlsx
from ledgers.reading import detect_layout, read_sheet
from ledgers.registry import LEDGERS
from petitions.models import PetitionCase
from tests.factories import ActivityFactory, CadreFactory

pytestmark = pytest.mark.django_db
IMPORTABLE = [kind for kind, ledger in LEDGERS.items() if ledger.importable]


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_every_template_example_row_reads_without_errors(kind):
    """The example sits under its own header: no required cell left blank, no
    date or number read from the neighbouring column."""
    ledger = LEDGERS[kind]
    content = template_xlsx(ledger)
    sheet = read_sheet(content, "模板.xlsx")
    records, errors, _ = read_rows(ledger, sheet, detect_layout(ledger, sheet))
    assert len(records) == 1 and not errors, [str(e) for e in errors]
    header, example = list(sheet.rows[0][1]), list(sheet.rows[1][1])
    assert header == [c.header for c in ledger.import_columns]
    assert len(example) == len(header)


def test_the_findings_template_keeps_its_own_column_order():
    findings = LEDGERS["research_findings"]
    sheet = load_workbook(BytesIO(template_xlsx(findings))).active
    assert [c.value for c in sheet[1]] == ["课题", "发现的问题", "发现日期"]
    exported = [c.header for c in findings.export_columns]
    assert exported.index("发现日期") < exported.index("发现的问题")


def test_a_cell_shows_a_choice_by_label_records_by_name_and_local_time(city):
    cadre = CadreFactory(name="张县长", unit=city.yongchang)
    activity = ActivityFactory(
        cadre=cadre, kind="lecture", places=[city.yc_village, city.jc_village]
    )
    assert follow(activity, "kind") == "宣讲"
    assert follow(activity, "cadre") == "张县长"
    assert follow(activity, "cadre__unit") == "永昌县"
    places = follow(activity, "places").split("、")
    assert sorted(places) == sorted([str(city.yc_village), str(city.jc_village)])
    assert follow(activity, "topic") == activity.topic
    moment = datetime(2024, 5, 6, 1, 0, tzinfo=UTC)
    shown = follow(SimpleNamespace(at=moment), "at")
    assert shown == timezone.localtime(moment) and shown.hour != moment.hour
    assert follow(SimpleNamespace(item=None), "item__unit") is None


def test_a_case_is_the_same_record_by_its_number_alone(client, city, register):
    """The sheet's duplicate check uses 编号、登记日期、信访人、信访诉求; the
    stored case is found by 编号 alone, so a changed 信访诉求 updates it."""
    register(on=date(2024, 3, 5))
    user = city.users.petition_office
    client.force_login(user)
    content = client.post(reverse("ledger_export", args=["petition_cases"])).content
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[3]]
    sheet.cell(4, headers.index("信访诉求") + 1).value = "反映宅基地确权问题"
    buffer = BytesIO()
    workbook.save(buffer)
    result = import_ledger(
        LEDGERS["petition_cases"], buffer.getvalue(), "l.xlsx", user=user, dry_run=False
    )
    assert result.ok, [str(e) for e in result.errors]
    assert (result.new, result.updated) == (0, 1)
    assert PetitionCase.objects.get().content == "反映宅基地确权问题"
