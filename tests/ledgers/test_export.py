"""导出台账: the filtered rows, in the office layout, masked by role."""

from datetime import timedelta
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ledgers.registry import LEDGERS
from org.models import Cadre
from org.roles import Role
from reports.models import QuotaRule
from reports.quotas import evaluate
from security.models import AuditEvent
from tests.factories import ActivityFactory, make_login
from tests.petitions.test_views import ZHANG_ID
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def export(client, ledger_kind, **params):
    url = reverse("ledger_export", args=[ledger_kind])
    response = client.post(f"{url}?{urlencode(params)}")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return response, [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def case(register):
    return register(on=TODAY - timedelta(days=2), id_number=ZHANG_ID)


def test_case_export_is_masked_for_a_clerk_and_audited(client, city, case):
    client.force_login(city.users.clerk)
    response, rows = export(client, "petition_cases")
    header, first = rows[2], rows[3]
    assert header[:5] == ["编号", "登记日期", "信访人", "身份证号", "联系电话"]
    assert first[0] == case.number
    assert first[2] == "张**" and first[3] == "620302********" + ZHANG_ID[-4:]
    assert first[4] == "138****1234"
    assert "张建国" not in str(rows) and ZHANG_ID not in str(rows)
    event = AuditEvent.objects.get(action="export")
    assert event.user == city.users.clerk and "已脱敏" in event.detail


def test_case_export_is_unmasked_for_the_petition_office_and_audited(
    client, city, case
):
    client.force_login(city.users.petition_office)
    _, rows = export(client, "petition_cases")
    assert rows[3][2] == "张建国" and rows[3][3] == ZHANG_ID
    assert "未脱敏" in AuditEvent.objects.get(action="export").detail


def test_export_has_title_unit_date_and_typed_cells(client, city, case):
    client.force_login(city.users.clerk)
    response, rows = export(client, "petition_cases", year=TODAY.year)
    assert rows[0][0] == f"永昌县{TODAY.year}年信访事项台账"
    assert rows[1][0] == "单位：永昌县" and rows[1][2] == f"导出日期：{TODAY:%Y-%m-%d}"
    assert rows[3][1].date() == case.registered_on  # a real date cell
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.freeze_panes == "A4"
    assert sheet["A3"].font.bold


def test_exported_rows_equal_the_filtered_list(client, city):
    cadre = city.users.cadre.cadre
    for n in range(5):
        ActivityFactory(
            cadre=cadre, kind="lecture", topic=f"宣讲{n}", audience_public=10
        )
    ActivityFactory(cadre=cadre, kind="onsite", topic="现场办公", households_visited=7)
    ActivityFactory(cadre=city.jc_cadre, kind="lecture", topic="金川区宣讲")
    client.force_login(city.users.clerk)
    listed = client.get(reverse("activities:list"), {"kind": "lecture"}).context["page"]
    _, rows = export(client, "activities", kind="lecture")
    exported = [row[4] for row in rows[3:-1]]
    assert sorted(exported) == sorted(a.topic for a in listed)
    total = rows[-1]
    assert total[0] == "合计（5条）" and total[9] == 50


def test_a_clerk_cannot_export_another_county_by_the_query_string(client, city):
    ActivityFactory(cadre=city.jc_cadre, topic="金川区现场办公")
    client.force_login(city.users.clerk)
    url = reverse("ledger_export", args=["activities"])
    for params in ({"unit": city.jinchuan.pk}, {"cadre": city.jc_cadre.pk}):
        response = client.post(f"{url}?{urlencode(params)}", follow=True)
        assert "金川区现场办公" not in response.content.decode("utf-8", "ignore")
        assert "筛选条件有误，未导出" in response.text


def test_unknown_ledger_is_404(client, city):
    client.force_login(city.users.clerk)
    assert client.post(reverse("ledger_export", args=["nonsense"])).status_code == 404


def test_auditor_exports_nothing(client, city, case):
    auditor = make_login("auditor2", Role.AUDIT_ADMIN)
    client.force_login(auditor)
    _, rows = export(client, "petition_cases")
    assert len(rows) == 3  # title, unit and date, header


@pytest.mark.parametrize(
    "kind", sorted(__import__("ledgers.registry", fromlist=["LEDGERS"]).LEDGERS)
)
def test_every_ledger_exports_with_title_and_header(client, city, kind):

    client.force_login(city.users.clerk)
    _, rows = export(client, kind, year=TODAY.year)
    ledger = LEDGERS[kind]
    assert rows[0][0].endswith(f"{ledger.title}台账")
    assert rows[2] == [column.header for column in ledger.columns]


def test_quota_compliance_ledger_has_a_row_per_leader_and_rule(client, city):

    client.force_login(city.users.clerk)
    year = TODAY.year
    response, rows = export(
        client, "quota_compliance", unit=city.yongchang.pk, year=year, quarter=1
    )
    assert rows[0][0] == f"永昌县{year}年第1季度指标完成情况台账"
    header, data = rows[2], rows[3:-1]
    assert header[:5] == ["单位", "姓名", "职务", "指标编号", "指标"]
    leaders = list(
        Cadre.objects.filter(unit__path__startswith=city.yongchang.path)
        .exclude(rank="staff")
        .filter(is_active=True)
    )
    expected = evaluate(
        QuotaRule.objects.filter(is_active=True),
        period_of(year, 1),
        leaders,
        today=TODAY,
    )
    people = [c for c in expected.cells if c.cadre]
    assert len([r for r in data if r[1] != "（单位）"]) == len(people) > 0
    assert {r[1] for r in data} - {"（单位）"} == {c.cadre.name for c in people}
    assert "李志强" not in {r[1] for r in data}  # a leader of 金川区
    assert rows[-1][0].startswith("合计")


def test_a_title_starting_with_equals_is_text_not_a_formula(client, city):
    """The title comes from the unit's name, which an administrator types."""
    city.yongchang.name = '=HYPERLINK("http://evil.example","永昌县")'
    city.yongchang.save()
    client.force_login(city.users.clerk)
    url = reverse("ledger_export", args=["activities"])
    sheet = load_workbook(BytesIO(client.post(url).content)).active
    title = sheet["A1"]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK(")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
