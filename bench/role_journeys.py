"""Each demo role's first task in Chromium, against a running server: clicks,
fields filled and pages visited per journey, and the page heights of home,
dashboard and the role's main list at 1280×800 and 375×812 (issue 22).

Run by hand against a server on the seeded demo city (`seed_demo`; the
journeys write rows, so seed afresh for a second run):

    .venv/bin/python bench/role_journeys.py --base http://127.0.0.1:8010
    .venv/bin/python bench/role_journeys.py --base http://127.0.0.1:8011 --before

`--before` runs the journeys as a user had to do them before issue 22 (commit
f01a90c): where no link led to the next page the user typed its address (one
click, counted in `typed`), and where the form preselected nothing the user
chose it (a field). `--shots DIR` saves the city leader's dashboard first
screen (1280×800) and prints the headings and cards visible on it.

The after journeys are those of tests/browser/journeys.py (the test asserts
their outcome in the database and bounds their clicks and fields).
"""

import argparse
import re
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import journeys as j  # noqa: E402

# As tests/plugins/browser.py launches it (that module needs Django).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
MAIN_LIST = {
    "cadre": "/activities/?pillar=onsite",
    "clerk": "/petitions/receptions/",
    "leader": "/supervision/overdue/",
    "cityleader": "/supervision/overdue/",
    "petition": "/petitions/",
    "sysadmin": "/admin/tracking/calendaroverride/",
    "secadmin": "/admin/org/user/",
    "auditor": "/account/audit/",
}
HAS_DASHBOARD = {"cadre", "clerk", "leader", "cityleader", "petition"}


