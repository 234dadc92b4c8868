"""What one request of a page costs: Python CPU time and SQL time, with the
production settings (DEBUG off), through Django's test client.

Run by hand on a database holding the scale city (`seed_scale`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/request_cost.py

For each page, `--requests` requests after a warm-up: the CPU time of this
process per request (median and best; the load of a shared machine disturbs
it less than wall time), the time spent waiting for SQL statements (wall
time, so the load inflates it), the statements, and PostgreSQL's own time
for the request's statements: each SELECT run again under `EXPLAIN ANALYZE`,
planning plus execution, best of 5 (the server's share, steady under load).
The city dashboard is measured too, as the reference the lists are held to.
"""

import argparse
import os
import secrets
import statistics
import time

from common import need_scale_city, setup


class _SqlTimer:
    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def server_ms(sqls: list[str]) -> float | None:
    """PostgreSQL's planning and execution time of these statements."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    total = 0.0
    with connection.cursor() as cursor:
        for sql in sqls:
            if not sql.startswith("SELECT"):
                continue
            best = None
            for _ in range(5):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                ms = plan["Planning Time"] + plan["Execution Time"]
                best = ms if best is None else min(best, ms)
            total += best
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40, help="per page")
    args = parser.parse_args()
    os.environ.update(
        DEBUG="off",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
    )
    setup()
    need_scale_city()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from org.models import User

    year = timezone.localdate().year - 1
    pages = [
        ("city dashboard", "scale_city", "/reports/dashboard/"),
        ("activity list (city leader)", "scale_city", "/activities/"),
        (
            "activity list, onsite, last year",
            "scale_city",
            f"/activities/?pillar=onsite&year={year}",
        ),
        (
            "activity list, lectures, last year",
            "scale_city",
            f"/activities/?kind=lecture&year={year}",
        ),
        ("activity list, page 7", "scale_city", "/activities/?page=7"),
        ("activity list (county clerk)", "scale_clerk", "/activities/"),
    ]
    print(f"load average before: {os.getloadavg()}", flush=True)
    print(
        f"{'page':<36} {'CPU ms median / best':>21} {'SQL wait ms':>12} "
        f"{'PostgreSQL ms':>14} {'statements':>10} {'KB':>5}"
    )
    for label, username, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(3):  # templates, URL resolver, session, cache
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
        cpu, sql = [], []
        for _ in range(args.requests):
            timer = _SqlTimer()
            with connection.execute_wrapper(timer):
                started = time.process_time()
                response = client.get(url, secure=True)
                cpu.append(time.process_time() - started)
            sql.append(timer.seconds)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=True)
        markers = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
        statements = [
            q["sql"]
            for q in queries.captured_queries
            if not q["sql"].startswith(markers)
        ]
        server = server_ms(statements)
        print(
            f"{label:<36} {statistics.median(cpu) * 1000:10.1f} / "
            f"{min(cpu) * 1000:6.1f}  {statistics.median(sql) * 1000:11.1f}  "
            + (f"{server:13.1f}" if server is not None else f"{'–':>13}")
            + f"  {len(statements):10d} {len(response.content) // 1024:5d}",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
