"""The strict CSP breaks nothing: the main pages run in Chromium without a
single policy violation (inline style or script would be refused)."""

import pytest

from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "cityleader": [
        "/",
        "/reports/dashboard/",
        "/reports/reports/",
        "/activities/heat/",
        "/activities/livelihood/",
    ],
    "clerk": ["/activities/new/", "/activities/", "/research/topics/", "/petitions/"],
}


def test_main_pages_run_without_csp_violations(browser, city):
    ActivityFactory(cadre=city.users.cadre.cadre, places=[city.yc_village])
    violations = []
    browser.page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    browser.page.on("pageerror", lambda error: violations.append(str(error)))
    for username, paths in PAGES.items():
        browser.context.clear_cookies()
        browser.login(username)
        for path in paths:
            response = browser.goto(path)
            browser.page.wait_for_load_state("networkidle")
            assert response.status == 200, path
            assert "Content-Security-Policy" in {
                k.title(): v for k, v in response.headers.items()
            }
    browser.goto("/reports/dashboard/")
    browser.page.wait_for_selector("#sx-trend[data-rendered=true]")
    assert violations == []
