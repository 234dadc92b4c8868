"""Headless Chromium (Debian's package) driven by Playwright.

Every request the page makes is recorded, so a test can assert that nothing
leaves 127.0.0.1: the product must work on a closed intranet.

Every page a journey loads is checked by axe-core (npm devDependency, read from
node_modules and injected as an init script, which the page's CSP does not
govern): a serious or critical finding fails the test at teardown (GB/T 37668
信息无障碍, WCAG 2.1 AA).
"""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
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
AXE_SOURCE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
AXE_IMPACTS = ("serious", "critical")
# Runs axe once per document, when it has loaded, and hands the serious and
# critical findings to Python; `__sxAxeDone` tells a waiting test it finished.
AXE_RUNNER = """
window.__sxAxeDone = false;
window.addEventListener("load", () => {
  setTimeout(() => {
    axe.run(document, {runOnly: {type: "tag", values: TAGS}})
      .then((results) => {
        const found = results.violations
          .filter((v) => IMPACTS.includes(v.impact))
          .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
        return window.__sxAxeReport(location.pathname + location.search, found);
      })
      .finally(() => { window.__sxAxeDone = true; });
  }, 50);
});
""".replace("TAGS", json.dumps(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])).replace(
    "IMPACTS", json.dumps(list(AXE_IMPACTS))
)


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
        # path -> serious or critical axe findings there; `checked` lists the
        # pages axe ran on.
        self.accessibility: dict[str, list[dict]] = {}
        self.checked: list[str] = []
        context.add_init_script(path=AXE_SOURCE)
        context.add_init_script(script=AXE_RUNNER)
        context.expose_binding("__sxAxeReport", self._axe_report)
        self.page = context.new_page()
        self.page.on("request", self._record)
        self.page.set_default_timeout(10_000)

    def _record(self, request) -> None:
        self.requested_hosts.add(urlsplit(request.url).hostname or "")

    def _axe_report(self, source, path: str, found: list[dict]) -> None:
        self.checked.append(path)
        if found:
            self.accessibility.setdefault(path, []).extend(found)

    def wait_for_axe(self) -> None:
        """Wait until axe has checked the page shown now."""
        if not self.page.url.startswith(self.base_url):
            return
        # Polled from Python: `wait_for_function` evaluates its predicate with
        # eval(), which the page's CSP refuses. axe reads the whole page: slow
        # when the CPU is shared.
        for _ in range(600):
            if self.page.evaluate("window.__sxAxeDone === true"):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("axe-core 60秒内未完成检查：" + self.page.url)

    def accessibility_findings(self) -> dict[str, list[dict]]:
        self.wait_for_axe()
        return self.accessibility

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
    browser = Browser(context, live_server.url)
    yield browser
    try:
        findings = browser.accessibility_findings()
    finally:
        context.close()
    assert findings == {}, "axe-core 严重/关键问题：\n" + json.dumps(
        findings, ensure_ascii=False, indent=1
    )


@pytest.fixture
def browser(chromium, live_server, default_data):
    yield from _browser(chromium, live_server, viewport={"width": 1366, "height": 900})


@pytest.fixture
def phone(chromium, live_server, default_data):
    yield from _browser(
        chromium,
        live_server,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )
