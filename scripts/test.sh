#!/usr/bin/env bash
# The whole test suite: first on PostgreSQL with a real Redis, Celery worker and
# headless Chromium; then again on the embedded default (SQLite, eager Celery,
# no Redis) so that the default cannot rot. Each pass ends with its 25 slowest
# steps (setup, call, teardown), so a test that grows slow is seen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sixiaji}"
export CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}"
export REDIS_URL="$CELERY_BROKER_URL"
echo "== PostgreSQL + Redis + Celery worker + Chromium =="
.venv/bin/pytest -m "not embedded" --durations=25 "$@"
echo "== Embedded default: SQLite, eager Celery =="
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL \
  .venv/bin/pytest -m "not services and not browser" --durations=25 "$@"
