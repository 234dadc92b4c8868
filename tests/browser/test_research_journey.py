"""A leader opens their research overview, adds a trip, sees the day count move."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TopicFactory, make_trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_adds_a_trip_and_the_days_move(browser, city):
    today = timezone.localdate()
    leader = city.users.leader.cadre
    leader.is_leadership_member = True  # the 60-day rule's audience
    leader.save()
    topic = TopicFactory(
        lead=city.users.leader.cadre, year=today.year, title="金川区营商环境调研"
    )
    make_trip(topic, today - timedelta(days=20), today - timedelta(days=19))
    browser.login("leader")
    page = browser.page
    browser.goto("/research/")
    days = page.get_by_test_id("research-days")
    assert days.inner_text() == "2"

    page.get_by_role("link", name="添加调研").click()
    start = today - timedelta(days=4)
    page.get_by_label(re.compile("^开始日期")).fill(start.isoformat())
    page.get_by_label(re.compile("^结束日期")).fill(
        (start + timedelta(days=2)).isoformat()
    )
    page.get_by_label(re.compile("^调研地点")).select_option(label=str(city.jc_village))
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith("/research/")
    assert days.inner_text() == "5"
    assert "还差55天" in page.get_by_text(re.compile("要求不少于60天")).inner_text()
    page.screenshot(path="/tmp/sixiaji-research-overview.png", full_page=True)
    assert browser.foreign_hosts() == set()
