"""The petition office registers a case from a reception day and routes it;
a clerk of another county cannot open it by URL."""

import re

import pytest
from django.utils import timezone

from org.roles import Role
from petitions.models import PetitionCase, ReceptionDay
from tests.factories import make_login
from tests.petitions.test_views import ZHANG_ID
from tests.plugins.browser import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_petition_office_registers_and_routes_a_case(
    browser, chromium, live_server, city
):

    reception = ReceptionDay.objects.create(
        kind="reception",
        leader=city.yc_colleague,
        day=timezone.localdate(),
        location="永昌县群众来访接待中心",
        visitors=6,
    )
    browser.login("petition")
    page = browser.page
    browser.goto(reception.get_absolute_url())
    page.get_by_role("link", name="登记信访事项").click()
    page.get_by_label(re.compile("^问题类别")).select_option(label="农村土地")
    page.get_by_label(re.compile("^登记单位")).select_option(label="永昌县")
    page.get_by_label(re.compile("^信访诉求")).fill(
        "反映承包地被占用后补偿款未足额发放的问题"
    )
    first = page.get_by_test_id("petitioner-0")
    first.get_by_label(re.compile("^信访人姓名")).fill("张建国")
    first.get_by_label(re.compile("^身份证号")).fill(ZHANG_ID)
    first.get_by_label(re.compile("^联系电话")).fill("13812341234")
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state("networkidle")

    case = PetitionCase.objects.get()
    assert case.reception == reception
    assert ZHANG_ID in page.get_by_test_id("petitioner-table").inner_text()
    page.get_by_label(re.compile("^转入阶段")).select_option(label="转送交办")
    page.get_by_label(re.compile("^承办单位")).select_option(label="城关镇")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("case-stage").inner_text() == "转送交办"
    assert "交办城关镇" in page.get_by_test_id("case-events").inner_text()
    page.screenshot(path="/tmp/sixiaji-case.png", full_page=True)
    assert browser.foreign_hosts() == set()

    make_login("jcclerk", Role.CLERK, scope=city.jinchuan)
    context = chromium.new_context(locale="zh-CN")
    other = Browser(context, live_server.url)
    other.login("jcclerk")
    response = other.goto(case.get_absolute_url())
    assert response.status == 404
    assert "张" not in other.page.content().split("<main")[1]
    context.close()
