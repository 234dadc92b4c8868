"""On a phone (375×812): the activity list's filters fold behind one button,
the common on-site session form fits in about a screen and a half, and the
attachment offers the camera (issue 22 item 10). Heights are printed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = 812


def test_list_filters_fold_behind_one_button(phone, city):
    phone.login("clerk")
    page = phone.page
    phone.goto("/activities/?pillar=onsite")
    kind = page.get_by_label("类别", exact=True)
    assert not kind.is_visible()
    table_top = page.get_by_test_id("activity-table").bounding_box()["y"]
    print(f"\n手机列表：表格上沿 {table_top:.0f} px（屏高 {SCREEN}）")
    assert table_top < SCREEN / 2
    page.get_by_test_id("filter-toggle").click()
    kind.wait_for(state="visible")
    kind.select_option("onsite")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "kind=onsite" in page.url


def test_onsite_form_fits_a_screen_and_a_half(phone, city):
    phone.login("cadre")
    page = phone.page
    phone.goto("/activities/?pillar=onsite")
    page.get_by_role("link", name="录入活动").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_kind").input_value() == "onsite"
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path="/tmp/sixiaji-phone-onsite-form.png", full_page=True)
    print(f"\n手机现场办公表单：页面高 {height} px = {height / SCREEN:.2f} 屏")
    assert height <= 1.6 * SCREEN
    # Optional fields fold away; the camera is offered for the photo.
    assert not page.get_by_label("社情民意").is_visible()
    page.get_by_text("更多信息（选填）").click()
    assert page.get_by_label("社情民意").is_visible()
    attachment = page.locator("input[type=file]")
    assert attachment.get_attribute("accept") == "image/*"
    assert attachment.get_attribute("capture") == "environment"
    # A second problem row is added on demand.
    assert page.get_by_test_id("problem-1").count() == 0
    page.get_by_role("button", name="再交办一个问题").click()
    assert page.get_by_test_id("problem-1").get_by_label("交办问题").is_visible()
