"""Log in to a running server as a demo user and save a screenshot of a page.

.venv/bin/python scripts/screenshot.py clerk / docs/screenshot-home.png [390x844]
"""

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(username: str, path: str, out: str, size: str = "1366x900") -> None:
    width, height = (int(n) for n in size.split("x"))
    base = "http://127.0.0.1:8000"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("Sxjc@2024demo")
        page.get_by_role("button", name="登录").click()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out, full_page=True)
        browser.close()
    print(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
