"""`make bench`: the large demo on PostgreSQL, served by gunicorn, driven by wrk.

Short by default (a development run on a shared machine); the real run takes the
issue's figures:

    make bench                                            # 3 s per URL, 8 connections
    BENCH_DURATION=10 BENCH_CONNECTIONS=32 BENCH_CATALOGUE=1 make bench   # the real run

Settings (environment, or the flags of `python bench/run.py --help`):
BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/hw_bench), BENCH_CACHE_URL
(redis://127.0.0.1:6379/7), BENCH_PORT (8601), BENCH_WORKERS (2 gunicorn workers),
BENCH_DURATION (s per URL), BENCH_CONNECTIONS, BENCH_THREADS (wrk threads, 2),
BENCH_SKIP_LOAD=1 (reuse the loaded data), BENCH_CATALOGUE=1 (also time the
20,000-talk catalogue load into <database>_catalogue and search on it).
"""

import argparse
import datetime as dt
import os
import re
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.editor import measure_editor_writes  # noqa: E402 - after sys.path
from bench.report import Row, machine_info, render_report  # noqa: E402 - after sys.path
from bench.server import (  # noqa: E402
    Gunicorn,
    fetch,
    manage,
    rss_mb,
    sequential_latency,
    wrk,
)

SETTLE_SECONDS = 2
# Search results are stored like pages: each query is asked once, so each is a real search.
SEARCH_QUERIES = [
    *("python", "data", "async", "testing", "django", "security", "web", "maps"),
    *(f"{a} {b}" for a in ("python", "data", "web", "async") for b in ("testing", "security")),
    *("machine learning", '"data pipelines"', "python -django", "tutorial", "keynote"),
    *(f"speaker {n:05d}" for n in range(0, 10_000, 500)),
    *(f"org {n:03d}" for n in range(0, 500, 25)),
]
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop"  # noqa: S105


def options() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=env("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hw_bench"),
    )
    parser.add_argument("--cache-url", default=env("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", "8601")))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", "2")))
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", "3")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "8")))
    parser.add_argument("--threads", type=int, default=int(env("BENCH_THREADS", "2")))
    parser.add_argument("--skip-load", action="store_true", default=env("BENCH_SKIP_LOAD") == "1")
    parser.add_argument("--catalogue", action="store_true", default=env("BENCH_CATALOGUE") == "1")
    parser.add_argument("--only", help="measure only URLs whose name contains this text")
    return parser.parse_args()


def bench_env(database_url: str, cache_url: str) -> dict[str, str]:
    """Production settings, plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "LOG_LEVEL": "ERROR",
        "DEBUG_TOOLBAR": "0",
        # One load generator on one address: the per-address API throttle would answer 429.
        "API_THROTTLE_ANON": "100000000/hour",
    }


def ensure_database(url: str, *, fresh: bool = False) -> None:
    """Create the bench's own database; ``fresh`` drops it first, so load times are for
    an empty database, not for replacing an earlier run's rows (which cascades)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')  # name from our own setting


def load(env: dict[str, str], notes: list[str]) -> dict[str, Any]:
    timings: dict[str, Any] = {}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddemo", env=env)
    large = manage("loaddemo", "--size", "large", env=env)
    timings["loaddemo --size large (1,000 talks, 60 rooms)"] = large
    manage("collectstatic", "--noinput", "-v0", env=env)
    return timings


