"""The quota engine on boundary data: each default rule, periods, running periods."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Liaison
from org.models import Cadre
from petitions.models import BacklogCase, ReceptionDay
from reports.models import QuotaRule
from reports.quotas import Status, evaluate, sub_periods
from research.models import Finding, ResearchPlan, ResearchReport
from research.services import measure_add
from tests.factories import (
    ActivityFactory,
    CadreFactory,
    PlaceFactory,
    TopicFactory,
    make_trip,
)
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
YEAR = 2024
END = date(YEAR, 12, 31)
AFTER = date(YEAR + 1, 1, 15)  # the year is over: every period is complete


def rule(code):
    return QuotaRule.objects.get(code=code)


def cell_of(code, cadre, window=None, today=AFTER, units=()):
    table = evaluate(
        [rule(code)], window or period_of(YEAR), [cadre], today=today, units=units
    )
    cells = [c for c in table.cells if c.cadre == cadre or (cadre is None)]
    return cells[0] if cells else None


@pytest.fixture
def county_leader(city):
    return CadreFactory(
        name="县长",
        unit=city.yongchang,
        rank=Cadre.Rank.COUNTY,
        is_leadership_member=True,
    )


@pytest.fixture
def city_leader(city):
    return CadreFactory(
        name="市长", unit=city.root, rank=Cadre.Rank.CITY, is_leadership_member=True
    )


def test_the_seventeen_defaults_are_seeded_with_their_sources():
    numbers = {r.code.split("-")[0] for r in QuotaRule.objects.all()}
    assert numbers == {str(n) for n in range(1, 18)}
    for r in QuotaRule.objects.all():
        # by the document's title and number, never a file name
        assert r.source.startswith("《关于深化落实“四下基层”制度的实施意见》")
        assert "市委办发〔2024〕2号）第" in r.source and ".txt" not in r.source


@pytest.mark.parametrize(("count", "status"), [(0, Status.FAILED), (1, Status.MET)])
def test_rule_1_lecture_a_year(city, county_leader, count, status):
    for _ in range(count):
        ActivityFactory(
            cadre=county_leader, kind="lecture", start_date=date(YEAR, 12, 31)
        )
    ActivityFactory(
        cadre=county_leader, kind="lecture", start_date=date(YEAR + 1, 1, 1)
    )
    assert cell_of("1", county_leader).status == status


def test_rule_1_counts_a_co_speaker(city, county_leader):
    lecture = ActivityFactory(
        cadre=city.yc_colleague, kind="lecture", start_date=date(YEAR, 5, 1)
    )
    lecture.companions.add(county_leader)
    assert cell_of("1", county_leader).status == Status.MET


def test_rule_1_planned_lectures_do_not_count(city, county_leader):
    ActivityFactory(
        cadre=county_leader,
        kind="lecture",
        status="planned",
        start_date=date(YEAR, 5, 1),
    )
    assert cell_of("1", county_leader).status == Status.FAILED


def test_rule_2_applies_to_party_secretaries_and_city_leaders(city, city_leader):
    secretary = CadreFactory(
        unit=city.chengguan, rank=Cadre.Rank.TOWNSHIP, is_party_secretary=True
    )
    staff = CadreFactory(unit=city.chengguan, rank=Cadre.Rank.TOWNSHIP)
    ActivityFactory(cadre=secretary, kind="party_lecture", start_date=date(YEAR, 7, 1))
    assert cell_of("2", secretary).status == Status.MET
    assert cell_of("2", city_leader).status == Status.FAILED
    assert cell_of("2", staff) is None


def test_rule_3_plan_by_the_end_of_february(city):
    ResearchPlan.objects.create(
        unit=city.yongchang, year=YEAR, submitted_on=date(YEAR, 2, 29)
    )
    ResearchPlan.objects.create(
        unit=city.jinchuan, year=YEAR, submitted_on=date(YEAR, 3, 1)
    )
    table = evaluate(
        [rule("3")],
        period_of(YEAR),
        [],
        today=AFTER,
        units=[city.yongchang, city.jinchuan, city.root],
    )
    status = {c.unit.name: c.status for c in table.cells}
    assert status == {
        "永昌县": Status.MET,
        "金川区": Status.FAILED,
        "金昌市": Status.FAILED,
    }
    early = evaluate(
        [rule("3")], period_of(YEAR), [], today=date(YEAR, 2, 1), units=[city.root]
    )
    assert early.cells[0].status == Status.ON_TRACK


def test_rules_4_and_5_topic_and_sixty_research_days(city, county_leader):
    assert cell_of("4", county_leader).status == Status.FAILED
    topic = TopicFactory(lead=county_leader, year=YEAR)
    assert cell_of("4", county_leader).status == Status.MET
    make_trip(topic, date(YEAR, 3, 1), date(YEAR, 4, 28))  # 59 days (leap year)
    cell = cell_of("5", county_leader)
    assert (cell.done, cell.shortfall, cell.status) == (59, 1, Status.FAILED)
    make_trip(topic, date(YEAR, 4, 28), date(YEAR, 4, 29))  # one new day
    assert cell_of("5", county_leader).status == Status.MET


def test_rules_6_and_7_report_and_measures(city, county_leader):
    topic = TopicFactory(lead=county_leader, year=YEAR)
    finding = Finding.objects.create(
        topic=topic, description="问题", found_on=date(YEAR, 5, 1)
    )
    assert cell_of("6", county_leader, today=date(YEAR, 6, 1)).status == Status.ON_TRACK
    assert cell_of("6", county_leader).status == Status.FAILED
    assert cell_of("7", county_leader).status == Status.AT_RISK
    ResearchReport.objects.create(topic=topic, submitted_on=END, text="报告")
    measure_add(
        finding=finding,
        title="措施",
        unit=city.yongchang,
        owner=county_leader,
        start_date=date(YEAR, 5, 1),
        deadline=date(YEAR, 9, 1),
    )
    assert cell_of("6", county_leader).status == Status.MET
    assert cell_of("7", county_leader).status == Status.MET


def receive(cadre, *days):
    for day in days:
        ReceptionDay.objects.create(kind="reception", leader=cadre, day=day)


def test_rule_8_a_reception_day_each_quarter(city, city_leader):
    receive(city_leader, date(YEAR, 3, 31), date(YEAR, 4, 1), date(YEAR, 9, 30))
    cell = cell_of("8", city_leader)
    assert (cell.periods_met, cell.periods_total, cell.status) == (3, 4, Status.FAILED)
    receive(city_leader, date(YEAR, 12, 31))
    assert cell_of("8", city_leader).status == Status.MET


def test_rule_9_month_by_month_so_far(city, county_leader):
    receive(county_leader, date(YEAR, 1, 31), date(YEAR, 2, 1))
    window = period_of(YEAR, quarter=1)
    cell = cell_of("9", county_leader, window=window, today=date(YEAR, 3, 10))
    assert cell.progress == "2/3个月达标"
    assert cell.status == Status.ON_TRACK  # March is running, 22 of 31 days left
    cell = cell_of("9", county_leader, window=window, today=date(YEAR, 3, 25))
    assert cell.status == Status.AT_RISK  # a week left in March
    cell = cell_of("9", county_leader, window=window, today=date(YEAR, 4, 2))
    assert cell.status == Status.FAILED


def test_rule_10_weekly_across_the_year_boundary(city):
    township = CadreFactory(
        unit=city.chengguan, rank=Cadre.Rank.TOWNSHIP, is_leadership_member=True
    )
    # The week of Monday 2024-12-30 runs into 2025; a reception on 12-31 meets it.
    window = period_of(2025, month=1)
    receive(
        township,
        date(2024, 12, 31),
        date(2025, 1, 8),
        date(2025, 1, 15),
        date(2025, 1, 22),
    )
    cell = cell_of("10", township, window=window, today=date(2025, 2, 3))
    assert (cell.periods_met, cell.periods_total) == (4, 5)  # the week of 1-27 missed
    receive(township, date(2025, 2, 2))
    cell = cell_of("10", township, window=window, today=date(2025, 2, 3))
    assert cell.status == Status.MET


def test_week_periods_cover_the_boundary():
    weeks = sub_periods("week", period_of(2025, month=1), date(2025, 2, 3))
    assert weeks[0].start == date(2024, 12, 30) and weeks[-1].end == date(2025, 2, 2)


def test_rule_11_a_backlog_case_each_half_year(city, city_leader, register):
    case = register(on=date(YEAR, 3, 1))
    BacklogCase.objects.create(
        case=case,
        leader=city_leader,
        team="专班",
        plan="方案",
        assigned_on=date(YEAR, 6, 30),
    )
    cell = cell_of("11", city_leader)
    assert (cell.periods_met, cell.periods_total, cell.status) == (1, 2, Status.FAILED)


@pytest.mark.parametrize(
    ("code", "leader"), [("12", "city_leader"), ("13", "county_leader")]
)
def test_rules_12_and_13_onsite_sessions(city, request, code, leader):
    cadre = request.getfixturevalue(leader)
    months = range(1, 13)
    for month in months:
        ActivityFactory(cadre=cadre, kind="onsite", start_date=date(YEAR, month, 15))
    assert cell_of(code, cadre).status == Status.MET
    cadre.activities.filter(start_date__month__in=[7, 8, 9]).delete()
    assert cell_of(code, cadre).status == Status.FAILED


@pytest.mark.parametrize(
    ("kind", "role", "contact_code", "visit_code", "visit_kind"),
    [
        ("project", "leader", "14-1", "14-2", "project_visit"),
        ("project", "commissioner", "15-1", "15-2", "project_visit"),
        ("enterprise", "leader", "16-1", "16-2", "enterprise_visit"),
        ("enterprise", "responsible", "17-1", "17-2", "enterprise_visit"),
    ],
)
def test_rules_14_to_17_liaison_contacts_and_site_visits(
    city, city_leader, kind, role, contact_code, visit_code, visit_kind
):
    place = PlaceFactory(unit=city.chengguan, kind=kind)
    liaison = Liaison.objects.create(
        kind=kind, cadre=city_leader, role=role, place=place, since=date(YEAR, 1, 1)
    )
    for month in range(1, 13):
        mode = "site_visit" if month in (3, 6, 9, 12) else "phone"
        ActivityFactory(
            cadre=city_leader,
            kind=visit_kind,
            liaison=liaison,
            contact_mode=mode,
            start_date=date(YEAR, month, 10),
            places=[place],
        )
    assert cell_of(contact_code, city_leader).status == Status.MET
    assert cell_of(visit_code, city_leader).status == Status.MET
    other = CadreFactory(unit=city.root, rank=Cadre.Rank.CITY)
    assert cell_of(contact_code, other) is None  # no liaison, no rule


def test_a_running_year_is_not_failed(city, county_leader):
    cell = cell_of("1", county_leader, today=date(YEAR, 3, 1))
    assert cell.status == Status.ON_TRACK
    assert cell_of("1", county_leader, today=date(YEAR, 11, 1)).status == Status.AT_RISK


def test_evaluation_takes_a_fixed_number_of_queries(
    city, django_assert_max_num_queries
):
    rules = list(QuotaRule.objects.all())
    few = [
        CadreFactory(
            unit=city.yongchang, rank=Cadre.Rank.COUNTY, is_leadership_member=True
        )
        for _ in range(10)
    ]
    many = few + [
        CadreFactory(unit=city.jinchuan, rank=Cadre.Rank.TOWNSHIP) for _ in range(200)
    ]
    for cadre in many[::7]:
        ActivityFactory(cadre=cadre, kind="onsite", start_date=date(YEAR, 4, 1))
        receive(cadre, date(YEAR, 4, 2))

    with CaptureQueriesContext(connection) as small:
        evaluate(rules, period_of(YEAR), few, today=AFTER, units=[city.root])
    with CaptureQueriesContext(connection) as large:
        evaluate(rules, period_of(YEAR), many, today=AFTER, units=[city.root])
    assert len(small.captured_queries) == len(large.captured_queries) <= 10
