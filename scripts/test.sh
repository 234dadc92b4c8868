#!/usr/bin/env bash
# The whole test suite, in two passes: on PostgreSQL with a real Redis, Celery
# worker and headless Chromium; and on the embedded default (SQLite, eager
# Celery, no Redis) so that the default cannot rot. The embedded pass runs
# alongside the PostgreSQL one (the PostgreSQL pass spends much of its time
# waiting on the database server, the browser and the worker) and its output
# is shown after it. Each pass ends with its 25 slowest steps (setup, call,
# teardown), so a test that grows slow is seen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
scratch="$(mktemp -d)"
embedded=""
finish() {
  if [ -n "$embedded" ]; then kill "$embedded" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap finish EXIT
trap 'exit 130' INT TERM
mkdir "$scratch/media-embedded" "$scratch/media-postgresql"

env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL \
  MEDIA_ROOT="$scratch/media-embedded" \
  .venv/bin/pytest -m "not services and not browser" --durations=25 "$@" \
  >"$scratch/embedded.log" 2>&1 &
embedded=$!

echo "== PostgreSQL + Redis + Celery worker + Chromium =="
postgresql_status=0
DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sixiaji}" \
  CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}" \
  REDIS_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}" \
  MEDIA_ROOT="$scratch/media-postgresql" \
  .venv/bin/pytest -m "not embedded" --durations=25 "$@" || postgresql_status=$?

echo "== Embedded default: SQLite, eager Celery =="
embedded_status=0
wait "$embedded" || embedded_status=$?
embedded=""
cat "$scratch/embedded.log"

if [ "$postgresql_status" -ne 0 ] || [ "$embedded_status" -ne 0 ]; then
  echo "失败：PostgreSQL 一轮退出码 $postgresql_status，嵌入式一轮退出码 $embedded_status" >&2
  exit 1
fi
