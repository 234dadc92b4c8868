"""Every number on the dashboard's first screen is a link to the records or
people behind it, and the page it opens lists exactly that many."""

import html
import re

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from org.models import User

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
# The first screen's sections whose numbers link (the matrix's own cells link
# to a person's records, tested in test_dashboard_board.py).
SECTIONS = ("pillar-figures", "rule-bars", "rollup", "item-colours")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>([^<]*)</a>')
NUMBER = re.compile(r"^\D{0,4}?\s*(\d+)(?:/\d+)?$")


def _section(text: str, testid: str) -> str:
    """The element carrying `data-testid`, up to its own closing tag."""
    tag = text.rfind("<", 0, text.index(f'data-testid="{testid}"'))
    name = re.match(r"<(\w+)", text[tag:]).group(1)
    depth = 0
    for match in re.finditer(rf"<(/?){name}\b", text[tag:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return text[tag : tag + match.end()]
    raise AssertionError(f"{testid} is not closed")


def _numbered_links(text: str) -> list[tuple[str, int, str]]:
    """(url, number shown, text) of every link whose text is a number, or a
    status and a number over a denominator ("未达标 3/12")."""
    found = []
    for testid in SECTIONS:
        if f'data-testid="{testid}"' not in text:
            continue
        for href, label in LINK.findall(_section(text, testid)):
            match = NUMBER.match(label.strip())
            if match:
                found.append((html.unescape(href), int(match.group(1)), label))
    return found


def _listed(client, url: str) -> int:
    """How many rows the page at `url` lists (all its pages)."""
    if url.startswith("?"):
        url = URL + url
    response = client.get(url.split("#")[0])
    assert response.status_code == 200, url
    if "filter" in response.context:  # a list, whose paginator stops at 2,000
        return response.context["filter"].qs.count()
    return response.context["page"].paginator.count


@pytest.mark.parametrize("username", ["cityleader", "leader", "clerk"])
def test_every_number_on_the_first_screen_opens_exactly_its_rows(
    client, demo_city, username
):
    client.force_login(User.objects.get(username=username))
    year = timezone.localdate().year
    text = client.get(URL, {"year": year}).text
    links = _numbered_links(text)
    kinds = {resolve(url.split("?")[0] or URL).url_name for url, _, _ in links}
    # figures of the three pillars, the supervision items, the matrix
    assert {"list", "trip_list", "reception_list", "dashboard"} <= kinds, kinds
    assert "items" in kinds or 'data-testid="item-colours"' not in text
    assert len(links) >= 10
    for url, shown, label in links:
        assert _listed(client, url) == shown, (label, url)


def test_the_leader_count_and_a_person_open_their_rows(client, demo_city):
    client.force_login(User.objects.get(username="cityleader"))
    year = timezone.localdate().year
    response = client.get(URL, {"year": year})
    board = response.context["board"]
    text = response.text
    total = re.search(r'data-testid="leader-count">(\d+)<', text).group(1)
    assert int(total) == board.leaders == _listed(client, f"?year={year}")
    people = re.findall(
        r'<a href="([^"]+)" data-testid="person">([^<]+)</a>（[^）]+）未达标(\d+)项',
        text,
    )
    assert people
    for href, name, failed in people:
        page = client.get(URL + html.unescape(href).split("#")[0]).context["page"]
        (row,) = page
        assert (row.name, row.failed) == (name, int(failed))
