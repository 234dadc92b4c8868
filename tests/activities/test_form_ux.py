"""The activity form (issue 22 items 7 and 10): an error summary linking to the
fields, problem rows optional and added on demand, the kind of the list the
person came from, and the camera offered for the attachment."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
