"""The activity form (issue 22 items 7 and 10): an error summary linking to the
fields, problem rows optional and added on demand, the kind of the list the
person came from, and the camera offered for the attachment."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.services import problem_hand_over
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() - timedelta(days=1)


def onsite(city, **extra):
    return {
        "kind": "onsite",
        "status": "held",
        "cadre": city.users.cadre.cadre.pk,
        "places": [city.yc_village.pk],
        "start_date": DAY.isoformat(),
        "topic": "城关镇现场办公",
        "problems_raised": 1,
        "problems_solved_on_site": 0,
        "suggestions": 0,
        "problems-TOTAL_FORMS": 1,
        "problems-INITIAL_FORMS": 0,
        **extra,
    }


def summary(response) -> str:
    match = re.search(r'data-testid="error-summary".*?</div>', response.text, re.S)
    return match.group(0) if match else ""


def test_error_summary_links_to_a_bad_problem_row(client, city):
    client.force_login(city.users.cadre)
    data = onsite(
        city,
        **{
            "problems-0-title": "时限早于办公日期",
            "problems-0-unit": city.chengguan.pk,
            "problems-0-deadline": (DAY - timedelta(days=3)).isoformat(),
        },
    )
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 200
    top = summary(response)
    assert 'href="#id_problems-0-deadline"' in top
    assert "第1行 办理时限" in top
    # The summary comes before the form's fields.
    assert response.text.index("error-summary") < response.text.index('name="topic"')


def test_error_summary_links_to_a_missing_field(client, city):
    client.force_login(city.users.cadre)
    response = client.post(reverse("activities:create"), onsite(city, topic=""))
    assert 'href="#id_topic"' in summary(response)


def test_no_summary_on_a_fresh_form(client, city):
    client.force_login(city.users.cadre)
    assert summary(client.get(reverse("activities:create"))) == ""


def test_problem_rows_are_optional_and_added_on_demand(client, city):
    client.force_login(city.users.cadre)
    response = client.get(reverse("activities:create"), {"kind": "onsite"})
    row = re.search(
        r'data-testid="problem-0".*?</div>\s*</div>', response.text, re.S
    ).group(0)
    assert "交办问题" in row and "*" not in row
    assert 'name="problems-TOTAL_FORMS" value="1"' in response.text
    assert "data-add-problem" in response.text
    assert 'data-testid="problem-__prefix__"' in response.text
    # The activity's own required fields keep their mark.
    assert re.search(r'for="id_topic">主题 <span class="text-danger"', response.text)


@pytest.mark.parametrize(
    "query, kind",
    [
        ({"pillar": "onsite"}, "onsite"),
        ({"pillar": "policy"}, "lecture"),
        ({"kind": "training"}, "training"),
        ({}, None),
    ],
)
def test_kind_preselected_from_the_list(client, city, query, kind):
    client.force_login(city.users.cadre)
    response = client.get(reverse("activities:create"), query)
    assert response.context["form"]["kind"].value() == kind


def test_list_new_button_carries_the_pillar(client, city):
    client.force_login(city.users.cadre)
    response = client.get(reverse("activities:list"), {"pillar": "onsite"})
    assert 'href="/activities/new/?pillar=onsite"' in response.text


def test_attachment_offers_the_camera(client, city):
    client.force_login(city.users.cadre)
    response = client.get(reverse("activities:create"))
    field = re.search(r'<input type="file"[^>]*>', response.text).group(0)
    assert 'accept="image/*"' in field and 'capture="environment"' in field


def problem(n: int, unit) -> dict:
    return {
        f"problems-{n}-title": f"交办问题{n}",
        f"problems-{n}-unit": unit.pk,
        f"problems-{n}-deadline": (DAY + timedelta(days=20)).isoformat(),
    }


@pytest.mark.parametrize("raised, saved", [(1, False), (2, True)])
def test_handing_over_more_problems_than_collected_is_refused(
    client, city, raised, saved
):
    client.force_login(city.users.cadre)
    data = onsite(
        city,
        problems_raised=raised,
        **{"problems-TOTAL_FORMS": 2},
        **problem(0, city.chengguan),
        **problem(1, city.chengguan),
    )
    response = client.post(reverse("activities:create"), data)
    assert Activity.objects.filter(topic="城关镇现场办公").exists() is saved
    if not saved:
        assert "交办问题（2个）不能多于收集问题数（1个）" in summary(response)


def test_the_model_refuses_fewer_collected_than_handed_over(city):
    """What a ledger import meets: the saved problems count."""
    activity = ActivityFactory(
        cadre=city.users.cadre.cadre, places=[city.yc_village], problems_raised=1
    )
    problem_hand_over(
        activity=activity,
        title="已交办",
        unit=city.chengguan,
        deadline=DAY + timedelta(days=20),
    )
    activity.clean_related()
    activity.problems_raised = 0
    with pytest.raises(ValidationError, match="不能多于收集问题数"):
        activity.clean_related()


def test_the_same_session_twice_is_warned_then_saved_once_confirmed(client, city):
    client.force_login(city.users.cadre)
    url = reverse("activities:create")
    data = onsite(city, problems_raised=0, **{"problems-TOTAL_FORMS": 0})
    client.post(url, data)
    response = client.post(url, data)
    assert "可能重复录入" in summary(response)
    assert 'data-testid="duplicate-warning"' in response.text
    assert Activity.objects.filter(topic="城关镇现场办公").count() == 1
    # Another date is no duplicate.
    other_day = (DAY - timedelta(days=1)).isoformat()
    client.post(url, {**data, "start_date": other_day})
    assert Activity.objects.filter(topic="城关镇现场办公").count() == 2
    client.post(url, {**data, "confirm_duplicate": "on"})
    assert Activity.objects.filter(topic="城关镇现场办公").count() == 3
