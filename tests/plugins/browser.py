"""Headless Chromium (Debian's package) driven by Playwright.

Every request the page makes is recorded, so a test can assert that nothing
leaves 127.0.0.1: the product must work on a closed intranet.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Browser:
    """A page on the live server that remembers every host it asked for."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.requested_hosts: set[str] = set()
        self.page = context.new_page()
        self.page.on("request", self._record)
        self.page.set_default_timeout(10_000)

    def _record(self, request) -> None:
        self.requested_hosts.add(urlsplit(request.url).hostname or "")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state("networkidle")

    def foreign_hosts(self) -> set[str]:
        return self.requested_hosts - LOCAL_HOSTS


def _browser(chromium, live_server, **context_options):
    context = chromium.new_context(locale="zh-CN", **context_options)
    yield Browser(context, live_server.url)
    context.close()


@pytest.fixture
def browser(chromium, live_server, default_data):
    yield from _browser(chromium, live_server, viewport={"width": 1366, "height": 900})


@pytest.fixture
def phone(chromium, live_server, default_data):
    yield from _browser(
        chromium,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
