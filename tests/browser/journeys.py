"""Each demo role's first task, done from the home page by clicking what the
page shows (issue 22): the steps both `test_role_first_tasks.py` (on the live
test server) and `bench/role_journeys.py` (on a running server) drive.

Playwright only, no Django: the bench imports this module too. A journey gets
a `Steps` logged in on the home page and returns what the page showed, for the
caller to hold against the database.

The tasks, from DOMAIN.md and the home panels:
- cadre (城关镇副镇长): the home page shows the unmet weekly reception-day rule;
  they log this week's 接访日 and see the rule's count of weeks met go up.
- clerk (永昌县委办公室): the home page shows what is due this week; they open
  the 领导接访 ledger from the home panel, filter it to 城关镇, and export it.
- leader (金川区委书记): the home page names who is behind on which rule; they
  open the records behind the first named person's failed rule.
- cityleader (市长): the home page names the units behind; they open the worst
  county on the dashboard, and the records behind a named person's failed rule.
- petition (市信访局): register a case with its petitioner (ID number and phone
  shown unmasked to this role) and route it to a handling unit.
- sysadmin: enter next year's 元旦 holiday (the calendar warns that 2027 is
  unknown) in the 节假日调整 table.
- secadmin: create an account and give it the 办公室 role scoped to 永昌县.
- auditor: find who changed a given petition case yesterday in the audit trail
  (the day's data changes, then the case's row).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

DEMO_PASSWORD = "Sxjc@2024demo"
ZHANG_ID = "620321198503150028"  # valid check digit
ZHANG_PHONE = "13812341234"
NEW_ACCOUNT = "wangfang"
NEW_PASSWORD = "Jc#Office2026x"


@dataclass
class Steps:
    """Drives one page and counts what the user does: clicks (a typed URL
    counts as one), fields filled or chosen, pages loaded."""

    page: object
    base: str
    clicks: int = 0
    fields: int = 0
    typed: int = 0
    pages: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            parts = urlsplit(frame.url)
            self.pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Not counted: every journey starts on the home page after login."""
        self.page.goto(self.base + "/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state("networkidle")
        self.pages.clear()

    def click(self, locator) -> None:
        locator.first.click()
        self.clicks += 1
        self.page.wait_for_load_state("networkidle")

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.fields += 1

    def choose(self, locator, label: str) -> None:
        locator.select_option(label=label)
        self.fields += 1

    def type_url(self, path: str) -> None:
        """What a user does where no link leads (before issue 22's pages)."""
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        self.clicks += 1
        self.typed += 1

    def link(self, name, scope=None):
        return (scope or self.page).get_by_role("link", name=name, exact=True)

    def nav(self, name):
        return self.page.get_by_role("navigation", name="主导航").get_by_role(
            "link", name=name, exact=True
        )

    def label(self, text: str, scope=None):
        return (scope or self.page).get_by_label(re.compile("^" + text))

    def summary(self) -> dict:
        return {
            "clicks": self.clicks,
            "fields": self.fields,
            "typed": self.typed,
            "pages": len(self.pages),
        }


WEEKS = re.compile(r"(\d+)/(\d+)个周达标")


def cadre(s: Steps) -> dict:
    quotas = s.page.get_by_test_id("home-my-quotas")
    before = WEEKS.search(quotas.inner_text()).groups()
    s.click(s.nav("信访接待"))
    s.click(s.link("接访日与下访"))
    s.click(s.link("登记接访日"))
    # Kind, leader (the cadre themselves) and today come preselected.
    s.fill(s.label("接待群众"), "6")
    s.click(s.page.get_by_role("button", name="保存"))
    saved = s.page.get_by_role("alert").first.inner_text()
    s.click(s.link("四下基层"))  # the brand: back home
    after = WEEKS.search(s.page.get_by_test_id("home-my-quotas").inner_text())
    return {"before": before, "after": after.groups(), "saved": saved}


def clerk(s: Steps, downloads: str | None = None) -> dict:
    due = s.page.get_by_test_id("home-due").inner_text()
    s.click(s.link("领导接访", s.page.get_by_test_id("home-ledgers")))
    s.choose(s.label("单位（含下级）"), "城关镇")
    s.click(s.page.get_by_role("button", name="筛选"))
    with s.page.expect_download() as info:
        s.page.get_by_role("button", name="导出台账").click()
        s.clicks += 1
    download = info.value
    path = None
    if downloads:
        path = f"{downloads}/{download.suggested_filename}"
        download.save_as(path)
    return {"due": due, "filename": download.suggested_filename, "path": path}


def leader(s: Steps) -> dict:
    person = s.page.get_by_test_id("home-behind-person").first
    name = person.get_attribute("data-cadre")
    rule = person.get_by_role("link").first
    rule_name = rule.inner_text()
    s.click(rule)
    return {"name": name, "rule": rule_name, "rows": _rows(s)}


def cityleader(s: Steps) -> dict:
    behind = s.page.get_by_test_id("home-behind")
    unit = behind.locator("a[href*='unit=']:not([data-testid])").first
    unit_name = unit.inner_text()
    s.click(unit)
    title = s.page.get_by_test_id("dashboard-title").inner_text()
    row = s.page.locator("[data-testid=matrix] tr[data-cadre]").filter(
        has=s.page.locator("a:has(.sx-q-failed)")
    )
    name = row.first.get_attribute("data-cadre")
    s.click(row.first.locator("a:has(.sx-q-failed)"))
    return {"unit": unit_name, "title": title, "name": name, "rows": _rows(s)}


def _rows(s: Steps) -> int:
    return s.page.locator("main table tbody tr").count()


def petition(s: Steps, content: str) -> dict:
    s.click(s.link("信访事项", s.page.locator("main")))
    s.click(s.link("登记信访事项"))
    s.choose(s.label("登记单位"), "永昌县")
    s.fill(s.label("信访诉求"), content)
    first = s.page.get_by_test_id("petitioner-0")
    s.fill(s.label("信访人姓名", first), "张建国")
    s.fill(s.label("身份证号", first), ZHANG_ID)
    s.fill(s.label("联系电话", first), ZHANG_PHONE)
    s.click(s.page.get_by_role("button", name="登记"))
    shown = s.page.get_by_test_id("petitioner-table").inner_text()
    s.choose(s.label("转入阶段"), "转送交办")
    s.choose(s.label("承办单位"), "城关镇")
    s.click(s.page.get_by_role("button", name="提交"))
    return {
        "number": s.page.locator("main h1").first.inner_text(),
        "petitioners": shown,
        "stage": s.page.get_by_test_id("case-stage").inner_text(),
        "events": s.page.get_by_test_id("case-events").inner_text(),
    }


def sysadmin(s: Steps, day: date) -> dict:
    s.click(s.link("进入系统管理"))
    s.click(s.link("节假日调整"))
    s.click(s.link("增加 节假日调整"))
    s.fill(s.label("日期"), day.isoformat())
    s.fill(s.label("说明"), "元旦")
    s.click(s.page.get_by_role("button", name="保存", exact=True))
    return {"message": s.page.locator(".messagelist, .alert").first.inner_text()}


def secadmin(s: Steps) -> dict:
    s.click(s.link("进入系统管理"))
    s.click(s.link("增加", s.page.locator("tr.model-user")))
    s.fill(s.label("用户名"), NEW_ACCOUNT)
    s.fill(s.page.locator("#id_password1"), NEW_PASSWORD)
    s.fill(s.page.locator("#id_password2"), NEW_PASSWORD)
    s.click(s.page.get_by_role("button", name="保存", exact=True))
    # The change page: the role (a group) and the scope.
    s.choose(s.page.locator("#id_groups_from"), "办公室")
    s.click(s.page.locator("#id_groups_add"))
    # 管辖范围 is an autocomplete: open it, type, pick.
    s.click(s.page.locator("#id_scope_unit + .select2"))
    s.fill(s.page.locator(".select2-search__field"), "永昌县")
    s.click(s.page.get_by_role("option", name="永昌县", exact=True))
    s.click(s.page.get_by_role("button", name="保存", exact=True))
    return {"message": s.page.locator(".messagelist").first.inner_text()}


def auditor(s: Steps, record: str, day: date) -> dict:
    s.click(s.link("查看审计记录"))
    s.fill(s.label("起始日期"), day.isoformat())
    s.fill(s.label("截止日期"), day.isoformat())
    s.click(s.page.get_by_role("button", name="筛选"))
    row = s.page.locator("main table tbody tr").filter(has_text=record).first
    return {"row": row.inner_text()}


def yesterday(today: date) -> date:
    return today - timedelta(days=1)
