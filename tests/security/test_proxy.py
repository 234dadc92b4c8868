"""The client address behind the HTTPS reverse proxy: one address for the
lockout (django-axes), the audit events and the data-change trail
(django-auditlog), taken from X-Forwarded-For only as far as the configured
number of trusted proxies reaches; lockout per account and address."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.urls import reverse

from research.models import ResearchPlan
from security.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.254"  # the reverse proxy, as the application sees it
CLIENT = "203.0.113.7"
OTHER_CLIENT = "203.0.113.8"


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def via_proxy(client_address: str, forged: str = "") -> dict:
    """The request as the proxy forwards it: the proxy appends the address it
    saw to whatever X-Forwarded-For the client sent."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def login(client, username, password, **meta):
    return client.post(
        reverse("login"), {"username": username, "password": password}, **meta
    )


def create_plan(client, city, **meta):
    return client.post(
        reverse("research:plan_create"),
        {
            "unit": city.yongchang.pk,
            "year": 2024,
            "submitted_on": "2024-02-20",
            "content": "围绕乡村振兴开展调研",
        },
        **meta,
    )


def attempts() -> set:
    return set(AccessAttempt.objects.values_list("ip_address", flat=True))


def recorded_addresses(axes: set) -> dict[str, set]:
    return {
        "axes": axes,
        "audit": set(
            AuditEvent.objects.exclude(address=None).values_list("address", flat=True)
        ),
        "auditlog": set(
            LogEntry.objects.filter(
                content_type__model=ResearchPlan._meta.model_name
            ).values_list("remote_addr", flat=True)
        ),
    }


@pytest.mark.parametrize("forged", ["", "6.6.6.6", "6.6.6.6, 7.7.7.7"])
def test_behind_one_trusted_proxy_all_trails_record_the_client(
    client, city, one_proxy, forged
):
    """The right-most X-Forwarded-For entry is the one the proxy wrote; entries
    left of it came from the client and are not believed."""
    meta = via_proxy(CLIENT, forged)
    assert login(client, "clerk", "wrong", **meta).status_code == 200
    axes = attempts()  # a success clears them (AXES_RESET_ON_SUCCESS)
    assert login(client, "clerk", PASSWORD, **meta).status_code == 302
    assert create_plan(client, city, **meta).status_code == 302
    client.post(reverse("logout"), **meta)
    assert recorded_addresses(axes) == {
        "axes": {CLIENT},
        "audit": {CLIENT},
        "auditlog": {CLIENT},
    }
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"login_failed", "login", "logout"} <= actions


def test_without_a_trusted_proxy_the_header_is_ignored(client, city, settings):
    """TRUSTED_PROXY_COUNT = 0 (the default): the peer address is the client,
    whatever X-Forwarded-For says."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    meta = {"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "6.6.6.6"}
    login(client, "clerk", "wrong", **meta)
    axes = attempts()
    login(client, "clerk", PASSWORD, **meta)
    create_plan(client, city, **meta)
    assert recorded_addresses(axes) == {
        "axes": {CLIENT},
        "audit": {CLIENT},
        "auditlog": {CLIENT},
    }


def test_two_trusted_proxies_take_the_second_entry_from_the_right(
    client, city, settings
):
    settings.TRUSTED_PROXY_COUNT = 2
    login(
        client,
        "clerk",
        "wrong",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT}, 10.0.0.1",
    )
    # A request that did not pass both proxies: its header is not believed.
    login(
        client,
        "cadre",
        "wrong",
        REMOTE_ADDR=OTHER_CLIENT,
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert attempts() == {CLIENT, OTHER_CLIENT}
    assert recorded_addresses(set())["audit"] == {CLIENT, OTHER_CLIENT}


def test_made_up_names_from_one_client_lock_nobody_else(client, city, one_proxy):
    """Five failures with made-up names through the proxy: the site stays
    open for everybody else behind the same proxy."""
    for n in range(6):
        login(client, f"nobody{n}", "wrong", **via_proxy(CLIENT))
    assert (
        login(client, "cadre", PASSWORD, **via_proxy(OTHER_CLIENT)).status_code == 302
    )


def test_lockout_is_per_account_and_address_and_forged_entries_do_not_escape_it(
    client, city, one_proxy
):
    for n in range(5):
        # A new forged left entry each time: still the same client.
        response = login(client, "clerk", "wrong", **via_proxy(CLIENT, f"1.1.1.{n}"))
    assert response.status_code == 429
    assert (
        login(client, "clerk", PASSWORD, **via_proxy(CLIENT, "9.9.9.9")).status_code
        == 429
    )
    assert AuditEvent.objects.filter(action="lockout", address=CLIENT).exists()
    # The same account from another client, and another account from this one.
    assert (
        login(client, "clerk", PASSWORD, **via_proxy(OTHER_CLIENT)).status_code == 302
    )
    client.logout()
    assert login(client, "cadre", PASSWORD, **via_proxy(CLIENT)).status_code == 302
