"""Research pages: scope per role, editing rights, flat query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre
from research.models import Finding, Measure, ResearchPlan, ResearchTopic
from tests.factories import CadreFactory, TopicFactory, make_trip

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def topics(city):
    yc = TopicFactory(lead=city.yc_colleague, year=TODAY.year, title="永昌课题")
    jc = TopicFactory(lead=city.users.leader.cadre, year=TODAY.year, title="金川课题")
    return {"yc": yc, "jc": jc}


def listed(client) -> set[str]:
    return {t.title for t in client.get(reverse("research:topic_list")).context["page"]}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("clerk", {"永昌课题"}),
        ("leader", {"金川课题"}),
        ("city_leader", {"永昌课题", "金川课题"}),
        ("cadre", set()),
        ("auditor", set()),
    ],
)
def test_topic_list_is_scoped(client, city, topics, user, expected):
    client.force_login(getattr(city.users, user))
    assert listed(client) == expected


@pytest.mark.parametrize(
    ("user", "topic", "view", "status"),
    [
        ("clerk", "yc", "topic_detail", 200),
        ("clerk", "jc", "topic_detail", 404),
        ("leader", "yc", "topic_detail", 404),
        ("clerk", "yc", "topic_edit", 200),
        ("leader", "jc", "topic_edit", 200),
        ("city_leader", "jc", "topic_edit", 404),
        ("clerk", "jc", "topic_edit", 404),
    ],
)
def test_topic_urls_check_scope(client, city, topics, user, topic, view, status):
    client.force_login(getattr(city.users, user))
    url = reverse(f"research:{view}", args=[topics[topic].pk])
    assert client.get(url).status_code == status


def test_chain_steps_check_scope(client, city, topics):
    client.force_login(city.users.clerk)
    for step in ("trips", "findings", "measures", "conversions", "report"):
        url = reverse("research:chain_add", args=[topics["jc"].pk, step])
        assert client.get(url).status_code == 404
    url = reverse("research:chain_add", args=[topics["yc"].pk, "nonsense"])
    assert client.get(url).status_code == 404


def test_overview_of_someone_out_of_scope_is_404(client, city, topics):
    client.force_login(city.users.clerk)
    response = client.get(
        reverse("research:overview"), {"cadre": city.users.leader.cadre.pk}
    )
    assert response.status_code == 404


def test_overview_shows_days_against_sixty(client, city, topics):
    make_trip(topics["jc"], TODAY - timedelta(days=5), TODAY - timedelta(days=2))
    Cadre.objects.filter(user=city.users.leader).update(is_leadership_member=True)
    client.force_login(city.users.leader)
    response = client.get(reverse("research:overview"))
    assert response.context["summary"].days == 4
    assert "还差56天" in response.text


def test_plan_page_lists_the_units_topics(client, city, topics):
    plan = ResearchPlan.objects.create(
        unit=city.jinchuan, year=TODAY.year, submitted_on=TODAY.replace(month=2, day=20)
    )
    client.force_login(city.users.leader)
    response = client.get(plan.get_absolute_url())
    assert [t.title for t in response.context["topics"]] == ["金川课题"]
    assert plan.submitted_in_time
    client.force_login(city.users.clerk)
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_late_plan_is_flagged(city):
    plan = ResearchPlan.objects.create(
        unit=city.jinchuan, year=2024, submitted_on=timezone.datetime(2024, 3, 1).date()
    )
    assert not plan.submitted_in_time
    leap = ResearchPlan(unit=city.jinchuan, year=2024)
    assert leap.due_on.isoformat() == "2024-02-29"


def test_topic_list_query_count_is_flat(client, city, count_queries):
    client.force_login(city.users.city_leader)
    url = reverse("research:topic_list")
    TopicFactory.create_batch(3, lead=city.users.leader.cadre)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for _ in range(40):
        topic = TopicFactory(lead=CadreFactory(unit=city.jinchuan, rank="county"))
        make_trip(topic, TODAY, TODAY)
        Finding.objects.create(topic=topic, description="问题", found_on=TODAY)
    assert count_queries(lambda: client.get(url)) == few


def test_demo_city_has_a_research_year(demo_city):
    # Running seed_demo again changes no table: tests/demo/test_seed_demo.py.

    assert ResearchTopic.objects.exists()
    assert Measure.objects.exists() and ResearchPlan.objects.exists()
