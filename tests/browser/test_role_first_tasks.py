"""Each demo role's first task in Chromium, from the home page by clicking only
what the pages show (issue 22); the tasks are listed in tests/browser/journeys.py.

Each journey holds its outcome against the database and bounds the clicks and
the fields filled by what it takes today, so a page that makes the task longer
fails. bench/role_journeys.py runs the same journeys against a running server
and prints the figures before and after issue 22.
"""

from datetime import date, datetime, time

import openpyxl
import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.utils import timezone

from org.models import Cadre, OrgUnit, User
from petitions.models import PetitionCase, ReceptionDay, Stage
from tests.browser import journeys
from tracking.models import CalendarOverride

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def steps(demo_city, browser):
    """Journey steps on the demo city, counted from the home page."""

    def start(username: str) -> journeys.Steps:
        s = journeys.Steps(browser.page, browser.base_url)
        s.login(username)
        assert browser.page.title().startswith("首页")
        return s

    yield start
    assert browser.foreign_hosts() == set()


def bounded(s: journeys.Steps, clicks: int, fields: int) -> None:
    assert s.clicks <= clicks and s.fields <= fields, s.summary()
    assert s.typed == 0


def test_cadre_logs_this_weeks_reception_day_and_sees_the_quota_move(steps):
    s = steps("cadre")
    seen = journeys.cadre(s)
    met, weeks = map(int, seen["before"])
    assert seen["after"] == (str(met + 1), str(weeks))
    cadre = User.objects.get(username="cadre").cadre
    assert ReceptionDay.objects.filter(
        leader=cadre, day=timezone.localdate(), kind="reception", visitors=6
    ).exists()
    bounded(s, clicks=5, fields=1)


def test_clerk_sees_the_week_and_exports_a_filtered_ledger(steps, tmp_path):
    s = steps("clerk")
    seen = journeys.clerk(s, str(tmp_path))
    assert seen["due"].startswith("本周到期")
    rows = list(openpyxl.load_workbook(seen["path"]).active.iter_rows(values_only=True))
    township = OrgUnit.objects.get(name="城关镇")
    expected = ReceptionDay.objects.filter(leader__unit=township).count()
    assert expected > 0
    assert rows[1][0] == "单位：城关镇"
    assert rows[-1][0] == f"合计（{expected}条）"
    assert len(rows) - 4 == expected  # title, filter, header … total
    bounded(s, clicks=3, fields=1)


def test_county_leader_opens_the_records_behind_a_failed_rule(steps):
    s = steps("leader")
    seen = journeys.leader(s)
    cadre = Cadre.objects.get(name=seen["name"], unit__code__startswith="620302")
    assert seen["rule"] == "每月至少接访1天"
    assert f"leader={cadre.pk}" in s.page.url
    year = timezone.localdate().year
    assert (
        seen["rows"]
        == ReceptionDay.objects.filter(leader=cadre, day__year=year).count()
    )
    bounded(s, clicks=1, fields=0)


def test_city_leader_opens_the_worst_county_and_a_persons_records(steps):
    s = steps("cityleader")
    seen = journeys.cityleader(s)
    assert seen["unit"] in seen["title"]
    cadre = Cadre.objects.get(name=seen["name"])
    assert cadre.unit.name == seen["unit"] or cadre.unit.parent.name == seen["unit"]
    assert f"={cadre.pk}" in s.page.url  # ?cadre= or ?leader=, by the rule
    bounded(s, clicks=2, fields=0)


def test_petition_office_registers_and_routes_a_case(steps):
    s = steps("petition")
    content = "反映金川西村灌溉渠道冬季结冰阻断村道的问题"
    seen = journeys.petition(s, content)
    case = PetitionCase.objects.get(content=content)
    assert case.number in seen["number"]
    assert case.stage == Stage.ROUTED
    assert case.unit.name == "城关镇"
    assert journeys.ZHANG_ID in seen["petitioners"]  # unmasked for this role
    assert journeys.ZHANG_PHONE in seen["petitioners"]
    assert case.petitioners.get().id_number == journeys.ZHANG_ID
    bounded(s, clicks=4, fields=7)


def test_system_admin_enters_next_years_new_year_holiday(steps):
    s = steps("sysadmin")
    day = date(timezone.localdate().year + 1, 1, 1)
    seen = journeys.sysadmin(s, day)
    assert "成功添加" in seen["message"]
    override = CalendarOverride.objects.get(day=day)
    assert not override.is_workday and override.note == "元旦"
    bounded(s, clicks=4, fields=2)


def test_security_admin_creates_an_account_with_role_and_scope(steps):
    s = steps("secadmin")
    seen = journeys.secadmin(s)
    assert "成功修改" in seen["message"]
    user = User.objects.get(username=journeys.NEW_ACCOUNT)
    assert [g.name for g in user.groups.all()] == ["办公室"]
    assert user.scope_unit.name == "永昌县"
    assert user.check_password(journeys.NEW_PASSWORD)
    bounded(s, clicks=7, fields=5)


def test_auditor_finds_who_changed_a_case_yesterday(steps):
    case = PetitionCase.objects.order_by("pk").first()
    petition = User.objects.get(username="petition")
    with set_actor(petition):
        case.content += "（补充：已电话回访）"
        case.save()
    yesterday = journeys.yesterday(timezone.localdate())
    noon = datetime.combine(
        yesterday, time(10, 30), tzinfo=timezone.get_current_timezone()
    )
    changed = LogEntry.objects.get_for_object(case).filter(actor=petition)
    assert changed.update(timestamp=noon) == 1

    s = steps("auditor")
    seen = journeys.auditor(s, case.number, yesterday)
    assert "petition" in seen["row"] and "信访诉求" in seen["row"]
    assert yesterday.isoformat() in seen["row"]
    bounded(s, clicks=2, fields=2)