def local_today() -> date:
    """The server's day (TIME_ZONE Asia/Shanghai), not the machine's."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def before_cadre(s: j.Steps) -> dict:
    # No quota on the home page: 我的指标 in the menu says which rule.
    s.click(s.nav("我的指标"))
    before = j.WEEKS.search(s.page.locator("main").inner_text()).groups()
    s.click(s.nav("信访接待"))
    s.click(s.link("接访日与下访"))
    s.click(s.link("登记接访日"))
    s.choose(s.label("类别"), "领导接访日")
    s.page.get_by_label(re.compile("^接访领导")).select_option(index=1)
    s.fields += 1
    s.fill(s.label("日期"), local_today().isoformat())
    s.fill(s.label("接待群众"), "6")
    s.click(s.page.get_by_role("button", name="保存"))
    s.click(s.nav("我的指标"))
    after = j.WEEKS.search(s.page.locator("main").inner_text()).groups()
    return {"before": before, "after": after}


def before_clerk(s: j.Steps, downloads=None) -> dict:
    # No week on the home page: 督办 → 逾期 in the menu; the ledgers from 台账.
    s.click(s.nav("督办"))
    s.click(s.nav("信访接待"))
    s.click(s.link("接访日与下访"))
    s.choose(s.label("单位（含下级）"), "城关镇")
    s.click(s.page.get_by_role("button", name="筛选"))
    with s.page.expect_download() as info:
        s.page.get_by_role("button", name="导出台账").click()
        s.clicks += 1
    return {"filename": info.value.suggested_filename}


def before_leader(s: j.Steps) -> dict:
    # Home: counts of units and cadres; the dashboard's matrix names people.
    s.click(s.link("打开看板"))
    row = s.page.locator("[data-testid=matrix] tr[data-cadre]").first
    name = row.get_attribute("data-cadre")
    s.click(row.locator("a:has(.sx-q-failed), td a").first)
    return {"name": name, "rows": j._rows(s)}


def before_auditor(s: j.Steps, record: str, day: date) -> dict:
    s.click(s.link("查看审计记录"))
    s.fill(s.label("起始日期"), day.isoformat())
    s.fill(s.label("截止日期"), day.isoformat())
    s.click(s.page.get_by_role("button", name="筛选"))
    return {"found": record in s.page.locator("main").inner_text()}


def number(case: dict) -> str:
    """The case number the petition journey registered ("XF" if it did not run)."""
    found = re.search(r"XF\d+", case.get("number", ""))
    return found.group() if found else "XF"


def journeys(before: bool, downloads: str):
    today = local_today()
    case = {}
    content = "反映金川西村灌溉渠道冬季结冰阻断村道的问题"
    after = {
        "cadre": j.cadre,
        "clerk": lambda s: j.clerk(s, downloads),
        "leader": j.leader,
        "cityleader": j.cityleader,
        "petition": lambda s: case.update(j.petition(s, content)) or case,
        "sysadmin": lambda s: j.sysadmin(s, date(today.year + 1, 1, 1)),
        "secadmin": j.secadmin,
        # The case the petition office routed a moment ago (the test: yesterday).
        "auditor": lambda s: j.auditor(s, number(case), today),
    }
    if not before:
        return after
    return after | {
        "cadre": before_cadre,
        "clerk": lambda s: before_clerk(s, downloads),
        "leader": before_leader,
        "cityleader": before_leader,
        "auditor": lambda s: before_auditor(s, number(case), today),
    }


def height(context, base: str, path: str) -> int:
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    value = page.evaluate("document.documentElement.scrollHeight")
    page.close()
    return value


def first_screen(page) -> list[str]:
    """The text blocks of the main area inside the viewport, top to bottom
    (each element's own text, so a card's figure and its label stay apart)."""
    return page.evaluate(
        """() => {
      const h = window.innerHeight, seen = [];
      for (const el of document.querySelectorAll('main *')) {
        const own = Array.from(el.childNodes)
          .filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' ')
          .trim().replace(/\\s+/g, ' ');
        if (!own || el.closest('select, option, script')) continue;
        const r = el.getBoundingClientRect();
        if (r.height && r.top < h && r.bottom > 0) seen.push(own);
      }
      return seen;
    }"""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8010")
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--shots", help="folder for the dashboard's first screen")
    parser.add_argument("--only", nargs="*", help="roles to run")
    args = parser.parse_args()
    downloads = tempfile.mkdtemp(prefix="sixiaji-journeys-")
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for role, journey in journeys(args.before, downloads).items():
            if args.only and role not in args.only:
                continue
            context = browser.new_context(
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                viewport=DESKTOP,
                accept_downloads=True,
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            steps = j.Steps(page, args.base)
            steps.login(role)
            try:
                outcome = journey(steps)
                error = ""
            except Exception as exc:  # the table says where a journey broke
                outcome, error = {}, type(exc).__name__ + ": " + str(exc)[:200]
                if args.shots:
                    page.screenshot(
                        path=f"{args.shots}/broken-{role}.png", full_page=True
                    )
            heights = []
            paths = ["/"] + (["/reports/dashboard/"] if role in HAS_DASHBOARD else [])
            paths.append(MAIN_LIST[role])
            for viewport in (DESKTOP, PHONE):
                sized = browser.new_context(
                    locale="zh-CN",
                    viewport=viewport,
                    storage_state=context.storage_state(),
                )
                heights.append([height(sized, args.base, p) for p in paths])
                sized.close()
            rows.append((role, steps.summary(), heights, paths, outcome, error))
            if args.shots and role == "cityleader":
                page.goto(args.base + "/reports/dashboard/")
                page.wait_for_load_state("networkidle")
                tag = "before" if args.before else "after"
                page.screenshot(path=f"{args.shots}/dashboard-cityleader-{tag}.png")
                print(f"== 指标看板首屏 ({tag}, 1280×800, cityleader):")
                print("  " + " | ".join(t[:60] for t in first_screen(page)))
            context.close()
        browser.close()
    print(f"{'role':<11} {'clicks':>6} {'typed':>5} {'fields':>6} {'pages':>5}  "
          "heights 1280×800 / 375×812 (home, dashboard, list)")  # fmt: skip
    for role, summary, heights, _, _, error in rows:
        desk = ", ".join(f"{h:,}" for h in heights[0])
        phone = ", ".join(f"{h:,}" for h in heights[1])
        print(
            f"{role:<11} {summary['clicks']:>6} {summary['typed']:>5} "
            f"{summary['fields']:>6} {summary['pages']:>5}  {desk} / {phone}"
            + (f"  !! {error}" if error else "")
        )
    for role, _, _, paths, outcome, _ in rows:
        print(f"  {role}: list {paths[-1]}; {outcome}")


if __name__ == "__main__":
    main()
