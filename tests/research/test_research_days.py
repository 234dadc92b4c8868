"""Research days: distinct calendar days on trips, overlaps counted once."""

from datetime import date

import pytest

from research.models import Finding
from research.selectors import leader_year, research_days
from research.services import measure_add
from tests.factories import CadreFactory, TopicFactory, make_trip

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def days_of(cadre, period=YEAR) -> int:
    return research_days([cadre.pk], *period).get(cadre.pk, 0)


def test_a_multi_day_trip_counts_each_day(city):
    topic = TopicFactory(lead=city.users.leader.cadre)
    make_trip(topic, date(2024, 3, 4), date(2024, 3, 8))
    assert days_of(topic.lead) == 5


def test_overlapping_trips_count_each_day_once(city):
    topic = TopicFactory(lead=city.users.leader.cadre)
    other = TopicFactory(lead=city.users.leader.cadre)
    make_trip(topic, date(2024, 3, 4), date(2024, 3, 8))
    make_trip(other, date(2024, 3, 7), date(2024, 3, 10))  # 7th and 8th overlap
    make_trip(topic, date(2024, 3, 8), date(2024, 3, 8))  # inside both
    assert days_of(topic.lead) == 7


def test_a_trip_across_the_year_boundary_counts_its_days_in_each_year(city):
    topic = TopicFactory(lead=city.users.leader.cadre)
    make_trip(topic, date(2023, 12, 30), date(2024, 1, 2))
    assert days_of(topic.lead) == 2
    assert days_of(topic.lead, (date(2023, 1, 1), date(2023, 12, 31))) == 2


def test_two_leaders_on_one_trip_each_get_the_days(city):
    lead = city.users.leader.cadre
    second = CadreFactory(unit=city.jinchuan, rank="county")
    topic = TopicFactory(lead=lead)
    make_trip(topic, date(2024, 5, 1), date(2024, 5, 3), lead, second)
    assert research_days([lead.pk, second.pk], *YEAR) == {lead.pk: 3, second.pk: 3}


def test_only_participants_get_days(city):
    topic = TopicFactory(lead=city.users.leader.cadre)
    member = CadreFactory(unit=city.jinchuan)
    make_trip(topic, date(2024, 5, 1), date(2024, 5, 3), member)
    assert days_of(topic.lead) == 0 and days_of(member) == 3


def test_days_are_counted_in_one_query_for_many_leaders(
    city, django_assert_num_queries
):
    leaders = [CadreFactory(unit=city.jinchuan, rank="county") for _ in range(20)]
    for cadre in leaders:
        make_trip(TopicFactory(lead=cadre), date(2024, 6, 1), date(2024, 6, 2))
    with django_assert_num_queries(1):
        result = research_days([c.pk for c in leaders], *YEAR)
    assert set(result.values()) == {2}


def test_leader_year_reports_topics_days_and_measures(city):

    lead = city.users.leader.cadre
    lead.is_leadership_member = True  # the 60-day rule's audience
    lead.save()
    topic = TopicFactory(lead=lead)
    make_trip(topic, date(2024, 3, 1), date(2024, 3, 10))
    finding = Finding.objects.create(
        topic=topic, description="问题", found_on=date(2024, 3, 10)
    )
    for deadline in (date(2024, 4, 1), date(2024, 12, 1)):
        measure_add(
            finding=finding,
            title=f"措施{deadline}",
            unit=city.jinchuan,
            owner=lead,
            start_date=date(2024, 3, 10),
            deadline=deadline,
        )
    year = leader_year(lead, 2024, today=date(2024, 6, 1))
    assert [t.title for t in year.topics] == [topic.title]
    assert (year.days, year.days_short) == (10, 50)
    assert (year.findings, year.measures_open, year.measures_overdue) == (1, 2, 1)
