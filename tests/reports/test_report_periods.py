"""Figures true to their period: flows count what is dated inside the period,
states (closed, open, overdue) are read from the records' dated history as of
the period's last day, so a Q3 report built in October and again in December,
after more closures, reopenings and new records, gives the same figures."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from activities.services import livelihood_create, problem_hand_over
from petitions.models import HotlineOrder
from reports.collect import collect
from reports.compose import compose
from research.services import finding_add, measure_add
from tests.factories import ActivityFactory, TopicFactory
from tracking.models import TrackedItem
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
Q3 = period_of(2024, 3)


def set_clock(monkeypatch, day: date) -> None:
    now = datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


def build(unit, today: date):
    figures = collect(unit, Q3, today=today, quarter=3)
    return figures, compose(figures, signed_on=date(2024, 10, 8)).plain()


@pytest.fixture
def q3_records(city, monkeypatch):
    """永昌县's Q3: a session on 5 August hands over A, B and D; C is a Q2
    problem still open; a measure closed in Q3 and one found in Q3; the
    year's livelihood item. A and D are closed in Q3."""
    by = city.users.clerk
    lead = city.users.cadre.cadre
    set_clock(monkeypatch, date(2024, 8, 5))
    session = ActivityFactory(cadre=lead, start_date=date(2024, 8, 5))
    problems = {
        name: problem_hand_over(
            activity=session, title=name, unit=city.chengguan, deadline=deadline
        ).item
        for name, deadline in (
            ("A", date(2024, 8, 20)),
            ("B", date(2024, 12, 31)),
            ("D", date(2024, 10, 31)),
        )
    }
    earlier = ActivityFactory(cadre=lead, start_date=date(2024, 5, 10))
    problems["C"] = problem_hand_over(
        activity=earlier, title="C", unit=city.chengguan, deadline=date(2024, 6, 30)
    ).item
    topic = TopicFactory(lead=lead, unit=city.chengguan)
    finding = finding_add(topic=topic, description="问题", found_on=date(2024, 8, 1))
    measures = [
        measure_add(
            finding=finding,
            title=f"措施{n}",
            unit=city.chengguan,
            owner=lead,
            start_date=date(2024, 8, 1),
            deadline=date(2024, 12, 1),
        ).item
        for n in (1, 2)
    ]
    livelihood = livelihood_create(
        year=2024,
        title="村道硬化",
        unit=city.chengguan,
        owner=lead,
        start_date=date(2024, 2, 1),
        deadline=date(2024, 12, 31),
    ).item
    set_clock(monkeypatch, date(2024, 8, 15))
    problems["A"].close_out(by=by, result="已解决")
    set_clock(monkeypatch, date(2024, 9, 1))
    measures[0].close_out(by=by, result="已落实")
    set_clock(monkeypatch, date(2024, 9, 10))
    problems["D"].close_out(by=by, result="已解决")
    return problems, measures, livelihood


def test_a_past_quarter_reads_the_same_whenever_it_is_built(
    city, monkeypatch, q3_records
):
    problems, measures, livelihood = q3_records
    by = city.users.clerk
    order = HotlineOrder.objects.create(
        number="Q3-1",
        received_at=datetime(2024, 9, 28, 9, tzinfo=timezone.get_current_timezone()),
        unit=city.chengguan,
        summary="路灯不亮",
    )
    set_clock(monkeypatch, date(2024, 10, 8))
    october, october_text = build(city.yongchang, date(2024, 10, 8))

    # After the quarter: D reopened, everything else closed, new records.
    set_clock(monkeypatch, date(2024, 10, 20))
    problems["D"].reopen(by=by, reason="群众反映未解决")
    set_clock(monkeypatch, date(2024, 11, 20))
    for item in (problems["B"], problems["C"], measures[1], livelihood):
        item.close_out(by=by, result="已办结")
    order.resolved, order.resolved_at = True, timezone.now()
    order.save()
    lead = city.users.cadre.cadre
    later = ActivityFactory(cadre=lead, start_date=date(2024, 11, 2))
    problem_hand_over(
        activity=later, title="E", unit=city.chengguan, deadline=date(2024, 11, 3)
    )
    livelihood_create(
        year=2024,
        title="路灯安装",
        unit=city.chengguan,
        owner=lead,
        start_date=date(2024, 11, 1),
        deadline=date(2024, 11, 10),
    )
    set_clock(monkeypatch, date(2024, 12, 10))
    december, december_text = build(city.yongchang, date(2024, 12, 10))

    assert december == october
    assert december_text == october_text
    # The figures are those of 30 September, not of the build day.
    assert (october.onsite.handed_over, october.onsite.handed_over_closed) == (3, 2)
    assert (october.research.measures, october.research.measures_closed) == (2, 1)
    assert (october.onsite.livelihood_items, october.onsite.livelihood_closed) == (
        1,
        0,
    )
    assert (october.petitions.hotline_orders, october.petitions.hotline_resolved) == (
        1,
        0,
    )
    assert sum(october.overdue.values()) == 1  # C, open on 30 September
    assert "截至9月30日大部分已办结销号" in october_text  # 2 of 3
    assert "今年以来确定的1项民生实事" in october_text
    assert "截至9月30日仍有事项逾期未办结" in october_text


def test_an_item_stands_as_its_dated_history_says(city, monkeypatch, q3_records):
    problems, _, _ = q3_records
    set_clock(monkeypatch, date(2024, 10, 20))
    problems["D"].reopen(by=city.users.clerk, reason="未解决")
    items = TrackedItem.objects.filter(title__in=["A", "B", "C", "D"])
    assert {i.title for i in items.closed_on(date(2024, 9, 30))} == {"A", "D"}
    assert {i.title for i in items.closed_on(date(2024, 10, 20))} == {"A"}
    assert {i.title for i in items.open_on(date(2024, 8, 14))} == {"A", "B", "C", "D"}
    assert {i.title for i in items.open_on(date(2024, 5, 9))} == set()
    assert {
        i.title for i in items.closed_within(date(2024, 9, 1), date(2024, 9, 30))
    } == {"D"}
