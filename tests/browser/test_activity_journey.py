"""A cadre logs an on-site session with a handed-over problem from a phone,
then finds it in the list; nothing leaves 127.0.0.1."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cadre_logs_onsite_session_from_a_phone(phone, city):
    day = timezone.localdate() - timedelta(days=1)
    phone.login("cadre")
    page = phone.page
    phone.goto("/activities/new/?kind=onsite")
    assert page.get_by_label("带队干部").input_value() == str(city.users.cadre.cadre.pk)
    # Fields of other kinds are hidden for an on-site session.
    assert not page.get_by_label("听众（党员）").is_visible()
    page.get_by_label("地点").select_option(label=str(city.yc_village))
    page.get_by_label(re.compile("^日期")).fill(day.isoformat())
    page.get_by_label("主题").fill("金川西村灌溉用水现场办公")
    page.get_by_label("走访群众（户）").fill("15")
    page.get_by_label("收集问题（个）").fill("3")
    page.get_by_label("现场解决问题（个）").fill("2")
    problem = page.get_by_test_id("problem-0")
    problem.get_by_label("交办问题").fill("灌溉渠道渗漏需修缮")
    problem.get_by_label("承办单位").select_option(label="城关镇")
    problem.get_by_label("办理时限").fill((day + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    assert "已保存" in page.get_by_role("alert").first.inner_text()
    table = page.get_by_test_id("problem-table")
    assert "灌溉渠道渗漏需修缮" in table.inner_text()
    assert table.locator(".sx-colour-blue, .sx-colour-yellow").count() == 1

    phone.goto("/activities/?pillar=onsite")
    row = page.get_by_test_id("activity-table").get_by_role(
        "link", name="金川西村灌溉用水现场办公"
    )
    assert row.is_visible()
    page.screenshot(path="/tmp/sixiaji-phone-list.png", full_page=True)
    assert (
        Activity.objects.get(topic="金川西村灌溉用水现场办公").handed_over.count() == 1
    )
    assert phone.foreign_hosts() == set()
