"""典型案例 of a research topic: entered on the topic page by whoever may
edit the topic, refused out of scope, imported from the office's ledger
under the same rules."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from research.models import TypicalCase
from tests.factories import TopicFactory
from tests.rules import import_rows

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def topics(city):
    yc = TopicFactory(lead=city.yc_colleague, year=TODAY.year, title="永昌课题")
    jc = TopicFactory(lead=city.users.leader.cadre, year=TODAY.year, title="金川课题")
    return {"yc": yc, "jc": jc}


def post_case(client, topic, **data):
    url = reverse("research:chain_add", args=[topic.pk, "cases"])
    return client.post(
        url,
        {
            "title": "金川西村垃圾分类积分兑换",
            "polarity": "positive",
            "found_on": TODAY.isoformat(),
            "summary": "村民以分类垃圾兑换生活用品",
            **data,
        },
    )


def test_clerk_adds_a_case_on_a_topic_of_the_county_and_it_is_listed(
    client, city, topics
):
    client.force_login(city.users.clerk)
    response = post_case(client, topics["yc"])
    assert response.status_code == 302
    case = TypicalCase.objects.get()
    assert (case.topic, case.unit, case.polarity) == (
        topics["yc"],
        topics["yc"].unit,
        TypicalCase.Polarity.POSITIVE,
    )
    page = client.get(topics["yc"].get_absolute_url())
    assert "金川西村垃圾分类积分兑换" in page.content.decode()
    assert "正面" in page.content.decode()


def test_clerk_cannot_add_a_case_to_another_countys_topic(client, city, topics):
    client.force_login(city.users.clerk)
    assert post_case(client, topics["jc"]).status_code == 404
    assert not TypicalCase.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"), [("city_leader", 404), ("cadre", 404), ("leader", 404)]
)
def test_only_editors_of_the_topic_reach_the_case_form(
    client, city, topics, user, status
):
    client.force_login(getattr(city.users, user))
    url = reverse("research:chain_add", args=[topics["yc"].pk, "cases"])
    assert client.get(url).status_code == status


def test_a_case_dated_tomorrow_is_refused_naming_the_field(client, city, topics):
    client.force_login(city.users.clerk)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = post_case(client, topics["yc"], found_on=tomorrow)
    assert response.status_code == 200
    assert "不能晚于今天" in response.context["form"].errors["found_on"][0]
    response = post_case(client, topics["yc"], polarity="neutral")
    assert "polarity" in response.context["form"].errors
    assert not TypicalCase.objects.exists()


def test_cases_import_from_the_ledger_and_a_bad_row_imports_nothing(city, topics):
    row = {
        "课题": "永昌课题",
        "案例名称": "某村集体经济空壳",
        "类型": "反面",
        "日期": date(TODAY.year, 1, 2),
        "案例简介": "",
    }
    bad = {**row, "案例名称": "另一个", "类型": "中性"}
    refused = import_rows("typical_cases", [row, bad], city.users.clerk)
    assert not refused.ok and not TypicalCase.objects.exists()
    result = import_rows("typical_cases", [row], city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    case = TypicalCase.objects.get()
    assert case.polarity == TypicalCase.Polarity.NEGATIVE
    assert case.unit == topics["yc"].unit
    again = import_rows("typical_cases", [row], city.users.clerk)
    assert (again.new, again.unchanged) == (0, 1)
