"""A county clerk filters the activity list by a cadre among more than 50:
the cadre filter is a Tom Select (local vendor copy) that finds the cadre by
typing, loaded from the scoped JSON endpoint, with no CSP violation."""

import pytest

from org.models import Cadre
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_finds_a_cadre_by_typing(browser, city):
    Cadre.objects.bulk_create(
        Cadre(name=f"搜索干部{i:02d}", unit=city.yongchang, rank=Cadre.Rank.STAFF)
        for i in range(60)
    )
    wanted = Cadre.objects.get(name="搜索干部42")
    ActivityFactory(cadre=wanted, topic="要找的活动")
    ActivityFactory(cadre=Cadre.objects.get(name="搜索干部07"), topic="别的活动")
    problems = []
    browser.page.on(
        "console",
        lambda m: (
            problems.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    browser.page.on("pageerror", lambda error: problems.append(str(error)))
    browser.login("clerk")
    page = browser.page
    browser.goto("/activities/")
    select = page.locator("select[name=cadre]")
    assert select.locator("option").count() <= 2  # only the empty choice
    page.locator("select[name=cadre] + .ts-wrapper .ts-control").click()
    page.keyboard.type("干部42")
    option = page.locator(".ts-dropdown .option", has_text="搜索干部42")
    option.wait_for()
    option.click()
    assert select.input_value() == str(wanted.pk)
    page.keyboard.press("Escape")  # close the dropdown
    # the page's filter form, submitted as its 筛选 button does (a live server
    # under load can take more than the default 10 s to answer)
    with page.expect_navigation(timeout=30000):
        page.locator("form[aria-label=筛选]").evaluate("form => form.requestSubmit()")
    assert f"cadre={wanted.pk}" in page.url
    assert "要找的活动" in page.content() and "别的活动" not in page.content()
    assert problems == []
    assert browser.foreign_hosts() == set()
