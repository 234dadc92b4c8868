"""Settings from the environment: the embedded default and production."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "sixiaji.example.gov.cn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sixiaji",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL,"
    " 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}))"
)


def run(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "REDIS_URL",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE="sixiaji.settings", **extra_env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_embedded_default_is_sqlite_eager_and_chinese():
    result = run(["-c", PRINT_SETTINGS], {})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "debug": True,
        "lang": "zh-hans",
        "tz": "Asia/Shanghai",
    }


def test_production_environment_uses_postgres_and_a_real_broker():
    result = run(["-c", PRINT_SETTINGS], PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/0"
    assert values["debug"] is False


def test_check_deploy_has_no_warnings_in_production():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
