"""Going live in Chromium: the first run makes the city and its three
administrators; the system administrator activates the account, binds TOTP
and imports the unit tree and the villages; the security administrator
imports the cadre register and the accounts; a cadre activates the account,
logs in for the first time and logs the first activity. Nothing leaves
127.0.0.1."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from activities.models import Activity
from org.models import Cadre, OrgUnit, Place, User
from org.services import activation_path
from tests.org.golive import ACCOUNTS, PLACES, REGISTER, UNITS
from tests.sheets import workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Yc#2026golive"


def _activate(browser, username: str) -> None:
    """Open the account's one-time link, set the first password, log in."""
    page = browser.page
    browser.goto(activation_path(User.objects.get(username=username)))
    assert "激活账号" in page.content(), page.content()[-3000:]
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="设置密码并激活").click()
    page.wait_for_load_state("networkidle")
    assert "账号已激活" in page.content()
    browser.login(username, PASSWORD)


def _bind_totp(browser, username: str) -> None:
    """An administrator's first login: bind the authenticator with one code."""
    page = browser.page
    assert "绑定动态口令认证器" in page.content()
    device = TOTPDevice.objects.get(user__username=username)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("动态口令").fill(f"{code:06d}")
    page.get_by_role("button", name="绑定").click()
    page.wait_for_load_state("networkidle")
    assert TOTPDevice.objects.get(user__username=username).confirmed


def _import(browser, kind: str, rows, path) -> str:
    page = browser.page
    path.write_bytes(workbook(rows))
    browser.goto(f"/org/ledgers/{kind}/import/")
    page.get_by_label("台账文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("networkidle")
    preview = page.get_by_test_id("import-preview").inner_text()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "已导入" in page.content(), page.content()
    return preview


def test_administrators_set_up_a_county_and_a_cadre_logs_the_first_activity(
    browser, chromium, live_server, settings, tmp_path
):
    settings.ADMIN_OTP_REQUIRED = True
    call_command(
        "init_city",
        code="620300000000",
        name="金昌市",
        kind="city",
        sysadmin="xtgly",
        secadmin="aqgly",
        auditor="sjgly",
        base_url=live_server.url,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    page = browser.page

    _activate(browser, "xtgly")
    _bind_totp(browser, "xtgly")
    _import(browser, "org_units", UNITS, tmp_path / "单位.xlsx")
    _import(browser, "places", PLACES, tmp_path / "村社区.xlsx")
    assert OrgUnit.objects.count() == 7 and Place.objects.count() == 5
    # The system administrator keeps places, not people.
    assert browser.goto("/org/ledgers/cadres/import/").status == 404

    browser.context.clear_cookies()
    _activate(browser, "aqgly")
    _bind_totp(browser, "aqgly")
    preview = _import(browser, "cadres", REGISTER, tmp_path / "干部名册.xlsx")
    assert "新增 11 行" in preview
    _import(browser, "accounts", ACCOUNTS, tmp_path / "账号.xlsx")
    assert Cadre.objects.get(name="王建国").user.username == "wangjg"
    page.screenshot(path="/tmp/sixiaji-go-live-accounts.png", full_page=True)

    browser.context.clear_cookies()
    _activate(browser, "wangjg")  # a cadre: no second factor
    assert "绑定动态口令" not in page.content()
    day = timezone.localdate() - timedelta(days=1)
    browser.goto("/activities/new/?kind=onsite")
    page.get_by_label("地点").select_option(label="城关镇金川西村")
    page.get_by_label(re.compile("^日期")).fill(day.isoformat())
    page.get_by_label("主题").fill("金川西村第一次现场办公")
    page.get_by_label("走访群众（户）").fill("12")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.get_by_role("alert").first.inner_text()
    activity = Activity.objects.get(topic="金川西村第一次现场办公")
    assert activity.cadre.name == "王建国"
    assert browser.foreign_hosts() == set()
