"""The one way the benches measure: wall time, SQL queries and peak memory.

Time is the best of `repeat` runs without tracing (tracemalloc slows Python
down); the queries are those of the first timed run, counted by an execute
wrapper (no SQL logging; the client's own session and auth queries count too,
transaction BEGIN/COMMIT markers do not); peak memory comes from
one more run under `tracemalloc` (Python allocations: the rows, the cells,
the workbook, not the database server or C libraries' own buffers).
"""

import os
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MiB = 2**20


def setup() -> None:
    """Make the project importable and start Django (DATABASE_URL decides the
    database)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sixiaji.settings")
    import django
    from django.conf import settings

    # Two databases measured against one Redis (the growth runs) must not
    # share the cache's counters and tables: keys are prefixed by database.
    for config in settings.CACHES.values():
        config.setdefault("KEY_PREFIX", settings.DATABASES["default"]["NAME"])
    django.setup()


@dataclass
class Figure:
    label: str
    seconds: float
    queries: int | None = None
    peak: int | None = None  # bytes

    def __str__(self) -> str:
        parts = [f"{self.label:<52} {self.seconds * 1000:9.0f} ms"]
        if self.queries is not None:
            parts.append(f"{self.queries:6d} queries")
        if self.peak is not None:
            parts.append(f"peak {self.peak / MiB:7.1f} MiB")
        return "  ".join(parts)


class _QueryCounter:
    """Counts the SQL statements run through the connection, without logging
    them (Django's debug cursor would slow a many-query run down)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(label: str, func, *, repeat: int = 1, memory: bool = False):
    """Run `func` and return (its result, a Figure); prints the figure."""
    from django.db import connection

    best, result, queries = None, None, None
    for run in range(repeat):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = func()
            seconds = time.perf_counter() - started
        if run == 0:
            queries = counter.count
        best = seconds if best is None else min(best, seconds)
    peak = None
    if memory:
        tracemalloc.start()
        func()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    figure = Figure(label, best, queries, peak)
    print(figure, flush=True)
    return result, figure


def ratio(label: str, ours: Figure, baseline: Figure) -> None:
    """How many times faster (and smaller) ours is than the baseline."""
    line = f"{label:<52} {baseline.seconds / ours.seconds:8.1f} × faster"
    if ours.queries and baseline.queries is not None:
        line += f"  {baseline.queries / ours.queries:8.1f} × fewer queries"
    if ours.peak and baseline.peak:
        line += f"  {baseline.peak / ours.peak:6.1f} × less memory"
    print(line, flush=True)


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def need_scale_city() -> None:
    """Stop with a clear message unless `seed_scale` has been run here."""
    from demo.scale import CITY_CODE
    from org.models import OrgUnit

    if not OrgUnit.objects.filter(code=CITY_CODE).exists():
        sys.exit(
            "No scale city in this database: run "
            "`python manage.py migrate && python manage.py seed_scale` first."
        )


# --- growth from a small to a large city, in one run -------------------------

GROWTH_MARK = "PAGE-TIMES "


def page_times(pages, repeat: int) -> None:
    """Child side of `growth`: for each (label, username, url[, before]) page
    through the test client, the best-of-`repeat` wall time and the best
    CPU time of this process (Python's share of the request, which the load
    of a shared machine disturbs less), printed as one JSON line;
    `before()`, when given, runs before each timed request."""
    import json

    from django.conf import settings
    from django.test import Client

    from org.models import User

    settings.ALLOWED_HOSTS = ["*"]
    times = {}
    for label, username, url, *before in pages:
        before = before[0] if before else None
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm: templates, URL resolver, the session
        wall = cpu = None
        for _ in range(repeat):
            if before:
                before()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            assert response.status_code == 200, (url, response.status_code)
            wall = seconds if wall is None else min(wall, seconds)
            cpu = cpu_seconds if cpu is None else min(cpu, cpu_seconds)
        times[label] = [wall, cpu, len(response.content)]
    print(GROWTH_MARK + json.dumps(times), flush=True)


def growth(script: str, small_url: str, repeat: int, limit: float = 1.5) -> None:
    """Run `script --page-times` on the small city's database and on this one
    (DATABASE_URL), one after the other, and print each page's time in both
    and the ratio large / small."""
    import json
    import subprocess

    runs = []
    for url in (small_url, os.environ["DATABASE_URL"]):
        out = subprocess.run(
            [sys.executable, script, "--page-times", "--repeat", str(repeat)],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = [x for x in out.splitlines() if x.startswith(GROWTH_MARK)][-1]
        runs.append(json.loads(line[len(GROWTH_MARK) :]))
    small, large = runs
    print(
        f"growth, small city → this city (target ≤ {limit}×), best of {repeat}: "
        "wall time, Python CPU time, HTML size"
    )
    for label in small:
        (wall_s, cpu_s, size_s), (wall_l, cpu_l, size_l) = small[label], large[label]
        ratio = wall_l / wall_s
        print(
            f"  {label:<48} {wall_s * 1000:6.0f} → {wall_l * 1000:6.0f} ms"
            f"  {ratio:5.2f}× {'ok' if ratio <= limit else 'OVER'}"
            f"  CPU {cpu_s * 1000:5.0f} → {cpu_l * 1000:5.0f} ms {cpu_l / cpu_s:5.2f}×"
            f"  {size_s / 1024:5.0f} → {size_l / 1024:5.0f} KB",
            flush=True,
        )
