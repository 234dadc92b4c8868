"""Faults survived, with real processes: a private Redis (port 6390, started
and stopped by the test; the shared one on 6379 is left alone), a Celery
worker, gunicorn serving the app, and PostgreSQL.

- Redis stops mid-run: pages still work, a report request says it is queued
  (never a 500), and the report is made once Redis is back.
- A worker process is killed in the middle of a report job: the job is
  delivered again and finishes.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from reports.models import Report
from tests.plugins.celery_worker import _database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 6390
WEB_PORT = 8391
BROKER = f"redis://127.0.0.1:{REDIS_PORT}/0"


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"等待超时：{what}")


class PrivateRedis:
    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, 10, "Redis 6390 启动")

    def ping(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"],
            capture_output=True,
            text=True,
        )
        return result.stdout.strip() == "PONG"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis6390():
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


def service_env() -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": BROKER,
        "PYTHONUNBUFFERED": "1",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def start(args: list[str], log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env=service_env(), stdout=out, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "sixiaji", *args]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker(redis6390, media, tmp_path):
    """A prefork worker with one child process on the private broker."""
    log = tmp_path / "worker.log"
    process = start(
        celery(
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname=fault-test@%h",
            "--loglevel=INFO",
        ),
        log,
    )
    wait_for(lambda: "ready" in log.read_text(), 60, f"Celery 工作进程启动，见 {log}")
    process.log = log
    yield process
    stop(process)


@pytest.fixture
def web(redis6390, media, tmp_path):
    log = tmp_path / "web.log"
    process = start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sixiaji.wsgi:application",
            "--bind",
            f"127.0.0.1:{WEB_PORT}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        log,
    )

    def up():
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/login/").status
        except OSError:
            return None

    wait_for(up, 30, f"gunicorn 启动，见 {log}")
    process.log = log
    yield process
    stop(process)


class Session:
    """An HTTP client of the live server, logged in through a stored session."""

    def __init__(self, client, user):
        client.force_login(user)
        self.csrf = secrets.token_hex(16)  # a 32-character unmasked secret
        self.cookie = (
            f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"
        )

    def request(self, path: str, data: dict | None = None):
        body = None
        if data is not None:
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": self.csrf}, doseq=True
            ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{WEB_PORT}{path}",
            data=body,
            headers={"Cookie": self.cookie},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return (
                    response.status,
                    response.url,
                    response.read().decode(errors="replace"),
                )
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode(errors="replace")


def test_pages_work_and_reports_wait_while_redis_is_down(
    client, city, default_data, redis6390, worker, web
):
    session = Session(client, city.users.clerk)
    assert session.request("/")[0] == 200
    redis6390.stop()
    for path in (
        "/",
        "/activities/",
        "/petitions/",
        "/research/topics/",
        "/reports/reports/",
        "/reports/dashboard/",
        "/org/ledgers/activities/export/",
    ):
        status, _, _ = session.request(path)
        assert status == 200, path
    started = time.monotonic()
    status, url, page = session.request(
        "/reports/reports/",
        {"unit": city.yongchang.pk, "year": 2024, "period": "q4"},
    )
    assert status == 200, page[page.find('<pre class="exception_value">') :][:800]
    assert time.monotonic() - started < 15
    report = Report.objects.get()
    assert url.endswith(f"/reports/reports/{report.pk}/")
    assert report.status == Report.Status.QUEUED
    assert "消息队列暂不可用：报告已排队" in page
    # Redis is back; beat's minute sweep sends the waiting report.
    redis6390.start()
    wait_for(
        lambda: (
            subprocess.run(
                celery("call", "reports.tasks.requeue_waiting"),
                cwd=ROOT,
                env=service_env(),
                capture_output=True,
            ).returncode
            == 0
        ),
        60,
        "发送补发任务",
    )
    done = wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=Report.Status.DONE).first(),
        120,
        f"报告在 Redis 恢复后生成，见 {worker.log}",
    )
    assert done.pdf and done.error == ""
    assert (
        "消息队列暂不可用" not in session.request(f"/reports/reports/{report.pk}/")[2]
    )


def _children(pid: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in result.stdout.split()]


def test_a_worker_killed_mid_job_leaves_the_report_retried_and_finished(
    city, default_data, redis6390, worker
):
    report = Report.objects.create(unit=city.yongchang, year=2024, quarter=4)
    db = settings.DATABASES["default"]
    # Hold the report's row: the job starts and then waits on its first write.
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    ) as holder:
        holder.execute(
            "SELECT id FROM reports_report WHERE id = %s FOR UPDATE", [report.pk]
        )
        subprocess.run(
            celery("call", "reports.tasks.generate_report", "--args", f"[{report.pk}]"),
            cwd=ROOT,
            env=service_env(),
            check=True,
            capture_output=True,
        )
        with psycopg.connect(
            host=db["HOST"],
            port=db["PORT"],
            user=db["USER"],
            dbname=db["NAME"],
            autocommit=True,
        ) as watcher:

            def job_waiting():
                return watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
                    " 'Lock' AND query ILIKE %s",
                    ["%reports_report%"],
                ).fetchone()[0]

            wait_for(job_waiting, 60, f"报告任务开始，见 {worker.log}")
        children = _children(worker.pid)
        assert len(children) == 1
        os.kill(children[0], signal.SIGKILL)
        wait_for(
            lambda: _children(worker.pid) and _children(worker.pid) != children,
            30,
            "新的子进程",
        )
        holder.rollback()  # let the job's writes through
    done = wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=Report.Status.DONE).first(),
        120,
        f"报告重新执行并完成，见 {worker.log}",
    )
    assert done.pdf and done.docx and done.progress == 100
    log = worker.log.read_text()
    assert "SIGKILL" in log or "WorkerLostError" in log
    assert log.count("Task reports.tasks.generate_report[") >= 2
