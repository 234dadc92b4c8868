"""Validation of the activity form: each rule, with its Chinese message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.forms import ActivityForm
from activities.models import Activity, Liaison
from org.roles import Role
from tests.factories import ActivityFactory, CadreFactory, PlaceFactory, make_login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def form_for(user, **overrides) -> ActivityForm:
    data = {
        "kind": "onsite",
        "status": "held",
        "start_date": (TODAY - timedelta(days=3)).isoformat(),
        "topic": "灌溉用水调度现场协调",
        "problems_raised": 3,
        "problems_solved_on_site": 1,
        "suggestions": 2,
    }
    data.update(overrides)
    return ActivityForm(data, user=user)


def defaults(city) -> dict:
    cadre = city.users.cadre.cadre
    return {"cadre": cadre.pk, "places": [city.yc_village.pk]}


def errors(form) -> dict:
    assert not form.is_valid()
    return form.errors


def test_a_valid_onsite_session_passes(city):
    form = form_for(city.users.cadre, **defaults(city))
    assert form.is_valid(), form.errors


def test_end_before_start_is_rejected_on_the_end_field(city):
    form = form_for(
        city.users.cadre,
        **defaults(city),
        end_date=(TODAY - timedelta(days=5)).isoformat(),
    )
    assert errors(form)["end_date"] == ["结束日期不能早于开始日期。"]


def test_negative_audience_is_rejected(city):
    form = form_for(
        city.users.cadre, **defaults(city), kind="lecture", audience_public=-5
    )
    assert "audience_public" in errors(form)
    assert "0" in form.errors["audience_public"][0]


def test_a_held_activity_cannot_be_in_the_future(city):
    form = form_for(
        city.users.cadre, **defaults(city), start_date=(TODAY + timedelta(days=1))
    )
    assert "不能晚于今天" in errors(form)["start_date"][0]


def test_a_planned_activity_may_be_in_the_future(city):
    form = form_for(
        city.users.cadre,
        **defaults(city),
        status="planned",
        start_date=TODAY + timedelta(days=10),
    )
    assert form.is_valid(), form.errors


def test_a_place_outside_the_cadres_reach_is_rejected(city):
    data = defaults(city)
    data["places"] = [city.jc_village.pk]
    city_clerk = make_login("cityclerk", Role.CLERK, scope=city.root)
    form = form_for(city_clerk, **data)
    # The city office sees the place, but the chosen cadre works in 永昌县.
    assert "不在王建国的工作范围（永昌县）内" in errors(form)["places"][0]


def test_a_cadre_cannot_pick_a_place_they_cannot_reach(city):
    data = defaults(city)
    data["places"] = [city.jc_village.pk]
    assert "places" in errors(form_for(city.users.cadre, **data))


def test_a_cadre_cannot_log_for_another_cadre(city):
    data = defaults(city)
    data["cadre"] = city.yc_colleague.pk
    assert "cadre" in errors(form_for(city.users.cadre, **data))


def test_a_clerk_logs_on_behalf_of_a_cadre_of_the_subtree(city):
    data = defaults(city)
    data["cadre"] = city.yc_colleague.pk
    assert form_for(city.users.clerk, **data).is_valid()


def test_a_clerk_cannot_log_for_another_county(city):
    data = {"cadre": city.jc_cadre.pk, "places": [city.jc_village.pk]}
    assert "cadre" in errors(form_for(city.users.clerk, **data))


def test_solved_on_site_cannot_exceed_problems_raised(city):
    form = form_for(
        city.users.cadre, **defaults(city), problems_raised=1, problems_solved_on_site=2
    )
    assert errors(form)["problems_solved_on_site"] == [
        "现场解决问题数不能多于收集问题数。"
    ]


def test_audience_total_cannot_be_less_than_its_parts(city):
    form = form_for(
        city.users.cadre,
        **defaults(city),
        kind="lecture",
        audience_party_members=30,
        audience_public=40,
        audience_total=50,
    )
    assert "audience_total" in errors(form)


@pytest.mark.parametrize(
    ("training_kind", "days", "valid"),
    [
        ("model_class", 2, False),
        ("model_class", 3, True),
        ("model_class", 5, True),
        ("model_class", 6, False),
        ("rotation", 1, True),
    ],
)
def test_training_duration_follows_its_kind(city, training_kind, days, valid):
    start = TODAY - timedelta(days=20)
    form = form_for(
        city.users.cadre,
        **defaults(city),
        kind="training",
        training_kind=training_kind,
        start_date=start,
        end_date=start + timedelta(days=days - 1),
    )
    assert form.is_valid() is valid
    if not valid:
        assert f"现为{days}天" in form.errors["end_date"][0]


def test_training_needs_its_kind(city):
    form = form_for(city.users.cadre, **defaults(city), kind="training")
    assert errors(form)["training_kind"] == ["请选择培训类型。"]


def test_a_liaison_visit_needs_the_cadres_own_liaison(city):
    project = PlaceFactory(
        name="河西堡化工园区项目", unit=city.chengguan, kind="project"
    )
    other = Liaison.objects.create(
        kind="project",
        cadre=city.yc_colleague,
        role="leader",
        place=project,
        since=TODAY - timedelta(days=100),
    )
    data = {"cadre": city.users.clerk.cadre.pk, "places": [project.pk]}
    form = form_for(
        city.users.clerk,
        **data,
        kind="project_visit",
        liaison=other.pk,
        contact_mode="site_visit",
    )
    assert "包联干部不是" in errors(form)["liaison"][0]


def test_fields_of_other_kinds_are_cleared(city):
    form = form_for(
        city.users.cadre, **defaults(city), kind="lecture", problems_raised=5
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["problems_raised"] == 0


def test_crowding_warns_and_names_the_other_leaders(city):
    day = TODAY - timedelta(days=3)
    for name, offset in (("赵红梅", 1), ("陈海军", -2)):
        ActivityFactory(
            cadre=CadreFactory(name=name + "甲", unit=city.chengguan),
            start_date=day + timedelta(days=offset),
            places=[city.yc_village],
        )
    form = form_for(city.users.cadre, **defaults(city), start_date=day)
    message = errors(form)["confirm_crowding"][0]
    assert "赵红梅甲" in message and "陈海军甲" in message
    assert [c.place for c in form.crowding] == [city.yc_village]


def test_crowding_can_be_confirmed(city):
    day = TODAY - timedelta(days=3)
    for offset in (1, 2):
        ActivityFactory(
            cadre=CadreFactory(unit=city.chengguan),
            start_date=day + timedelta(days=offset),
            places=[city.yc_village],
        )
    form = form_for(
        city.users.cadre, **defaults(city), start_date=day, confirm_crowding="on"
    )
    assert form.is_valid(), form.errors


def test_visits_outside_the_window_do_not_warn(city):
    day = TODAY - timedelta(days=30)
    for offset in (7, 8):
        ActivityFactory(
            cadre=CadreFactory(unit=city.chengguan),
            start_date=day + timedelta(days=offset),
            places=[city.yc_village],
        )
    assert form_for(city.users.cadre, **defaults(city), start_date=day).is_valid()


def test_own_earlier_visits_do_not_count_as_crowding(city):
    day = TODAY - timedelta(days=3)
    for offset in (1, 2):
        ActivityFactory(
            cadre=city.users.cadre.cadre,
            start_date=day + timedelta(days=offset),
            places=[city.yc_village],
        )
    assert form_for(city.users.cadre, **defaults(city), start_date=day).is_valid()


def test_status_values_are_the_two_the_form_offers():
    assert set(Activity.Status.values) == {"planned", "held"}
