"""Throughput of the city dashboard and the activity list under concurrent
clients, through gunicorn on this machine.

Run by hand on a database holding the scale city (`seed_scale`), with Redis
(the cache every gunicorn worker shares):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/load.py

Starts gunicorn (`--workers`, production settings: DEBUG off) on a local
port, signs the scale logins in, warms each page up, then runs `--clients`
keep-alive HTTP clients against each page for at most `--seconds` seconds and
`--requests` requests, and prints requests per second, the median and the
95th percentile. Only 127.0.0.1 is ever addressed; gunicorn is stopped at the
end. The load average is printed before and after (the machine is shared).
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time

from common import ROOT, need_scale_city, setup

HOST = "127.0.0.1"


def server_env(port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="off",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(48),
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
    )
    if not env.get("REDIS_URL"):
        sys.exit("REDIS_URL is needed: the gunicorn workers share the cache.")
    return env


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from org.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/login/", headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not start")


def run(port, path, cookie, *, clients, seconds, budget):
    """`clients` threads, each a keep-alive connection, until the time or the
    request budget is spent. Returns (latencies in s, errors, wall seconds)."""
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
    latencies, errors, lock = [], [], threading.Lock()
    left = [budget]
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors.append(response.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20, help="per page, at most")
    parser.add_argument("--requests", type=int, default=1000, help="per page, at most")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    env = server_env(args.port)
    os.environ.update(env)
    setup()
    need_scale_city()
    from django.utils import timezone

    year = timezone.localdate().year - 1
    pages = [
        ("city dashboard", "scale_city", "/reports/dashboard/"),
        ("activity list", "scale_city", "/activities/"),
        (
            "activity list, onsite",
            "scale_city",
            f"/activities/?pillar=onsite&year={year}",
        ),
    ]
    cookies = {user: session_cookie(user) for _, user, _ in pages}
    print(f"load average before: {os.getloadavg()}", flush=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "sixiaji.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{args.port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(args.port)
        print(
            f"gunicorn {args.workers} workers, {args.clients} clients, "
            f"at most {args.seconds:.0f} s / {args.requests} requests per page",
            flush=True,
        )
        for label, user, path in pages:
            run(
                args.port,
                path,
                cookies[user],
                clients=args.workers,
                seconds=5,
                budget=4,
            )
            latencies, errors, wall = run(
                args.port,
                path,
                cookies[user],
                clients=args.clients,
                seconds=args.seconds,
                budget=args.requests,
            )
            latencies.sort()
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(
                f"{label:<24} {len(latencies):5d} requests in {wall:5.1f} s  "
                f"{len(latencies) / wall:6.1f} req/s  "
                f"median {statistics.median(latencies) * 1000:6.0f} ms  "
                f"p95 {p95 * 1000:6.0f} ms  errors {len(errors)}"
                + (f" {sorted(set(errors))}" if errors else ""),
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
