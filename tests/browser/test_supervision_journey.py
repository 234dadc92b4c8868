"""A leader issues a supervision order on an overdue measure; the responsible
cadre finds it in the inbox and replies."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from research.models import Finding
from research.services import measure_add
from supervision.models import SupervisionOrder
from tests.factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_presses_an_overdue_measure_and_the_cadre_replies(browser, city):
    today = timezone.localdate()
    cadre = city.users.cadre
    topic = TopicFactory(lead=cadre.cadre, year=today.year, title="城关镇人居环境调研")
    finding = Finding.objects.create(
        topic=topic,
        description="生活污水管网未接通",
        found_on=today - timedelta(days=40),
    )
    measure = measure_add(
        finding=finding,
        title="制定管网接通方案",
        unit=city.chengguan,
        owner=cadre.cadre,
        start_date=today - timedelta(days=40),
        deadline=today - timedelta(days=3),
    )
    page = browser.page

    browser.login("cityleader")
    browser.goto("/supervision/overdue/")
    row = page.locator(f'tr[data-item="{measure.item_id}"]')
    assert "红色" in row.inner_text()
    row.get_by_role("link", name="督办").click()
    assert "制定管网接通方案" in page.get_by_test_id("order-target").inner_text()
    page.get_by_label(re.compile("^督办要求")).fill(
        "措施已逾期，请说明原因并限期完成。"
    )
    page.get_by_role("button", name="下发").click()
    page.wait_for_load_state("networkidle")
    order = SupervisionOrder.objects.get()
    assert page.get_by_test_id("order-status").inner_text() == "待回复"
    page.get_by_role("button", name="退出").click()

    browser.login("cadre")
    assert page.get_by_test_id("unread-count").inner_text() == "1"
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("inbox").locator("li").first
    assert order.number in notice.inner_text()
    notice.get_by_role("button", name="查看").click()
    page.wait_for_load_state("networkidle")
    assert "限期完成" in page.get_by_test_id("order-note").inner_text()
    page.get_by_label(re.compile("^办理进展")).fill("已委托设计单位，方案下周报审。")
    page.get_by_role("button", name="回复督办").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("order-status").inner_text() == "已回复"
    assert "下周报审" in page.get_by_test_id("order-replies").inner_text()
    assert page.get_by_test_id("unread-count").count() == 0
    page.screenshot(path="/tmp/sixiaji-supervision-order.png", full_page=True)

    order.refresh_from_db()
    assert order.status == "replied" and order.replies.get().by == cadre
    assert browser.foreign_hosts() == set()
