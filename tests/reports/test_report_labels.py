"""Report labels: townships apart from departments, places by full name,
villages first, every failing rule with its noun and without names (these
go to the optional annex), plain words for overdue items, 公文 numerals."""

from datetime import date

import pytest
from django.core.management import call_command

from org.models import Cadre
from reports.collect import Shortfall, collect
from reports.compose import compose
from tests.factories import ActivityFactory, PlaceFactory
from tests.reports.test_report_pipeline import figures
from tracking.models import TrackedItem
from tracking.periods import period_of

SIGNED = date(2024, 10, 8)


def body_of(text, heading: str) -> str:
    lines = text.splitlines()
    return lines[lines.index(heading) + 1]


def test_quarters_are_written_in_chinese_numerals():
    report = compose(figures(), signed_on=SIGNED)
    assert report.title == "关于金川区2024年第四季度落实“四下基层”开展情况的报告"
    assert report.plain().count("第四季度") == 2  # the title and the opening
    assert "第4季度" not in report.plain()


def test_a_single_clause_is_not_numbered():
    f = figures(party_lectures=0, trainings=0)
    text = compose(f, signed_on=SIGNED).plain()
    policy = body_of(text, "一、宣传党的路线方针政策下基层")
    assert policy.startswith("深入基层开展政策宣讲6场次")
    assert "一是" not in policy
    for line in text.splitlines():
        assert ("一是" in line) == ("二是" in line), line


def test_every_failing_rule_is_listed_with_its_noun_and_no_names():
    f = figures()
    f.shortfalls = [
        Shortfall(f"规则{i}", i, 10, [f"干部{i}（某单位）"]) for i in range(1, 7)
    ] + [Shortfall("按期制定年度调研计划", 2, 3, ["市信访局"], "个领导班子")]
    report = compose(f, signed_on=SIGNED)
    compliance = body_of(report.plain(), "五、指标要求落实情况")
    # Every failing rule named; the people short counted once (1 + … + 6);
    # the count per rule is on the dashboard, the names in the annex.
    for i in range(1, 7):
        assert f"“规则{i}”" in compliance
    assert "“按期制定年度调研计划”要求尚未全面达标" in compliance
    assert "涉及领导干部21人次、部分领导班子" in compliance
    assert "干部" not in compliance.replace("领导干部", "")
    assert "市信访局" not in report.plain()

    annexed = compose(f, signed_on=SIGNED, annex=True).plain()
    annex = annexed[annexed.index("附件：未达标人员名单") :]
    assert "干部6（某单位）" in annex and "市信访局" in annex
    assert annexed.index("附件：未达标人员名单") > annexed.index("2024年10月8日")


@pytest.mark.django_db
def test_collect_counts_townships_apart_and_names_places_in_full(city):
    Q3 = period_of(2024, 3)
    lead = city.users.cadre.cadre
    office_place = PlaceFactory(
        name="机关", unit=city.yc_office, kind="other"
    )  # a department's place
    another = PlaceFactory(name="河西堡村", unit=city.chengguan, kind="village")
    for places in ([office_place], [office_place], [office_place], [another]):
        ActivityFactory(cadre=lead, start_date=date(2024, 8, 5), places=places)
    ActivityFactory(cadre=lead, start_date=date(2024, 8, 6), places=[city.yc_village])
    f = collect(city.yongchang, Q3, today=date(2024, 12, 1), quarter=3)
    assert f.onsite.onsite_townships == 1  # 城关镇; the county office is not one
    assert f.onsite.top_places == [
        "城关镇河西堡村",
        "城关镇金川西村",
        "永昌县委办公室机关",
    ]


@pytest.mark.django_db
def test_collect_lists_city_leaders_first_and_teams_as_teams(city):
    Q3 = period_of(2024, 3)
    f = collect(city.root, Q3, today=date(2024, 12, 1), quarter=3)
    ranks = [s.level for s in f.shortfalls]
    assert ranks == sorted(ranks) and ranks[0] == 0
    rules = [s.rule for s in f.shortfalls]
    assert rules.index("每季度至少接访1天") < rules.index("每月至少接访1天")
    teams = [s for s in f.shortfalls if s.rule == "每年2月底前制定年度调研计划"]
    assert teams and teams[0].noun == "个领导班子"
    city_leader = Cadre.objects.get(user=city.users.city_leader)
    assert any(city_leader.name in name for s in f.shortfalls for name in s.names)
    text = compose(f, signed_on=SIGNED).plain()
    assert city_leader.name not in text
    assert "“每年2月底前制定年度调研计划”" in text and "部分领导班子" in text


@pytest.mark.django_db
def test_collect_names_overdue_petition_stages_in_plain_words(city):
    TrackedItem.objects.create(
        kind="petition_stage",
        title="阶段",
        unit=city.chengguan,
        start_date=date(2024, 7, 1),
        deadline=date(2024, 7, 15),
    )
    f = collect(city.yongchang, period_of(2024, 3), today=date(2024, 12, 1))
    assert "信访事项办理阶段" not in f.overdue
    assert f.overdue.get("信访事项") == 1


@pytest.mark.django_db
def test_build_report_adds_the_annex_only_when_asked(city, tmp_path):

    name = Cadre.objects.get(user=city.users.city_leader).name
    plain, annexed = tmp_path / "plain.txt", tmp_path / "annex.txt"
    args = ["--unit", "620300", "--year", "2024", "--quarter", "3", "--format", "txt"]
    call_command("build_report", *args, "-o", str(plain))
    call_command("build_report", *args, "--annex", "-o", str(annexed))
    assert name not in plain.read_text(encoding="utf-8")
    assert "附件：未达标人员名单" in annexed.read_text(encoding="utf-8")
    assert f"{name}（金昌市）" in annexed.read_text(encoding="utf-8")
