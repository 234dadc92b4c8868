"""The narrative from the data: what the selectors count for the report
(leaders by rank, 现场解释答复, 典型案例, backlog by the 包案 leader's rank,
12345 handling and sign-for times over the orders that carry them) and how
compose words it: frames chosen by the data, problems and next steps from
the unit's own shortfalls."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from activities.selectors import report_figures as activity_figures
from activities.services import typical_case_add as activity_case_add
from org.models import Cadre
from petitions.models import HotlineOrder, ReceptionDay
from petitions.selectors import report_figures as petition_figures
from petitions.services import backlog_assign, backlog_resolve
from reports.collect import Shortfall
from reports.compose import compose
from research.selectors import report_figures as research_figures
from research.services import typical_case_add as topic_case_add
from tests.factories import ActivityFactory, CadreFactory, TopicFactory
from tests.reports.test_report_pipeline import figures
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
Q2 = period_of(2024, 2)
SIGNED = date(2024, 7, 8)


def text(f) -> str:
    return compose(f, signed_on=SIGNED).plain()


def body_of(plain: str, heading: str) -> str:
    lines = plain.splitlines()
    return lines[lines.index(heading) + 1]


def test_leaders_are_counted_by_rank_for_each_pillar(city):
    county = CadreFactory(unit=city.yongchang, rank=Cadre.Rank.COUNTY)
    township = city.users.cadre.cadre  # 乡科级 by default
    staff = CadreFactory(unit=city.chengguan, rank=Cadre.Rank.STAFF)
    lecture = ActivityFactory(
        kind="lecture", cadre=county, start_date=date(2024, 4, 3), topic="乡村振兴"
    )
    lecture.companions.set([township, staff])
    ActivityFactory(cadre=township, start_date=date(2024, 5, 3), answered_on_site=4)
    ActivityFactory(cadre=staff, start_date=date(2024, 5, 4), answered_on_site=2)
    ActivityFactory(cadre=county, start_date=date(2024, 7, 1), answered_on_site=9)
    for leader, visitors in ((county, 5), (township, 3)):
        ReceptionDay.objects.create(
            kind="reception",
            leader=leader,
            day=date(2024, 6, 3),
            visitors=visitors,
            answered_on_site=visitors - 1,
        )
    a = activity_figures(city.yongchang.path, Q2.start, Q2.end)
    assert a.policy_leaders == {"county": 1, "township": 1}  # staff not counted
    assert a.onsite_leaders == {"township": 1}
    assert a.answered_on_site == 6  # July's session is outside the quarter
    assert a.lecture_themes == ["乡村振兴"]
    p = petition_figures(city.yongchang.path, Q2.start, Q2.end)
    assert p.reception_leaders_by_rank == {"county": 1, "township": 1}
    assert p.answered_on_site == 6
    f = figures()
    f.policy = f.onsite = a
    f.petitions = p
    f.scope = "全县"
    plain = text(f)
    assert "全县1名县处级、1名乡科级领导干部带头深入基层宣讲" in plain
    assert "现场解释答复6条" in plain


def test_typical_cases_are_counted_and_named_from_topics_and_activities(city):
    topic = TopicFactory(lead=city.yc_colleague, unit=city.chengguan)
    topic_case_add(
        topic=topic,
        title="“积分超市”激励垃圾分类",
        polarity="positive",
        found_on=date(2024, 5, 2),
    )
    topic_case_add(
        topic=topic, title="去年的案例", polarity="positive", found_on=date(2024, 3, 2)
    )
    session = ActivityFactory(cadre=city.users.cadre.cadre, start_date=date(2024, 6, 1))
    activity_case_add(
        activity=session,
        title="设施重建轻管",
        polarity="negative",
        found_on=date(2024, 6, 1),
    )
    r = research_figures(city.yongchang.path, Q2.start, Q2.end)
    a = activity_figures(city.yongchang.path, Q2.start, Q2.end)
    assert (r.cases_positive, r.cases_negative) == (1, 0)
    assert (a.cases_positive, a.cases_negative) == (0, 1)
    f = figures()
    f.research = replace(
        f.research,
        cases_positive=1,
        case_positive_titles=r.case_positive_titles,
    )
    f.policy = f.onsite = replace(
        f.policy, cases_negative=1, case_negative_titles=a.case_negative_titles
    )
    plain = text(f)
    assert "深入解剖正反面典型案例2个" in plain
    assert "总结推广“‘积分超市’激励垃圾分类”等经验做法" in plain
    f.policy = f.onsite = replace(f.policy, cases_negative=0)
    assert "总结推广“‘积分超市’激励垃圾分类”等正面典型案例1个" in text(f)
    assert "剖析“设施重建轻管”等问题教训" in plain
    assert "去年的案例" not in plain


def test_backlog_resolved_is_split_by_the_leaders_rank(city, register):
    city_leader = city.users.city_leader.cadre
    county = CadreFactory(unit=city.yongchang, rank=Cadre.Rank.COUNTY)
    for leader, resolved in (
        (city_leader, date(2024, 5, 20)),
        (county, date(2024, 6, 10)),
        (county, None),
    ):
        backlog = backlog_assign(
            case=register(on=date(2024, 3, 1)),
            leader=leader,
            team="专班",
            plan="方案",
            assigned_on=date(2024, 4, 1),
            deadline=date(2024, 9, 30),
        )
        if resolved:
            backlog_resolve(
                backlog=backlog, by=city.users.clerk, on=resolved, resolution="化解"
            )
    p = petition_figures(city.yongchang.path, Q2.start, Q2.end)
    assert p.backlog_resolved_by_rank == {"city": 1, "county": 1}
    assert (p.backlog_assigned, p.backlog_open) == (3, 1)
    f = figures()
    f.petitions, f.period, f.quarter, f.as_of = p, Q2, 2, Q2.end
    plain = text(f)
    assert "市级领导包案化解信访积案1件、县处级领导包案化解1件" in plain
    assert "截至6月30日尚有1件正在按“五个一”要求推进化解" in plain


def order(city, number, received, **times):
    tz = timezone.get_current_timezone()
    return HotlineOrder.objects.create(
        number=number,
        received_at=datetime(*received, tzinfo=tz),
        unit=city.chengguan,
        summary="路灯不亮",
        **{k: datetime(*v, tzinfo=tz) for k, v in times.items()},
    )


def test_handling_and_sign_for_times_only_over_the_orders_that_carry_them(city):
    # Friday 7 June → Wednesday 12 June 2024: the 10th is 端午节, so 2
    # working days (the 11th and the 12th).
    order(city, "T1", (2024, 6, 7, 9), resolved_at=(2024, 6, 12, 9))
    order(city, "T2", (2024, 6, 3, 9), resolved_at=(2024, 6, 3, 17))
    order(
        city,
        "T3",
        (2024, 6, 4, 9),
        signed_at=(2024, 6, 4, 9, 20),
        resolved_at=(2024, 7, 2, 9),  # after the quarter: not closed by then
    )
    p = petition_figures(city.yongchang.path, Q2.start, Q2.end)
    assert (p.hotline_counted, p.hotline_closed) == (3, 2)
    assert p.handling_days == 1.0  # (2 + 0) / 2 closed orders
    assert (p.hotline_signed, p.sign_minutes) == (1, 20.0)
    f = figures()
    f.petitions = p
    plain = text(f)
    assert "12345工单办结率66.7%" in plain
    assert "已办结工单平均办理时长1个工作日" in plain
    assert "有签收记录的1单平均签收用时20分钟" in plain

    f.petitions = replace(p, sign_minutes=None, hotline_signed=0, handling_days=None)
    assert "签收用时" not in text(f) and "办理时长" not in text(f)


def test_problems_and_next_steps_follow_the_units_own_shortfalls():
    quiet = figures(handed_over_closed=4, livelihood_closed=3)
    quiet.shortfalls, quiet.overdue = [], {}
    quiet.research = replace(quiet.research, topics_converted=4)
    quiet.petitions = replace(
        quiet.petitions, hotline_closed=27, backlog_open=0, hotline_counted=27
    )
    plain = text(quiet)
    problems = body_of(plain, "六、存在的问题")
    steps = body_of(plain, "七、下一步工作打算")
    assert "一是" not in problems and "未达标" not in problems
    assert "逾期" not in steps

    busy = figures()
    busy.shortfalls = [
        Shortfall("每月至少接访1天", 3, 20, ["张三"]),
        Shortfall("每季度至少现场办公1次", 2, 8, ["李四"]),
    ]
    busy.overdue = {"调研解决措施": 2, "民生实事": 1}
    busy.research = replace(busy.research, topics_converted=1)
    plain = text(busy)
    problems = body_of(plain, "六、存在的问题")
    steps = body_of(plain, "七、下一步工作打算")
    # The rules furthest behind (by share) named, the overdue kinds named
    # (their counts are stated in the sections above or on the dashboard).
    assert "“每季度至少现场办公1次”“每月至少接访1天”等要求落实较差" in problems
    assert "逾期未办结，主要集中在调研解决措施、民生实事" in problems
    assert "尚有3个未形成转化成果" in problems
    assert "聚焦“每月至少接访1天”“每季度至少现场办公1次”等" in steps
    assert "对未达标的领导干部逐一提醒" in steps
    assert "对逾期未办结的调研解决措施、民生实事实行红黄蓝预警管理" in steps
    assert "推动尚未转化的调研课题" in steps
    assert "加快推进尚未完成的民生实事" in steps
    assert steps != body_of(text(quiet), "七、下一步工作打算")
    assert "张三" not in plain


def test_a_topic_case_dated_outside_the_period_or_after_today_is_refused(city):
    topic = TopicFactory(lead=city.yc_colleague, unit=city.chengguan, year=2024)
    with pytest.raises(Exception, match="课题年度"):
        topic_case_add(
            topic=topic, title="x", polarity="positive", found_on=date(2025, 1, 2)
        )
    with pytest.raises(Exception, match="不能晚于今天"):
        topic_case_add(
            topic=topic,
            title="x",
            polarity="positive",
            found_on=timezone.localdate() + timedelta(days=1),
        )
