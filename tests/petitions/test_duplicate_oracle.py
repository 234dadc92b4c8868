"""The duplicate check at registration is no oracle: to anyone but the
petition office its outcome shows nowhere, so trying candidate ID numbers
against a masked one (620302********1234) learns nothing; every check is
audited and checks are rate-limited per user."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import PetitionCase
from security.models import AuditEvent
from tests.petitions.test_views import ZHANG_ID, id_number, registration

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def candidates(real: str, count: int) -> list[str]:
    """Valid ID numbers that mask like `real`: the same first 6 and last 4
    digits, another birth date (what a clerk would try)."""
    found = [real]
    day = date(1990, 1, 2)
    while len(found) < count:
        other = id_number(f"{real[:6]}{day:%Y%m%d}{real[14:17]}")
        if other[-4:] == real[-4:]:
            found.append(other)
        day += timedelta(days=1)
    return found


def normalised(text: str, case: PetitionCase) -> str:
    """A page with what differs between any two new cases taken out: their
    number and id, and the per-response CSRF token."""
    text = text.replace(case.number, "NUMBER").replace(case.content, "CONTENT")
    text = re.sub(rf"/{case.pk}/", "/ID/", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)


@pytest.fixture
def existing(register):
    return register(on=TODAY - timedelta(days=3), id_number=ZHANG_ID)


# Unrelated petitions, one per try, so that no try repeats an earlier one.
CONTENTS = [
    "反映宅基地确权登记问题",
    "咨询养老保险缴费年限",
    "投诉小区物业收费过高",
    "要求解决子女入学困难",
    "反映农村饮水管道漏水",
]


def try_id(client, city, candidate: str, n: int):
    data = registration(
        city,
        content=CONTENTS[n],
        **{"petitioners-0-name": "张某", "petitioners-0-id_number": candidate},
    )
    return client.post(reverse("petitions:case_create"), data, follow=True)


def test_a_clerk_trying_id_numbers_learns_nothing(client, city, existing):
    tries = candidates(ZHANG_ID, 4)
    assert len({t[:6] + t[-4:] for t in tries}) == 1  # all mask alike
    client.force_login(city.users.clerk)
    pages = []
    for n, candidate in enumerate(tries):
        response = try_id(client, city, candidate, n)
        new = PetitionCase.objects.latest("pk")
        assert response.redirect_chain == [(new.get_absolute_url(), 302)]
        assert existing.number not in response.text
        assert new.related_to is None
        pages.append(normalised(response.text, new))
    # The real ID number (tries[0]) answers exactly as the others.
    assert all(page == pages[0] for page in pages[1:])
    # The petition office sees the possible duplicate on the new case.
    first = PetitionCase.objects.exclude(pk=existing.pk).earliest("pk")
    client.force_login(city.users.petition_office)
    page = client.get(first.get_absolute_url()).text
    assert "疑似重复" in page and existing.number in page
    # Every check is in the audit trail, with its outcome for the auditor.
    checks = AuditEvent.objects.filter(action="duplicate_check").order_by("pk")
    assert [e.user for e in checks] == [city.users.clerk] * 4
    assert [e.detail.endswith("疑似重复1件") for e in checks] == [
        True,
        False,
        False,
        False,
    ]
    assert ZHANG_ID not in "".join(e.detail for e in checks)


def test_the_petition_office_is_still_warned_by_name(client, city, existing):
    client.force_login(city.users.petition_office)
    response = try_id(client, city, ZHANG_ID, 0)
    assert response.status_code == 200
    assert existing.number in response.text and "疑似重复信访" in response.text
    assert AuditEvent.objects.filter(
        action="duplicate_check", user=city.users.petition_office
    ).exists()


@pytest.mark.parametrize("role", ["clerk", "petition_office"])
def test_duplicate_checks_are_rate_limited_per_user(
    client, city, existing, settings, role
):
    settings.PETITION_DUPLICATE_CHECKS = 3
    client.force_login(getattr(city.users, role))
    tries = candidates(ZHANG_ID, 5)[1:]  # none of them matches
    for n, candidate in enumerate(tries[:3]):
        assert try_id(client, city, candidate, n).redirect_chain
    before = PetitionCase.objects.count()
    response = try_id(client, city, tries[3], 3)
    assert response.status_code == 429
    assert "查重过于频繁" in response.text
    assert PetitionCase.objects.count() == before
    # The limit is the user's own: another user still registers.
    client.force_login(
        city.users.clerk if role != "clerk" else city.users.petition_office
    )
    assert try_id(client, city, tries[3], 3).redirect_chain
    assert AuditEvent.objects.filter(
        action="duplicate_check", detail__contains="超过"
    ).exists()
