"""Every link the app shows a role opens, and its pages speak Chinese.

As each demo login of the seeded demo city, the crawl follows the internal
links of every page it reaches from the home page, breadth first: at most two
pages per URL pattern and query shape (another id, another page number) and a
few hundred pages per role. Every page must answer 200 (after redirects, and
not by landing on the login page): a link a role is shown must open. The
visible text may hold no English word outside a short allow-list.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from org.models import User

pytestmark = pytest.mark.django_db

ROLES = [
    "cadre",
    "clerk",
    "leader",
    "cityleader",
    "petition",
    "sysadmin",
    "secadmin",
    "auditor",
]
PER_PATTERN = 2
PER_ROLE = 300
# Links that change state or sign out are not for a crawl.
SKIPPED = re.compile(r"logout|/delete/|/static/|/media/")
# Words allowed in page text: formats and names users know, and data.
# Words allowed in page text: formats, products and keys users know, and data
# (the demo logins). Codes with digits (XF2024000016) are data, not words.
ALLOWED_WORDS = {"excel", "pdf", "word", "wps", "id", "xlsx", "xls", "csv", "totp"}
ALLOWED_WORDS |= {"control", "command", "mac"}  # the keys Django's admin names
ALLOWED_WORDS |= set(ROLES)
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")


class _Page(HTMLParser):
    """The hrefs of a page's links and its visible text."""

    # Not read: code, and values the page isolates as data (a password
    # hash's algorithm and salt in the admin).
    HIDDEN = {"script", "style", "template", "noscript", "bdi"}

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _shape(url: str) -> tuple | None:
    """The URL pattern and query keys of an internal link; None if external
    or not one of the app's pages."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return (parts.path, (), ())  # Kept: a link to no page is a dead link.
    # Names in the path (a ledger's kind) make another page; ids do not.
    names = tuple(
        sorted((k, v) for k, v in match.kwargs.items() if not str(v).isdigit())
    )
    keys = tuple(sorted({k for k, _ in parse_qsl(parts.query)}))
    return (match.route, names, keys)


def crawl(client, start: str = "/"):
    """(url, status, final path, English words) of every page reached."""
    seen: set[str] = {start}
    per_shape: dict[tuple, int] = {}
    queue = deque([(start, "")])
    results = []
    while queue and len(results) < PER_ROLE:
        url, referrer = queue.popleft()
        response = client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        results.append((url, referrer, response.status_code, final, []))
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.content.decode())
        english = {
            w
            for w in WORD.findall(" ".join(page.text))
            if w.lower() not in ALLOWED_WORDS
        }
        results[-1][4].extend(sorted(english))
        for href in page.links:
            # Relative links ("?page=2", "?unread=1") are the page's own.
            link, _ = urldefrag(urljoin(url, href))
            if not link or link in seen or SKIPPED.search(link):
                continue
            shape = _shape(link)
            if shape is None or per_shape.get(shape, 0) >= PER_PATTERN:
                continue
            per_shape[shape] = per_shape.get(shape, 0) + 1
            seen.add(link)
            queue.append((link, url))
    return results


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_is_shown_opens(client, demo_city, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    results = crawl(client)

    assert len(results) > 1, results
    print(f"{username}: {len(results)} 页")
    dead = [
        (url, status, f"来自 {referrer}")
        for url, referrer, status, final, _ in results
        if status != 200 or final.startswith("/login/")
    ]
    english = {url: words for url, _, _, _, words in results if words}
    assert (dead, english) == ([], {}), "\n".join(
        [f"{len(results)} 页"]
        + [f"打不开：{d}" for d in dead]
        + [f"英文：{url} {' '.join(words)}" for url, words in english.items()]
    )
