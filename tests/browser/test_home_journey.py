"""A clerk logs in and sees the home page; nothing leaves 127.0.0.1."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tracking.models import TrackedItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_sees_the_navigation(browser, city):
    browser.login("clerk")
    page = browser.page
    assert page.title().startswith("首页")
    nav = page.get_by_role("navigation", name="主导航")
    for label in (
        "宣传政策",
        "调查研究",
        "信访接待",
        "现场办公",
        "指标看板",
        "台账",
        "工作报告",
    ):
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_test_id("panel-clerk").is_visible()
    assert page.get_by_test_id("home-due").is_visible()  # the office's week first
    # Bootstrap's stylesheet came from our own static files and applied.
    navbar_display = page.evaluate(
        "getComputedStyle(document.querySelector('.navbar')).display"
    )
    assert navbar_display == "flex"
    page.screenshot(path=str(browser_screenshot_path("home-clerk.png")), full_page=True)
    assert browser.foreign_hosts() == set()


def test_phone_menu_opens_with_local_bootstrap_js(phone, city):
    phone.login("cadre")
    page = phone.page
    link = page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="调查研究"
    )
    assert not link.is_visible()
    page.get_by_role("button", name="展开导航").click()
    link.wait_for(state="visible")
    assert phone.foreign_hosts() == set()


def browser_screenshot_path(name: str):

    folder = Path(__file__).resolve().parents[2] / "screenshots" / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_cadre_sees_own_unmet_quotas_and_red_item_first(browser, city):
    today = timezone.localdate()
    TrackedItem.objects.create(
        kind="test",
        title="渠道修缮逾期",
        unit=city.chengguan,
        owner=city.users.cadre.cadre,
        start_date=today - timedelta(days=30),
        deadline=today - timedelta(days=2),
    )
    browser.login("cadre")
    page = browser.page
    quotas = page.get_by_test_id("home-my-quotas")
    items = page.get_by_test_id("home-my-items")
    assert quotas.is_visible() and items.is_visible()
    assert "渠道修缮逾期" in items.inner_text()
    quick_links = page.get_by_test_id("panel-cadre")
    assert quotas.bounding_box()["y"] < quick_links.bounding_box()["y"]
    assert items.bounding_box()["y"] < quick_links.bounding_box()["y"]
    assert browser.foreign_hosts() == set()
