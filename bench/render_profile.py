"""Profile the render path (page cache off) of the pages `make bench` measures.

In one process, with Django's test client against the bench's database (load it first
with `make bench` or `BENCH_SKIP_LOAD=1`): for each URL, the first render after warm-up,
the median of later renders, the SQL queries, and optionally cProfile's top functions.

    python bench/render_profile.py                       # every URL of bench/urls.py
    python bench/render_profile.py --only iCal --top 25  # one row, with cProfile's top 25
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import bench_env  # noqa: E402 - after sys.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument(
        "--database-url",
        default=env("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hw_bench"),
    )
    parser.add_argument("--cache-url", default=env("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--only", help="only URLs whose name contains this text")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=0, help="print cProfile's top N functions")
    args = parser.parse_args()
    os.environ.update(bench_env(args.database_url, args.cache_url))
    # The render path alone: every request renders, nothing is stored.
    os.environ["PAGE_CACHE_TRUST_INVALIDATION"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.urls import bench_urls
    from conference.infrastructure.warmup import warm_up

    warm_up()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/healthz")
    for url in bench_urls():
        if args.only and args.only not in url.name:
            continue
        path = url.candidates[0]
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        first = (time.perf_counter() - start) * 1000
        # The log is read lazily and reset by the next request: count it now.
        query_count = len(queries.captured_queries)
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        # CPU time of this process: on a busy shared machine, steadier than wall time
        # (it leaves out the database's share).
        print(
            f"{url.name:40} {response.status_code} first {first:7.1f} ms"
            f"  then {statistics.median(times):7.1f} ms (cpu {statistics.median(cpu):6.1f})"
            f"  queries {query_count}"
        )
        if args.top:
            profiler = cProfile.Profile()
            profiler.runcall(client.get, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
