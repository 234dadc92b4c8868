"""A city leader opens the dashboard, drills into a county and sees a named
cadre's shortfall; the trend chart draws from local ECharts."""

from datetime import date

import pytest
from django.utils import timezone

from org.models import Cadre
from petitions.models import ReceptionDay
from tests.factories import CadreFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_leader_drills_into_a_county(browser, city):
    year = timezone.localdate().year
    short = CadreFactory(
        name="陈志远",
        unit=city.jinchuan,
        rank=Cadre.Rank.COUNTY,
        is_leadership_member=True,
    )
    ReceptionDay.objects.create(kind="reception", leader=short, day=date(year, 1, 9))
    browser.login("cityleader")
    page = browser.page
    browser.goto("/reports/dashboard/")
    assert "金昌市" in page.get_by_test_id("dashboard-title").inner_text()
    page.get_by_test_id("rollup").get_by_role("link", name="金川区").click()
    page.wait_for_load_state("networkidle")
    assert "金川区" in page.get_by_test_id("dashboard-title").inner_text()
    row = page.locator("[data-testid=matrix] tr[data-cadre='陈志远']")
    assert row.locator(".sx-q-failed").count() >= 1
    cell = row.locator("td").nth(2 + 0)  # the first rule column
    assert cell.inner_text().strip()
    page.wait_for_selector("#sx-trend[data-rendered=true]")
    page.screenshot(path="/tmp/sixiaji-dashboard.png", full_page=False)
    assert browser.foreign_hosts() == set()


def test_on_a_phone_the_dashboard_lists_people_and_their_red_items(phone, city):
    """375×812: each person a row listing their unmet rules by name; the first
    red item lies inside the screen's width (no sideways scrolling)."""
    year = timezone.localdate().year
    for name in ("陈志远", "王晓燕"):
        CadreFactory(
            name=name,
            unit=city.jinchuan,
            rank=Cadre.Rank.COUNTY,
            is_leadership_member=True,
        )
    phone.login("cityleader")
    page = phone.page
    phone.goto(f"/reports/dashboard/?year={year}")
    assert not page.get_by_test_id("matrix").is_visible()  # the wide table
    # Who is behind comes before the rule bars on a phone.
    worst = page.get_by_test_id("worst-people").bounding_box()
    bars = page.get_by_test_id("rule-bars").bounding_box()
    assert worst["y"] < bars["y"], (worst, bars)
    people = page.get_by_test_id("person-list")
    assert people.is_visible()
    red = people.locator("[data-testid=flag-failed]").first
    red.scroll_into_view_if_needed()
    box = red.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\n手机指标看板：页面高 {height} px = {height / 812:.2f} 屏，宽 {width} px")
    row = people.locator("li[data-cadre='陈志远']")
    assert row.locator("[data-testid=flag-failed]").count() >= 1
    assert "每月至少接访1天" in row.inner_text()
    page.screenshot(path="/tmp/sixiaji-phone-dashboard.png", full_page=False)
