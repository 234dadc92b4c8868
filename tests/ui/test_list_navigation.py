"""Lists: sortable columns, a search box, numbered pagination that keeps every
filter (repeated ones included), year and month navigation bounded to the
years with data, and the overdue list's 逾期天数 and 责任人."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, LivelihoodItem
from petitions.models import HotlineOrder
from tests.factories import ActivityFactory, TopicFactory
from tracking.models import TrackedItem
from ui.templatetags.ui import page_range

pytestmark = pytest.mark.django_db


def _get(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def _item(title, *, owner, unit, deadline):
    return TrackedItem.objects.create(
        kind="test",
        title=title,
        unit=unit,
        owner=owner,
        start_date=deadline - timedelta(days=30),
        deadline=deadline,
    )


# --- pagination ------------------------------------------------------------------


def test_pagination_is_numbered_and_keeps_every_parameter(client, city):
    for day in range(1, 29):
        for cadre in (city.users.cadre.cadre, city.yc_colleague):
            ActivityFactory(cadre=cadre, start_date=date(2024, 3, day))
    client.force_login(city.users.clerk)
    url = reverse("activities:list")
    unit = city.chengguan.pk
    response = client.get(f"{url}?year=2024&unit={unit}&unit={unit}&sort=date")
    html = response.text
    assert response.context["page"].paginator.num_pages == 2
    nav = re.search(r'<nav aria-label="分页".*?</nav>', html, re.S).group(0)
    assert 'aria-current="page"><span class="page-link">1<' in nav
    second = f"?year=2024&amp;unit={unit}&amp;unit={unit}&amp;sort=date&amp;page=2"
    assert f'href="{second}">2</a>' in nav
    assert "下一页" in nav and "共 56 条" in nav
    page2 = client.get(f"{url}?year=2024&unit={unit}&unit={unit}&sort=date&page=2")
    assert len(page2.context["page"]) == 6


def test_a_long_list_elides_the_middle_pages():
    paginator = Paginator(range(1000), 50)  # 20 pages
    shown = list(page_range(paginator, 10))
    gap = paginator.ELLIPSIS
    assert shown == [1, gap, 8, 9, 10, 11, 12, gap, 20]
    assert list(page_range(paginator, 1)) == [1, 2, 3, gap, 20]


# --- sorting ---------------------------------------------------------------------


def test_activities_sort_by_their_column_headers(client, city):
    ActivityFactory(cadre=city.yc_colleague, topic="乙", start_date=date(2024, 3, 2))
    ActivityFactory(cadre=city.yc_colleague, topic="甲", start_date=date(2024, 3, 3))
    ActivityFactory(cadre=city.yc_colleague, topic="丙", start_date=date(2024, 3, 1))
    user = city.users.clerk
    by_date = _get(client, user, "activities:list", sort="date")
    assert [a.topic for a in by_date.context["page"]] == ["丙", "乙", "甲"]
    newest = _get(client, user, "activities:list", sort="-date")
    assert [a.topic for a in newest.context["page"]] == ["甲", "乙", "丙"]
    # the header links: ascending → descending, filters kept, page dropped
    assert 'aria-sort="descending"' in newest.text
    header = _get(client, user, "activities:list", sort="date", year=2024, page=1)
    assert 'href="?sort=-date&amp;year=2024"' in header.text
    assert 'aria-sort="ascending"' in header.text
    # an unknown column is ignored, not an error
    _get(client, user, "activities:list", sort="password")


def test_the_filter_form_keeps_the_sort(client, city):
    response = _get(client, city.users.clerk, "activities:list", sort="-date")
    assert '<input type="hidden" name="sort" value="-date"' in response.text


def test_topics_cases_orders_and_items_sort(client, city, register):
    year = timezone.localdate().year
    for title in ("B课题", "A课题", "C课题"):
        TopicFactory(lead=city.users.leader.cadre, title=title, year=year)
    topics = _get(client, city.users.leader, "research:topic_list", sort="-title")
    assert [t.title for t in topics.context["page"]] == ["C课题", "B课题", "A课题"]

    first, second = register(on=date(2024, 3, 1)), register(on=date(2024, 3, 9))
    cases = _get(
        client, city.users.petition_office, "petitions:case_list", sort="-date"
    )
    assert [c.pk for c, _ in cases.context["rows"]] == [second.pk, first.pk]

    received = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
    for number, hours in (("B2", 1), ("B1", 5)):
        HotlineOrder.objects.create(
            number=number,
            received_at=received + timedelta(hours=hours),
            unit=city.chengguan,
            summary="路灯不亮",
        )
    orders = _get(client, city.users.clerk, "petitions:hotline", sort="number")
    assert [o.number for o in orders.context["page"]] == ["B1", "B2"]

    today = timezone.localdate()
    me = city.users.cadre.cadre
    _item("晚", owner=me, unit=city.chengguan, deadline=today + timedelta(9))
    _item("早", owner=me, unit=city.chengguan, deadline=today + timedelta(1))
    items = _get(
        client,
        city.users.clerk,
        "supervision:items",
        sort="-deadline",
        unit=city.chengguan.pk,  # not the cases' stages, at 永昌县
    )
    assert [i.title for i in items.context["page"]] == ["晚", "早"]


# --- search ----------------------------------------------------------------------


def test_search_finds_words_in_any_searched_field(client, city):
    ActivityFactory(cadre=city.yc_colleague, topic="灌溉渠道现场办公")
    ActivityFactory(cadre=city.users.cadre.cadre, topic="学习全会精神宣讲")
    user = city.users.clerk
    by_topic = _get(client, user, "activities:list", q="灌溉")
    assert [a.topic for a in by_topic.context["page"]] == ["灌溉渠道现场办公"]
    by_name = _get(client, user, "activities:list", q="王建国")  # the cadre's name
    assert [a.topic for a in by_name.context["page"]] == ["学习全会精神宣讲"]
    both = _get(client, user, "activities:list", q="赵红梅 灌溉")  # every word
    assert [a.topic for a in both.context["page"]] == ["灌溉渠道现场办公"]
    none = _get(client, user, "activities:list", q="赵红梅 宣讲")
    assert list(none.context["page"]) == []
    assert 'name="q"' in by_topic.text and "搜索" in by_topic.text


def test_search_stays_in_scope(client, city):
    ActivityFactory(cadre=city.jc_cadre, topic="金川灌溉")  # another county
    response = _get(client, city.users.clerk, "activities:list", q="灌溉")
    assert list(response.context["page"]) == []


def test_case_search_does_not_look_in_petitioners_data(client, city, register):
    case = register()
    office = city.users.petition_office
    assert _get(client, office, "petitions:case_list", q=case.number).context["rows"]
    assert not _get(client, office, "petitions:case_list", q="张建国").context["rows"]


def test_overdue_and_items_search(client, city):
    today = timezone.localdate()
    me = city.users.cadre.cadre
    _item("渠道修缮", owner=me, unit=city.chengguan, deadline=today - timedelta(2))
    _item("路灯维修", owner=me, unit=city.chengguan, deadline=today - timedelta(2))
    response = _get(client, city.users.clerk, "supervision:overdue", q="路灯")
    assert [i.title for i in response.context["page"]] == ["路灯维修"]


# --- the overdue list ------------------------------------------------------------


def test_overdue_list_shows_days_overdue_and_who_answers(client, city):
    today = timezone.localdate()
    _item(
        "有责任人",
        owner=city.users.cadre.cadre,
        unit=city.chengguan,
        deadline=today - timedelta(5),
    )
    _item("无责任人", owner=None, unit=city.chengguan, deadline=today - timedelta(12))
    response = _get(client, city.users.clerk, "supervision:overdue")
    rows = {i.title: i for i in response.context["page"]}
    assert rows["有责任人"].overdue_days == 5 and rows["无责任人"].overdue_days == 12
    html = response.text
    assert "逾期天数" in html and ">5天<" in html and ">12天<" in html
    assert "王建国" in html and "城关镇办公室" in html
    fewest = _get(client, city.users.clerk, "supervision:overdue", sort="overdue")
    assert [i.title for i in fewest.context["page"]] == ["有责任人", "无责任人"]
    most = _get(client, city.users.clerk, "supervision:overdue", sort="-overdue")
    assert [i.title for i in most.context["page"]] == ["无责任人", "有责任人"]
    items = _get(client, city.users.clerk, "supervision:items")
    assert "逾期天数" not in items.text  # only on the overdue list


# --- year and month navigation -----------------------------------------------------


def _nav(html: str) -> str:
    return re.search(r'data-testid="year-nav">.*?</div>', html, re.S).group(0)


def test_year_navigation_goes_only_to_years_with_data(client, city):
    this_year = timezone.localdate().year
    response = _get(client, city.users.clerk, "activities:livelihood_list")
    assert "上一年" not in _nav(response.text) and "下一年" not in _nav(response.text)
    item = TrackedItem.objects.create(
        kind="livelihood",
        title="民生实事",
        unit=city.chengguan,
        start_date=date(this_year - 2, 1, 1),
        deadline=date(this_year - 2, 12, 31),
    )
    LivelihoodItem.objects.create(year=this_year - 2, item=item)
    response = _get(client, city.users.clerk, "activities:livelihood_list")
    assert f"year={this_year - 1}" in _nav(response.text)
    assert "下一年" not in _nav(response.text)
    first = _get(
        client, city.users.clerk, "activities:livelihood_list", year=this_year - 2
    )
    assert "上一年" not in _nav(first.text) and "下一年" in _nav(first.text)


def test_research_overview_years_are_bounded_by_the_leaders_topics(client, city):
    this_year = timezone.localdate().year
    leader = city.users.leader
    response = _get(client, leader, "research:overview")
    assert "上一年" not in _nav(response.text)
    TopicFactory(lead=leader.cadre, year=this_year - 1)
    response = _get(client, leader, "research:overview")
    assert f"year={this_year - 1}" in _nav(response.text)
    response = _get(client, leader, "research:overview", year=this_year - 1)
    assert "上一年" not in _nav(response.text) and "下一年" in _nav(response.text)


def test_plan_calendar_months_are_bounded_by_planned_activities(client, city):
    response = _get(client, city.users.clerk, "activities:calendar")
    assert "上月" not in response.text and "下月" not in response.text
    today = timezone.localdate()
    ActivityFactory(
        cadre=city.yc_colleague,
        status=Activity.Status.PLANNED,
        start_date=today + timedelta(days=40),
    )
    response = _get(client, city.users.clerk, "activities:calendar")
    assert "下月" in response.text and "上月" not in response.text
