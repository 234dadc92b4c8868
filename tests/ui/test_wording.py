"""Wording: 副县长/副区长, one empty-choice label (请选择 in forms, 全部 in
filters), no 其他主讲人 on on-site sessions, no 登记：登记 in a case log."""

import pytest
from django.urls import reverse

from activities.forms import ActivityForm
from demo.city import COUNTIES, county_roster
from org.models import Cadre
from org.ranks import COUNTY, infer_rank

# --- positions ---------------------------------------------------------------------


def test_county_deputies_are_fu_xianzhang_and_fu_quzhang():
    positions = {
        name: [position for position, *_ in county_roster(code, name)]
        for code, name in COUNTIES
    }
    assert positions["永昌县"] == ["县委书记", "县长", "县委副书记", "副县长", "副县长"]
    assert positions["金川区"] == ["区委书记", "区长", "区委副书记", "副区长", "副区长"]
    assert positions["金昌经开区"][0] == "工委书记"
    every = [p for names in positions.values() for p in names]
    assert not [p for p in every if "县副长" in p or "区副长" in p]


def test_the_rank_rules_place_the_deputies_at_county_level():
    for position in ("副县长", "副区长"):
        placed = infer_rank(position, COUNTY)
        assert placed is not None and placed.rank == Cadre.Rank.COUNTY, position


# --- the empty choice --------------------------------------------------------------

PAGES = [
    ("clerk", "activities:create", {}),
    ("clerk", "activities:list", {}),
    ("clerk", "cadre_list", {}),
    ("clerk", "supervision:items", {}),
    ("clerk", "supervision:overdue", {}),
    ("leader", "research:topic_list", {}),
    ("leader", "research:topic_create", {}),
    ("petition_office", "petitions:case_list", {}),
    ("petition_office", "petitions:case_create", {}),
    ("clerk", "petitions:hotline", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("user", "name", "params"), PAGES)
def test_no_dashes_as_an_empty_choice(client, city, user, name, params):
    client.force_login(getattr(city.users, user))
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert "---------" not in response.text
    assert ">未知<" not in response.text  # a yes/no filter offers 全部, not 未知


@pytest.mark.django_db
def test_forms_say_choose_and_filters_say_all(client, city):
    client.force_login(city.users.clerk)
    form_page = client.get(reverse("activities:create")).text
    assert '<option value="" selected>请选择</option>' in form_page
    list_page = client.get(reverse("activities:list")).text
    assert '<option value="" selected>全部</option>' in list_page
    assert "请选择" not in list_page
    cadres = client.get(reverse("cadre_list")).text
    assert '<option value="unknown" selected>全部</option>' in cadres


# --- the people of an on-site session -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "lead", "others"),
    [
        ("onsite", "带队干部", "陪同人员"),
        ("enterprise_visit", "带队干部", "陪同人员"),
        ("lecture", "主讲人", "其他主讲人"),
        ("training", "主讲人", "其他主讲人"),
    ],
)
def test_people_labels_follow_the_kind(city, kind, lead, others):
    form = ActivityForm(initial={"kind": kind}, user=city.users.clerk)
    assert (form.fields["cadre"].label, form.fields["companions"].label) == (
        lead,
        others,
    )
    bound = ActivityForm(data={"kind": kind}, user=city.users.clerk)
    assert bound.fields["companions"].label == others


@pytest.mark.django_db
def test_the_on_site_form_shows_no_other_speakers(client, city):
    client.force_login(city.users.clerk)
    page = client.get(reverse("activities:create"), {"kind": "onsite"}).text
    assert ">陪同人员<" in page
    assert ">其他主讲人<" not in page and "其他主讲人（陪同人员）" not in page


# --- the case log --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_case_log_does_not_say_register_twice(client, city, register):
    case = register()
    client.force_login(city.users.petition_office)
    page = client.get(case.get_absolute_url()).text
    assert "登记：登记" not in page
    events = page.split('data-testid="case-events"')[1].split("</ol>")[0]
    assert "登记" in events
