"""An export job off the request, and one that stops: a running job whose
heartbeat (its progress time) is old is shown stopped, saying why, and can be
retried; a run of an attempt since retried writes nothing."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from ledgers.export import export_job_run
from ledgers.models import LedgerExport
from ledgers.tasks import export_ledger
from petitions.models import HotlineOrder
from sixiaji.celery import app
from tests.plugins.celery_worker import ROOT, _database_url


def _orders(unit, rows: int) -> None:
    start = timezone.make_aware(datetime(2024, 1, 1, 8, 0))
    HotlineOrder.objects.bulk_create(
        (
            HotlineOrder(
                number=f"T-{n:07d}",
                received_at=start + timedelta(minutes=7 * n),
                unit=unit,
                summary="路灯不亮，请尽快维修",
                resolved=True,
            )
            for n in range(rows)
        ),
        batch_size=5000,
    )


def _wait(job: LedgerExport, until, seconds: float = 120) -> LedgerExport:
    deadline = time.monotonic() + seconds
    job.refresh_from_db()
    while not until(job) and time.monotonic() < deadline:
        time.sleep(0.02)
        job.refresh_from_db()
    return job


def _job(city, **fields) -> LedgerExport:
    return LedgerExport.objects.create(
        kind="hotline_orders",
        title="永昌县12345工单台账",
        requested_by=city.users.clerk,
        **fields,
    )


@pytest.mark.embedded
@pytest.mark.django_db(transaction=True)
def test_the_embedded_export_request_returns_before_the_export_finishes(
    client, city, settings
):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 100
    _orders(city.chengguan, 20000)
    client.force_login(city.users.clerk)
    response = client.post(reverse("ledger_export", args=["hotline_orders"]))
    assert response.status_code == 302
    pk = resolve(response.url).kwargs["pk"]
    [export] = [t for t in threading.enumerate() if t.name.endswith(f"-{pk}")]
    # The request came back while its export runs. No database read until
    # the export ends: the test's in-memory SQLite locks whole tables between
    # connections ("database table is locked"), which a file database does
    # not.
    assert export.is_alive()
    export.join(timeout=120)
    assert not export.is_alive()
    job = LedgerExport.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.done, job.total) == ("done", 20000, 20000), job.error


@pytest.mark.embedded
@pytest.mark.django_db
def test_a_running_job_without_heartbeat_is_shown_stopped_and_retried(
    client, city, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_EXPORT_STALE_SECONDS = 60
    _orders(city.chengguan, 30)
    now = timezone.now()
    alive = _job(city, status="running", heartbeat_at=now - timedelta(seconds=50))
    gone = _job(city, status="running", heartbeat_at=now - timedelta(seconds=70))
    client.force_login(city.users.clerk)
    page = client.get(alive.get_absolute_url())
    assert "导出中" in page.text and "重新导出" not in page.text
    client.post(reverse("ledger_export_retry", args=[alive.pk]))
    alive.refresh_from_db()
    assert (alive.status, alive.attempt) == ("running", 0)  # not retried
    page = client.get(gone.get_absolute_url())
    assert "已中断" in page.text and "超过60秒没有进度" in page.text
    assert "重新导出" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_export_retry", args=[gone.pk]))
    gone.refresh_from_db()
    assert (gone.status, gone.done, gone.attempt, gone.error) == ("done", 30, 1, "")


@pytest.mark.django_db
def test_a_run_of_an_earlier_attempt_writes_nothing(city):
    _orders(city.chengguan, 3)
    job = _job(city, status="queued", attempt=1)
    export_job_run(job, attempt=0)  # its message redelivered after a retry
    job.refresh_from_db()
    assert (job.status, job.done, job.file.name) == ("queued", 0, "")
    export_job_run(job, attempt=1)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3) and job.file.name


@pytest.fixture
def doomed_worker(django_db_setup, tmp_path):
    """A Celery worker of its own queue, to be killed by the test."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "LEDGER_EXPORT_HEARTBEAT_SECONDS": "0",  # progress every 1,000 rows
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    name = f"doomed-{os.getpid()}@localhost"
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "sixiaji", "worker"),
            *("--pool=solo", "--without-gossip", "--without-mingle"),
            *("--without-heartbeat", f"--hostname={name}", "-Q", name),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[name], timeout=1):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"Celery 工作进程未能启动，见 {tmp_path / 'worker.log'}")
    yield worker, name
    if worker.poll() is None:
        worker.kill()
    worker.wait()
    log.close()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_the_job_stopped_and_retry_finishes_it(
    client, city, doomed_worker, celery_worker, default_data, settings
):
    worker, queue = doomed_worker
    settings.LEDGER_EXPORT_STALE_SECONDS = 1
    _orders(city.chengguan, 50000)
    job = _job(city)
    export_ledger.apply_async((job.pk, job.attempt), queue=queue)
    job = _wait(job, lambda job: job.done > 0 or not job.is_pending)
    assert job.status == "running" and 0 < job.done < 50000, job.error
    os.kill(worker.pid, signal.SIGKILL)  # mid-export
    worker.wait()
    time.sleep(1.5)
    client.force_login(city.users.clerk)
    page = client.get(job.get_absolute_url())
    assert "已中断" in page.text and "没有进度" in page.text, page.text
    client.post(reverse("ledger_export_retry", args=[job.pk]))  # to the real worker
    job = _wait(job, lambda job: job.status in ("done", "failed", "stopped"))
    assert (job.status, job.done, job.attempt) == ("done", 50000, 1), job.error
