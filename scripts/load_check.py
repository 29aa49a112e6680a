#!/usr/bin/env python3
"""Load check: wrk at 64 connections on the schedule, talk, speaker and API pages.

Starts its own gunicorn on the demo data (its own throwaway PostgreSQL when the server
binaries exist, else a SQLite file), or uses BASE_URL if set. Pages that do not exist on this
branch yet (404) are skipped and named. Exits non-zero on any non-2xx/3xx response or any
socket error (connect, read, write, timeout), and prints the figures as JSON (also written
to LOAD_OUTPUT, default bench/tmp/loadcheck.json) for the benchmark output.

    LOAD_SECONDS=60 LOAD_CONNECTIONS=64 python scripts/load_check.py
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.services import (  # noqa: E402 - after making the project importable
    AppServer,
    PostgresCluster,
    RedisServer,
    app_env,
    prepare_demo,
    running,
)

CANDIDATES = [
    "/",
    "/conferences/pytennessee-2015/",
    "/conferences/pytennessee-2015/schedule/",
    "/conferences/pytennessee-2015/talks/",
    "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/",
    "/conferences/pytennessee-2015/speakers/",
    "/speakers/kyle-kelley/",
    "/tags/python/",
    "/api/v1/conferences/",
    "/api/v1/talks/",
    "/api/v1/speakers/",
    "/api/v1/conferences/pytennessee-2015/",
    "/api/v1/conferences/pytennessee-2015/schedule/",
]

LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"bytes\\": %%d, " ..
    "\\"connect\\": %%d, \\"read\\": %%d, \\"write\\": %%d, \\"status\\": %%d, " ..
    "\\"timeout\\": %%d, \\"latency_p50_ms\\": %%.2f, \\"latency_p99_ms\\": %%.2f, " ..
    "\\"latency_max_ms\\": %%.2f}\\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def probe(base: str) -> tuple[list[str], list[str], list[str]]:
    """(paths to load, paths skipped as missing, paths failing already)."""
    ok, missing, failing = [], [], []
    for path in CANDIDATES:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        (ok if status < 400 else missing if status == 404 else failing).append(path)
    return ok, missing, failing


def run_wrk(base: str, paths: list[str], seconds: int, connections: int) -> dict[str, float]:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [
                wrk,
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 120,
        )
    finally:
        os.unlink(script.name)
    print(result.stdout, result.stderr, sep="\n")
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        sys.exit(f"wrk failed (exit {result.returncode})")
    figures = json.loads(line.removeprefix("RESULT "))
    figures["requests_per_second"] = round(figures["requests"] / (figures["duration_us"] / 1e6), 1)
    return figures


@contextlib.contextmanager
def own_server(port: int = 8702, with_redis: bool = False, **extra_env: str):
    """gunicorn on the demo data: throwaway PostgreSQL if possible, else SQLite; with its own
    Redis if asked (a cache the workers share). Yields (base URL, database kind, its env)."""
    cluster = None
    with contextlib.suppress(FileNotFoundError):
        cluster = PostgresCluster(port=port - 8702 + 5440)
    redis = RedisServer(port=port - 8702 + 6390) if with_redis else None
    with tempfile.TemporaryDirectory(prefix="hallway-load-") as tmp:
        if cluster is not None:
            cluster.start()
            cluster.createdb("hallway")
            database, kind = cluster.url("hallway"), "postgresql"
        else:
            database, kind = f"sqlite:///{tmp}/load.sqlite3", "sqlite"
        if redis is not None:
            redis.start()
        cache_url = redis.url() if redis is not None else None
        env = app_env(database, cache_url, DATABASE_POOL_MAX="16", **extra_env)
        services = [s for s in (cluster, redis) if s is not None]
        server = AppServer(env, port=port, workers=3)
        with running(*services, server):
            prepare_demo(env)
            server.start()
            yield server.base, kind, env


def main() -> int:
    seconds = int(os.environ.get("LOAD_SECONDS", "5"))
    connections = int(os.environ.get("LOAD_CONNECTIONS", "64"))
    output = Path(os.environ.get("LOAD_OUTPUT", ROOT / "bench" / "tmp" / "loadcheck.json"))
    base = os.environ.get("BASE_URL")
    with contextlib.ExitStack() as stack:
        kind = "given"
        if not base:
            base, kind, _ = stack.enter_context(own_server())
        paths, missing, failing = probe(base)
        for path in missing:
            print(f"skipped (404 on this branch): {path}")
        if failing:
            print(f"FAIL: already failing before the load: {failing}")
            return 1
        figures = run_wrk(base, paths, seconds, connections)
    figures.update(seconds=seconds, connections=connections, database=kind, paths=paths)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    errors = {k: figures[k] for k in ("status", "connect", "read", "write", "timeout")}
    if any(errors.values()) or figures["requests"] == 0:
        print(f"FAIL: errors under load: {errors} (status = non-2xx/3xx responses)")
        return 1
    print(f"OK: {figures['requests']} requests, no errors, {figures['requests_per_second']}/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
