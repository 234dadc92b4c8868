"""An export starts from a POST with its CSRF token: a link followed from
anywhere exports nothing and writes no audit row in the victim's name; a
large export with the broker down fails fast with a clear message."""

import re
import socket

import pytest
from django.test import Client
from django.urls import reverse

from ledgers.models import LedgerExport
from security.models import AuditEvent
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def csrf_client(city):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.users.petition_office)
    return client


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_followed_link_shows_what_would_be_exported_and_writes_nothing(
    csrf_client, register
):
    register()
    url = reverse("ledger_export", args=["petition_cases"])
    page = csrf_client.get(url, {"year": 2024})
    assert page.status_code == 200 and not page["Content-Type"].startswith(XLSX)
    assert "确认导出" in page.text and "共 1 行" in page.text
    assert f'action="{url}?year=2024"' in page.text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_post_without_the_csrf_token_is_refused(csrf_client, register):
    register()
    url = reverse("ledger_export", args=["petition_cases"])
    assert csrf_client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    token = _token(csrf_client.get(url).text)
    response = csrf_client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_the_list_pages_export_button_posts_the_lists_filters(csrf_client, register):
    register()
    page = csrf_client.get(reverse("petitions:case_list"), {"year": 2024}).text
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page)
    url = reverse("ledger_export", args=["petition_cases"])
    assert form.group(1) == f"{url}?year=2024" and "导出台账" in form.group(2)
    response = csrf_client.post(form.group(1), {"csrfmiddlewaretoken": _token(page)})
    assert response["Content-Type"] == XLSX


def test_the_audit_export_is_a_post_too(client, city):
    client.force_login(city.users.auditor)
    assert client.get(reverse("audit_export")).status_code == 405
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    response = client.post(reverse("audit_export"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down(monkeypatch):
    """The Celery app pointed at a Redis that does not answer, as in
    production with Redis stopped (not eager)."""
    from sixiaji.celery import app

    # Celery reads the broker from the environment before its settings.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    down = f"redis://127.0.0.1:{_closed_port()}/7"
    keys = ("task_always_eager", "broker_url", "broker_write_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}

    def reset():
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(
        task_always_eager=False,
        broker_url=down,
        broker_write_url=down,
        result_backend=down,
    )
    reset()
    yield
    app.conf.update(saved)
    reset()


@pytest.mark.django_db(transaction=True)
def test_a_large_export_with_the_broker_down_fails_fast_and_says_why(
    client, city, settings, broker_down
):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 1
    for _ in range(3):
        ActivityFactory(cadre=city.users.cadre.cadre)
    client.force_login(city.users.clerk)
    response = client.post(reverse("ledger_export", args=["activities"]))
    job = LedgerExport.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == LedgerExport.Status.FAILED
    assert "消息队列无法连接" in job.error and "重新导出" in job.error
    assert "消息队列无法连接" in client.get(job.get_absolute_url()).text


def test_an_export_is_found_by_the_auditors_search_by_user(client, city, register):
    register()
    client.force_login(city.users.clerk)
    client.post(reverse("ledger_export", args=["petition_cases"]))
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).username == "clerk"
    client.force_login(city.users.auditor)
    page = client.get(
        reverse("audit_trail"), {"kind": "events", "user": "clerk", "action": "导出"}
    )
    assert [row["action"] for row in page.context["rows"]] == ["导出"]