def measure_in_process(urls: list[Any], notes: list[str]) -> tuple[list[Row], list[Any]]:
    """Pick each URL's working path; queries per request (cold, warm), sizes, EXPLAIN."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.explain import selective_seq_scans, table_sizes

    client = Client(HTTP_HOST="127.0.0.1")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        sizes = table_sizes(cursor)
    rows, scans = [], []
    for url in urls:
        chosen = None
        for path in url.candidates:
            response = client.get(path)
            if response.status_code == 200:
                chosen = path
                break
            notes.append(f"{url.name}: {path} answered {response.status_code}")
        if chosen is None:
            notes.append(f"{url.name}: skipped, no address answered 200")
            continue
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(chosen)
        # captured_queries reads the connection's log lazily: copy it before the next request.
        cold_queries = list(cold.captured_queries)
        body = b"".join(response) if response.streaming else response.content
        with CaptureQueriesContext(connection) as warm:
            client.get(chosen)
        warm_count = len(warm.captured_queries)
        gzipped = client.get(chosen, HTTP_ACCEPT_ENCODING="gzip")
        gz_body = b"".join(gzipped) if gzipped.streaming else gzipped.content
        with connection.cursor() as cursor:
            for query in cold_queries:
                scans.extend(
                    (url.name, s) for s in selective_seq_scans(cursor, query["sql"], sizes)
                )
        rows.append(
            Row(
                name=url.name,
                path=chosen,
                target=url.target,
                rotation=url.rotation,
                queries_cold=len(cold_queries),
                queries_warm=warm_count,
                bytes=len(body),
                gzip_bytes=len(gz_body),
            )
        )
    return rows, scans


def measure_cold(rows: list[Row], *, port: int, env: dict[str, str]) -> None:
    """First request of a page in a fresh gunicorn worker, with an empty cache, per URL.

    The worker first answers one /healthz, so Django's import and app loading (the same
    for every URL) are not counted; the page's first database connection, template
    compilation and rendering are. The minimal view's row shows that first /healthz.
    """
    from django.core.cache import cache

    for row in rows:
        if row.rotation:
            continue  # the same kind of page as a single row: its first render is that one's
        cache.clear()
        server = Gunicorn(port=port, workers=1, env=env)
        try:
            first = fetch(server.base + "/healthz").seconds * 1000
            row.cold_ms = (
                first if row.path == "/healthz" else fetch(server.base + row.path).seconds * 1000
            )
        finally:
            server.stop()


def measure_warm(rows: list[Row], args: argparse.Namespace, env: dict[str, str]) -> list[float]:
    from django.core.cache import cache

    cache.clear()
    server = Gunicorn(port=args.port, workers=args.workers, env=env)
    load = {"duration": args.duration, "connections": args.connections, "threads": args.threads}
    try:
        for row in rows:
            url = server.base + row.path
            if row.path != "/healthz":
                # The minimal view again, right before: the ratio compares like with like
                # on a machine whose load from other work changes from minute to minute.
                row.ceiling_rps = wrk(server.base + "/healthz", **load).requests_per_second
                time.sleep(SETTLE_SECONDS)
            paths = row.rotation or (row.path,)
            for path in paths:
                fetch(server.base + path)  # fills the cache: what follows is warm
            row.warm_ms = statistics.median(
                fetch(server.base + paths[n % len(paths)]).seconds * 1000 for n in range(5)
            )
            result = wrk(url, **load, rotation=row.rotation)
            # Let the workers drain what wrk left queued before the next measurement.
            time.sleep(SETTLE_SECONDS)
            row.rps, row.p50_ms, row.p99_ms, row.errors = (
                result.requests_per_second,
                result.p50_ms,
                result.p99_ms,
                result.errors,
            )
            print(f"  {row.name}: {row.rps:,.0f} req/s, p99 {row.p99_ms:.1f} ms", flush=True)
        return [m for pid in server.worker_pids() if (m := rss_mb(pid)) is not None]
    finally:
        server.stop()


def measure_uncached(rows: list[Row], *, port: int, env: dict[str, str]) -> None:
    """The render path alone: the page cache off (every request renders), one worker,
    the median of 5 single requests after a first one."""
    server = Gunicorn(port=port, workers=1, env={**env, "PAGE_CACHE_TRUST_INVALIDATION": "0"})
    try:
        for row in rows:
            paths = row.rotation or (row.path,)
            fetch(server.base + paths[-1])
            row.uncached_ms = statistics.median(
                fetch(server.base + paths[n % len(paths)]).seconds * 1000 for n in range(5)
            )
    finally:
        server.stop()


def _as_another_conference(frab_xml: bytes) -> bytes:
    """The export with new event guids: a talk's guid is unique across the site, so the
    import stands for another conference's 1,000-event file, not a copy of this one."""
    return re.sub(
        rb'(<event\b[^>]*\bguid=")[^"]*(")',
        lambda m: m.group(1) + str(uuid.uuid4()).encode() + m.group(2),
        frab_xml,
    )


