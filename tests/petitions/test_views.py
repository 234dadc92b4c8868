"""Petition pages: masking per role, audit per reveal, duplicates, scope, KPIs."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from org.roles import Role
from petitions.models import (
    ID_CHECK,
    ID_WEIGHTS,
    BacklogCase,
    HotlineOrder,
    HotlineStandard,
    PetitionCase,
    ReceptionDay,
    Stage,
    valid_id_number,
)
from petitions.selectors import hotline_kpis
from petitions.services import case_move
from security.models import AuditEvent
from tests.factories import make_login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def id_number(body: str = "62030219900101123") -> str:
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


ZHANG_ID = id_number()


@pytest.fixture
def case(register):
    return register(on=TODAY - timedelta(days=3), id_number=ZHANG_ID)


def test_id_number_check_digit():
    assert valid_id_number(ZHANG_ID)
    assert not valid_id_number(ZHANG_ID[:-1] + ("0" if ZHANG_ID[-1] != "0" else "1"))


@pytest.mark.parametrize("user", ["clerk", "city_leader", "cadre"])
def test_detail_is_masked_outside_the_petition_office(client, city, case, user):
    case.reception = None
    client.force_login(getattr(city.users, user))
    response = client.get(case.get_absolute_url())
    if user == "cadre":
        assert response.status_code == 404  # not the cadre's case
        return
    text = response.text
    assert "张**" in text and "620302********" + ZHANG_ID[-4:] in text
    assert "138****1234" in text
    assert ZHANG_ID not in text and "张建国" not in text and "13812341234" not in text
    assert "反映承包地被占用" in text and "未获补偿的问题" not in text
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_petition_office_sees_unmasked_and_each_reveal_is_audited(client, city, case):
    client.force_login(city.users.petition_office)
    for _ in range(2):
        text = client.get(case.get_absolute_url(), REMOTE_ADDR="10.1.2.3").text
        assert "张建国" in text and ZHANG_ID in text and "13812341234" in text
    events = AuditEvent.objects.filter(action="reveal")
    assert events.count() == 2
    event = events.first()
    assert (event.user, event.object_id, event.address) == (
        city.users.petition_office,
        str(case.pk),
        "10.1.2.3",
    )


def test_lists_are_masked_for_everyone(client, city, case):
    client.force_login(city.users.petition_office)
    text = client.get(reverse("petitions:case_list")).text
    assert "张**" in text and "张建国" not in text


def test_clerk_of_another_county_cannot_open_the_case(client, city, case):
    case_move(
        case=case,
        to=Stage.ROUTED,
        by=city.users.petition_office,
        on=TODAY,
        unit=city.chengguan,
    )

    jc_clerk = make_login("jcclerk", Role.CLERK, scope=city.jinchuan)
    client.force_login(jc_clerk)
    assert client.get(case.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("petitions:case_action", args=[case.pk]),
        {"to": "accepted", "on": TODAY},
    )
    assert response.status_code == 404
    client.force_login(city.users.clerk)
    assert client.get(case.get_absolute_url()).status_code == 200


def registration(city, **overrides):
    data = {
        "channel": "visit",
        "category": "land",
        "content": "反映承包地被占用未获补偿的问题",
        "registered_on": TODAY.isoformat(),
        "unit": city.yongchang.pk,
        "petitioners-TOTAL_FORMS": 2,
        "petitioners-INITIAL_FORMS": 0,
        "petitioners-0-name": "李桂芳",
        "petitioners-0-id_number": id_number("62032119850505222"),
        "petitioners-0-phone": "13900001111",
    }
    data.update(overrides)
    return data


def test_register_a_joint_petition_as_one_case(client, city):
    client.force_login(city.users.petition_office)
    data = registration(
        city,
        content="村民联名反映灌溉用水分配不公",
        **{
            "petitioners-1-name": "王志强",
            "petitioners-1-id_number": id_number("62032119800202333"),
        },
    )
    response = client.post(reverse("petitions:case_create"), data)
    case = PetitionCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.petitioners.count() == 2
    assert case.stage_item.kind == "petition_stage"


def test_same_petitioner_with_an_open_case_warns_and_links(client, city, case):
    client.force_login(city.users.petition_office)
    data = registration(
        city,
        content="再次反映征地补偿问题",
        **{"petitioners-0-id_number": ZHANG_ID},
    )
    response = client.post(reverse("petitions:case_create"), data)
    assert response.status_code == 200
    assert case.number in response.text and "疑似重复信访" in response.text
    assert PetitionCase.objects.count() == 1
    data["related_to"] = case.pk
    response = client.post(reverse("petitions:case_create"), data)
    new = PetitionCase.objects.exclude(pk=case.pk).get()
    assert new.related_to == case


def test_same_content_warns_and_can_be_confirmed_as_new(client, city, case):
    client.force_login(city.users.petition_office)
    data = registration(city, content="反映承包地被占用，未获补偿的问题。")
    assert client.post(reverse("petitions:case_create"), data).status_code == 200
    data["confirm_new"] = "on"
    assert client.post(reverse("petitions:case_create"), data).status_code == 302
    assert PetitionCase.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("petitioners-0-id_number", "620302199001011230", "校验位"),
        ("petitioners-0-phone", "12345", "联系电话"),
        ("registered_on", (TODAY + timedelta(days=1)).isoformat(), "不能晚于今天"),
        ("content", "", "必填"),
    ],
)
def test_registration_errors_name_the_field(client, city, field, value, message):
    client.force_login(city.users.petition_office)
    response = client.post(
        reverse("petitions:case_create"), registration(city, **{field: value})
    )
    assert response.status_code == 200 and message in response.text
    assert not PetitionCase.objects.exists()


def test_merge_keeps_history_on_both(client, city, register, case):
    repeat = register(
        on=TODAY - timedelta(days=1), id_number=ZHANG_ID, content="同一诉求再次来访"
    )
    client.force_login(city.users.petition_office)
    client.post(reverse("petitions:case_merge", args=[repeat.pk]), {"primary": case.pk})
    repeat.refresh_from_db()
    assert repeat.stage == Stage.MERGED and repeat.merged_into == case
    assert repeat.events.last().note == f"合并至{case.number}"
    assert case.events.last().note == f"合并重复信访事项{repeat.number}"


@pytest.mark.parametrize("primary", ["abc", "", "987654321", "other county"])
def test_merge_with_a_bad_choice_is_a_form_error_not_a_500(
    client, city, register, case, primary
):
    """A malformed id, none, a missing case, or one the clerk may not change:
    the case page says so and nothing is merged."""
    if primary == "other county":
        primary = register(unit=city.jinchuan).pk
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("petitions:case_merge", args=[case.pk]),
        {"primary": primary},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "未能合并" in response.text
    case.refresh_from_db()
    assert case.stage != Stage.MERGED and case.merged_into is None


def test_action_view_refuses_an_illegal_jump_with_a_message(client, city, case):
    client.force_login(city.users.petition_office)
    response = client.post(
        reverse("petitions:case_action", args=[case.pk]),
        {"to": "replied", "on": TODAY, "reply": "答复"},
        follow=True,
    )
    assert "未能办理" in response.text
    case.refresh_from_db()
    assert case.stage == Stage.REGISTERED


def test_routing_needs_a_unit(client, city, case):
    client.force_login(city.users.petition_office)
    response = client.post(
        reverse("petitions:case_action", args=[case.pk]),
        {"to": "routed", "on": TODAY},
        follow=True,
    )
    assert "请选择承办单位" in response.text
    client.post(
        reverse("petitions:case_action", args=[case.pk]),
        {"to": "routed", "on": TODAY, "unit": city.chengguan.pk},
    )
    case.refresh_from_db()
    assert case.stage == Stage.ROUTED and case.unit == city.chengguan


def test_due_list_counts_per_unit(client, city, register):
    register(on=TODAY - timedelta(days=40))  # overdue to route
    register(on=TODAY - timedelta(days=10))  # due within 7 days
    register(on=TODAY)
    client.force_login(city.users.petition_office)
    [row] = client.get(reverse("petitions:due_list")).context["by_unit"]
    assert (row["red"], row["yellow"], row["blue"]) == (1, 1, 1)


def order(city, number, minutes_to_sign, hours_to_respond, **extra):
    received = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
    return HotlineOrder.objects.create(
        number=number,
        received_at=received,
        unit=city.chengguan,
        summary="路灯不亮",
        signed_at=received + timedelta(minutes=minutes_to_sign),
        responded_at=received + timedelta(hours=hours_to_respond),
        **extra,
    )


def test_hotline_kpi_formulas(city):
    order(city, "A1", 20, 1, resolved=True, satisfaction="satisfied")
    order(city, "A2", 40, 3, resolved=True, satisfaction="basically")
    order(city, "A3", 10, 2, resolved=False, satisfaction="unsatisfied")
    order(city, "A4", 10, 1, resolved=False, out_of_scope=True)
    standard = HotlineStandard.current()
    [kpi] = hotline_kpis(HotlineOrder.objects.all(), standard)
    assert (kpi.orders, kpi.counted) == (4, 3)
    assert kpi.sign_rate == 66.7  # A1, A3 within 30 minutes
    assert kpi.response_rate == 66.7  # A1, A3 within 2 hours
    assert kpi.resolve_rate == 66.7
    assert kpi.satisfaction_rate == 66.7  # 满意 + 基本满意 of 3 evaluated
    standard.basically_counts_as_satisfied = False
    standard.exclude_out_of_scope = False
    [kpi] = hotline_kpis(HotlineOrder.objects.all(), standard)
    assert kpi.counted == 4 and kpi.satisfaction_rate == 33.3


def test_hotline_page_documents_the_formulas_and_is_scoped(client, city):
    order(city, "B1", 5, 1, resolved=True)
    client.force_login(city.users.clerk)
    response = client.get(reverse("petitions:hotline"))
    assert "响应率 = 2小时内首次联系诉求人的工单" in response.text
    assert [k.orders for k in response.context["kpis"]] == [1]
    client.force_login(city.users.leader)
    assert client.get(reverse("petitions:hotline")).context["kpis"] == []


def test_reception_day_visit_needs_a_place(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("petitions:reception_create"),
        {"kind": "visit", "leader": city.yc_colleague.pk, "day": TODAY, "visitors": 3},
    )
    assert "带案下访请选择下访地点" in response.text


def test_backlog_case_with_leader_team_plan_and_notes(client, city, case):
    client.force_login(city.users.petition_office)
    response = client.post(
        reverse("petitions:backlog_create", args=[case.pk]),
        {
            "leader": city.users.city_leader.cadre.pk,
            "team": "县信访局、城关镇",
            "plan": "逐户核实补偿标准",
            "assigned_on": date(2024, 3, 5).isoformat(),
            "deadline": date(2024, 6, 3).isoformat(),
        },
    )
    backlog = case.backlog
    assert response.status_code == 302 and backlog.half_year == "2024年上半年"
    # The 化解时限 is a tracked item owned by the 包案 leader, with 红黄蓝.
    item = backlog.item
    assert (item.kind, item.owner, item.deadline) == (
        "backlog_case",
        city.users.city_leader.cadre,
        date(2024, 6, 3),
    )
    assert item.colour(date(2024, 6, 4)) == "red" and not item.is_closed
    client.post(
        reverse("petitions:backlog_detail", args=[backlog.pk]), {"text": "已召开协调会"}
    )
    client.post(
        reverse("petitions:backlog_detail", args=[backlog.pk]),
        {"text": "诉求合理部分已解决到位", "resolve": "1"},
    )
    backlog.refresh_from_db()
    assert backlog.notes.count() == 1 and backlog.resolved_on == TODAY
    item.refresh_from_db()
    assert item.is_closed and item.result == "诉求合理部分已解决到位"
    # It closes through its own flow, never the generic 销号 form.
    item.reopen(by=city.users.petition_office, reason="复核")
    response = client.post(
        reverse("item_close", args=[item.pk]), {"result": "x", "next": "/"}
    )
    item.refresh_from_db()
    assert not item.is_closed


def test_a_backlog_deadline_before_the_assignment_is_refused(client, city, case):
    client.force_login(city.users.petition_office)
    response = client.post(
        reverse("petitions:backlog_create", args=[case.pk]),
        {
            "leader": city.users.city_leader.cadre.pk,
            "team": "专班",
            "plan": "方案",
            "assigned_on": "2024-03-05",
            "deadline": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert "化解时限不能早于包案日期" in response.text


def test_demo_city_has_a_petition_year(demo_city):
    # Running seed_demo again changes no table: tests/demo/test_seed_demo.py.

    counts = (
        ReceptionDay.objects.count(),
        PetitionCase.objects.count(),
        BacklogCase.objects.count(),
        HotlineOrder.objects.count(),
    )
    assert all(counts)
    assert PetitionCase.objects.values("stage").distinct().count() >= 3


def test_backlog_list_filters_by_resolution(client, city, case):

    BacklogCase.objects.create(
        case=case,
        leader=city.users.city_leader.cadre,
        team="专班",
        plan="方案",
        assigned_on=TODAY,
        resolved_on=TODAY,
    )
    client.force_login(city.users.petition_office)
    url = reverse("petitions:backlog_list")
    assert len(client.get(url, {"resolved": "true"}).context["backlog"]) == 1
    assert len(client.get(url, {"resolved": "false"}).context["backlog"]) == 0


def test_reception_day_records_answers_on_the_spot(client, city):
    client.force_login(city.users.clerk)
    data = {
        "kind": "reception",
        "leader": city.yc_colleague.pk,
        "day": TODAY,
        "location": "县群众来访接待中心",
        "visitors": 6,
        "answered_on_site": 4,
    }
    response = client.post(reverse("petitions:reception_create"), data)
    assert response.status_code == 302
    reception = ReceptionDay.objects.get()
    assert reception.answered_on_site == 4
    assert "现场解释答复" in client.get(reception.get_absolute_url()).text
    refused = client.post(
        reverse("petitions:reception_create"), {**data, "answered_on_site": -1}
    )
    assert "answered_on_site" in refused.context["form"].errors
