"""The audit trail reads as Chinese to the auditor: field and choice labels,
related records by name, local time to the second, JSON as its words; and the
admin site is Chinese, the third-party apps included, with no link an
administrator may not open."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from petitions.models import Stage
from reports.models import Report
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db


def _item(city, n=0):
    return TrackedItem.objects.create(
        kind="test",
        title=f"修缮村道{n}",
        unit=city.chengguan,
        start_date=date(2024, 3, 1),
        deadline=date(2024, 4, 1),
    )


def _trail(client, city, **query):
    client.force_login(city.users.auditor)
    page = client.get(reverse("audit_trail"), {"kind": "changes", **query})
    assert page.status_code == 200
    return page


def _detail(page, target: str) -> str:
    return "；".join(
        row["detail"] for row in page.context["rows"] if row["target"] == target
    )


def test_changes_read_with_labels_names_and_local_times(client, city, register):
    item = _item(city)
    item.owner = city.yc_colleague
    item.save()
    item.co_units.add(city.yc_office)
    client.force_login(city.users.clerk)
    client.post(reverse("item_close", args=[item.pk]), {"result": "已完工"})
    case = register()
    case.stage = Stage.ROUTED
    case.save()
    report = Report.objects.create(
        unit=city.yongchang,
        year=2024,
        quarter=3,
        paragraphs=[{"style": "body", "text": "2024年开展调研"}],
    )
    report.paragraphs = [{"style": "body", "text": "第三季度开展调研12次"}]
    report.save()

    page = _trail(client, city)
    item.refresh_from_db()
    closed = timezone.localtime(item.closed_at).strftime("%Y-%m-%d %H:%M:%S")
    text = _detail(page, f"督办事项#{item.pk}")
    assert "责任人：（空） → 赵红梅" in text
    assert "配合单位：新增 永昌县委办公室" in text
    assert f"销号时间：（空） → {closed}" in text
    assert "办理结果：（空） → 已完工" in text
    assert f"销号人：（空） → {city.users.clerk}" in text
    assert "阶段：登记 → 转送交办" in _detail(page, f"信访事项#{case.pk}")
    paragraphs = _detail(page, f"工作报告#{report.pk}")
    assert "正文段落：2024年开展调研 → 第三季度开展调研12次" in paragraphs
    body = page.content.decode()
    for raw in ("None", "\\u", "registered", "routed", "co_units", "add", "+00:00"):
        assert raw not in body, raw
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", body)  # no microseconds


def test_a_created_record_lists_its_values_without_its_number(client, city):
    item = _item(city)
    text = _detail(_trail(client, city), f"督办事项#{item.pk}")
    assert "事项：修缮村道0" in text and "办理时限：2024-04-01" in text
    assert "→" not in text and "ID" not in text


def test_the_kind_filter_reads_chinese_names(client, city, register):
    _item(city)
    register()
    rows = _trail(client, city, target="督办事项").context["rows"]
    assert rows and {row["target"].split("#")[0] for row in rows} == {"督办事项"}


def test_a_page_of_changes_costs_the_same_queries_for_more_rows(
    client, city, count_queries
):
    """Related records are named with one query per related model, not one
    per row: 3 changed items and 25 cost the same."""
    LogEntry.objects.all().delete()  # the city's own setup, of other kinds
    client.force_login(city.users.auditor)

    def change(n):
        item = _item(city, n)
        item.owner = city.yc_colleague
        item.save()
        item.co_units.add(city.yc_office)

    def read():
        assert client.get(reverse("audit_trail")).status_code == 200

    for n in range(3):
        change(n)
    read()  # the session's first request reads more
    few = count_queries(read)
    for n in range(3, 25):
        change(n)
    assert count_queries(read) == few


def test_a_deleted_related_record_is_named_as_deleted(client, city):
    item = _item(city)
    item.owner = city.jc_cadre
    item.save()
    pk = city.jc_cadre.pk
    TrackedItem.objects.filter(pk=item.pk).update(owner=None)
    city.jc_cadre.delete()
    text = _detail(_trail(client, city), f"督办事项#{item.pk}")
    assert f"干部#{pk}（已删除）" in text


# --- The admin site -------------------------------------------------------

# Words that stay as they are in Chinese text: product names and key names
# (Django's multi-select help names the Control and Command keys).
ALLOWED = {"Excel", "PDF", "Word", "ID", "IP", "TOTP", "HTTP", "GET", "POST"}
ALLOWED |= {"Accept", "Control", "Command", "Mac", "SHA"}


class _PageText(HTMLParser):
    """The words a person reads on an admin page, and its links; the stored
    password hash (data, not labels) is left out."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.words: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in ("script", "style") or "field-password" in (
            attrs.get("class") or ""
        )
        if tag not in ("input", "img", "br", "meta", "link", "hr"):
            self._stack.append(skip)
            self.hidden += skip
        for name in ("title", "placeholder", "aria-label"):
            self.words += re.findall(r"[A-Za-z]{3,}", attrs.get(name) or "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag not in ("input", "img", "br", "meta", "link", "hr") and self._stack:
            self.hidden -= self._stack.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.words += re.findall(r"[A-Za-z]{3,}", data)


def _crawl_admin(client, data_words: set[str]):
    """Every admin page reachable from the index (lists, one record of each,
    add forms), with its status and its English words."""
    seen, todo, english, statuses = set(), ["/admin/"], {}, {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        page = _PageText()
        page.feed(response.content.decode())
        words = {w for w in page.words if w not in ALLOWED | data_words}
        if words:
            english[url] = sorted(words)
        for link in page.links:
            link = link.split("#")[0]
            if (
                link.startswith("/admin/")
                and not link.startswith(("/admin/r/", "/admin/logout"))
                and "/delete/" not in link
                and "?" not in link
                and link not in seen
            ):
                todo.append(link)
    return statuses, english


@pytest.mark.parametrize("name", ["sysadmin", "secadmin"])
def test_the_admin_is_chinese_and_every_link_opens(client, city, name):
    user = getattr(city.users, name)
    user.is_staff = True
    user.save()
    client.force_login(user)
    usernames = set(type(user).objects.values_list("username", flat=True))
    statuses, english = _crawl_admin(client, usernames)
    assert len(statuses) > 5
    assert {url: s for url, s in statuses.items() if s != 200} == {}
    assert english == {}


def test_the_trail_is_not_in_the_admin_and_the_auditor_has_no_admin_link(client, city):
    auditor = city.users.auditor
    auditor.is_staff = True
    auditor.save()
    client.force_login(auditor)
    home = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in home
    assert reverse("audit_trail") in home
    index = client.get(reverse("admin:index")).content.decode()
    assert "auditlog" not in index and "auditevent" not in index


def test_a_long_change_is_folded_and_a_phone_reads_a_list(client, city):
    """A change of hundreds of characters (a report's paragraphs) shows its
    start and folds the rest; on a phone each entry is a list item."""
    report = Report.objects.create(
        unit=city.yongchang,
        year=2024,
        quarter=3,
        paragraphs=[{"style": "body", "text": "开展调研走访" * 60}],
    )
    page = _trail(client, city)
    detail = _detail(page, f"工作报告#{report.pk}")
    assert len(detail) > 160, detail
    html = page.content.decode()
    assert html.count("<details><summary>") >= 2  # the table and the list
    assert 'data-testid="audit-list"' in html
