"""The handling form shows only the fields of the case's next stages, and of
the chosen one once submitted; 承办单位 is marked required where it is
(issue 22 item 7)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.forms import CaseActionForm
from petitions.models import Stage
from petitions.services import case_move

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case(register):
    return register(on=TODAY - timedelta(days=3))


def handling_form(response) -> str:
    return re.search(r'action="[^"]*/action/".*?</form>', response.text, re.S).group(0)


def test_a_registered_case_asks_only_for_the_handling_unit(client, city, case):
    client.force_login(city.users.petition_office)
    form = handling_form(client.get(case.get_absolute_url()))
    assert re.search(r'承办单位 <span class="text-danger"', form)
    for label in ("书面答复意见", "不予受理理由", "群众评价", "部分解决"):
        assert label not in form
    assert 'data-stage="routed"' in form


def test_a_routed_case_offers_the_reason_for_not_accepting_only(city, case):
    case_move(
        case=case,
        to=Stage.ROUTED,
        by=city.users.petition_office,
        on=TODAY,
        unit=city.chengguan,
    )
    form = CaseActionForm(case=case)
    assert set(form.fields) == {"to", "on", "reason", "note"}
    assert form.fields["reason"].required and form.fields["reason"].stages == (
        Stage.NOT_ACCEPTED
    )
    # Once 受理办理 is chosen, the reason is no field of the form at all.
    accepted = CaseActionForm({"to": "accepted", "on": TODAY}, case=case)
    assert "reason" not in accepted.fields and accepted.is_valid()
    refused = CaseActionForm({"to": "not_accepted", "on": TODAY}, case=case)
    assert not refused.is_valid()
    assert refused.errors["reason"] == ["请填写不予受理的理由（将告知信访人）。"]


def test_the_chosen_stage_is_handled_through_the_view(client, city, case):
    client.force_login(city.users.petition_office)
    url = reverse("petitions:case_action", args=[case.pk])
    client.post(url, {"to": "routed", "on": TODAY, "unit": city.chengguan.pk})
    client.post(url, {"to": "accepted", "on": TODAY, "reason": "忽略"})
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED and case.not_accepted_reason == ""