def measure_imports(
    rows: list[Row], args: argparse.Namespace, env: dict[str, str], notes: list[str]
) -> dict[str, Any]:
    timings: dict[str, Any] = {}
    frab = next((r for r in rows if r.name == "frab XML"), None)
    if frab is None:
        notes.append("frab import: skipped, no frab XML export to import from")
    else:
        server = Gunicorn(port=args.port, workers=1, env=env)
        try:
            body = fetch(server.base + frab.path).body
        finally:
            server.stop()
        path = ROOT / "bench" / "tmp" / "frab-large.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(_as_another_conference(body))
        slug = "bench-frab-import"
        result = manage("import_schedule", str(path), "--conference", slug, env=env, check=False)
        timings["import_schedule (frab XML, 1,000 events)"] = result
        if result.returncode != 0:
            notes.append(f"frab import failed: {result.output.strip().splitlines()[-1:]}")
        cleanup = (
            "from conference.models import Conference; "
            f"Conference.objects.filter(slug={slug!r}).delete()"
        )
        manage("shell", "-c", cleanup, env=env, check=False)
    if args.catalogue:
        catalogue_url = args.database_url.split("?")[0] + "_catalogue"
        ensure_database(catalogue_url, fresh=True)
        catalogue_env = {**env, "DATABASE_URL": catalogue_url}
        manage("migrate", "--noinput", "-v0", env=catalogue_env)
        timings["loaddemo --size catalogue (20,000 talks, 500 conferences)"] = manage(
            "loaddemo", "--size", "catalogue", env=catalogue_env
        )
        search = next((r for r in rows if r.name == "search"), None)
        if search is None:
            notes.append("search on the catalogue: skipped, the search page did not answer")
        else:
            server = Gunicorn(port=args.port, workers=args.workers, env=catalogue_env)
            try:
                fetch(server.base + search.path)  # the worker's first request
                timings[f"search on the catalogue ({len(SEARCH_QUERIES)} different queries)"] = (
                    sequential_latency(
                        [f"{server.base}/search/?q={quote_plus(q)}" for q in SEARCH_QUERIES]
                    )
                )
            finally:
                server.stop()
    else:
        notes.append("catalogue load and search on it: skipped (set BENCH_CATALOGUE=1)")
    return timings


def main() -> None:
    args = options()
    env = bench_env(args.database_url, args.cache_url)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    notes: list[str] = []
    started = dt.datetime.now(dt.UTC)
    print(f"--- database {args.database_url}", flush=True)
    ensure_database(args.database_url, fresh=not args.skip_load)
    timings = {} if args.skip_load else load(env, notes)

    import django

    django.setup()
    from bench.urls import bench_urls

    urls = [
        u
        for u in bench_urls()
        if not args.only or args.only in u.name or u.name.startswith("minimal")
    ]
    print("--- queries per request, sizes, EXPLAIN (in process)", flush=True)
    rows, scans = measure_in_process(urls, notes)
    print("--- schedule editor: server time per write (in process)", flush=True)
    measure_editor_writes(notes)
    print("--- cold: first request after a server start, empty cache", flush=True)
    measure_cold(rows, port=args.port, env=env)
    print("--- cache off: the render path alone", flush=True)
    measure_uncached(rows, port=args.port, env=env)
    print(f"--- warm: wrk {args.duration} s x {args.connections} connections per URL", flush=True)
    worker_rss = measure_warm(rows, args, env)
    print("--- imports", flush=True)
    timings.update(measure_imports(rows, args, env, notes))

    report = render_report(
        rows=rows,
        scans=scans,
        timings=timings,
        worker_rss=worker_rss,
        notes=notes,
        machine=machine_info(),
        settings={
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "gunicorn_workers": args.workers,
            "cache": args.cache_url.split("://")[0],
        },
        started=started,
    )
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"{started:%Y-%m-%d}-{socket.gethostname()}.md"
    out.write_text(report)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
