"""A real Celery worker, started by the test run, on the real Redis broker.

The worker is a separate process (`celery worker`) pointed at the test
database, so tasks run exactly as in production. The test process itself is
configured with the same broker through CELERY_BROKER_URL (scripts/test.sh).
Tests that use the worker need committed data: mark them
`django_db(transaction=True)` and `services`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from sixiaji.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Celery 工作进程测试需要 PostgreSQL：请设置 DATABASE_URL")
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory):

    if app.conf.task_always_eager:
        pytest.fail("Celery 工作进程测试需要真实的消息代理：请设置 CELERY_BROKER_URL")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    app.control.purge()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sixiaji",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname=sixiaji-test@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=1):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"Celery 工作进程未能启动，见 {log_path}")
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
