"""The benchmark's report: the machine, one row per URL, the issue's targets."""

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.server import WRK

# The targets a benchmark run is judged against.
THROUGHPUT_RATIO = 0.5
P99_FACTOR = 10
COLD_MS = 300
# Issue 14: first renders (cold), and the render path alone (page cache off) for pages
# the cache does not serve.
COLD_TARGETS_MS = {
    "talk page": 50,
    "schedule day grid (60 rooms)": 300,
    "frab XML": 300,
    "frab JSON": 300,
    "whole-conference iCal": 300,
    "API whole schedule, expanded": 300,
}
UNCACHED_WARM_MS = 50
WORKER_RSS_MB = 200
CATALOGUE_PEAK_MB = 500
SEARCH_P50_MS = 50


@dataclass
class Row:
    name: str
    path: str
    target: bool
    queries_cold: int
    queries_warm: int
    bytes: int
    gzip_bytes: int
    cold_ms: float = 0.0
    warm_ms: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: str = ""
    # The minimal view's req/s measured just before this URL (0: not measured).
    ceiling_rps: float = 0.0
    # Paths wrk rotates over (bench/urls.py); cold is not measured for such a row.
    rotation: tuple[str, ...] = ()
    # Median of single requests with the page cache off: the render path alone.
    uncached_ms: float = 0.0

    def ratio(self, ceiling: "Row | None") -> float:
        reference = self.ceiling_rps or (ceiling.rps if ceiling else 0.0)
        return self.rps / reference if reference else 0.0


def machine_info() -> dict[str, str]:
    import django
    from django.db import connection

    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run(  # noqa: S603 - wrk from Debian, version only
        [WRK, "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "host": platform.node(),
        "cpus (nproc)": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("[")[0].strip(),
    }


def _ratio(row: Row, ceiling: Row | None) -> str:
    ratio = row.ratio(ceiling)
    return f"{ratio:.2f}" if ratio else "–"


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def render_report(
    *,
    rows: list[Row],
    scans: list[Any],
    timings: dict[str, Any],
    worker_rss: list[float],
    notes: list[str],
    machine: dict[str, str],
    settings: dict[str, Any],
    started: dt.datetime,
) -> str:
    ceiling = next((r for r in rows if r.path == "/healthz"), None)
    lines = [
        f"# Hallway benchmark, {started:%Y-%m-%d %H:%M} UTC",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()),
        "",
        "Run: " + ", ".join(f"{k} {v}" for k, v in settings.items()),
        "",
        "req/s, p50, p99: wrk against the warm server. × minimal: req/s over the minimal "
        "view's (/healthz) req/s measured just before. cold: first request of the page in "
        "a fresh worker with an empty cache. warm: median of 5 single requests. cache off: "
        "median of 5 single requests with the page cache off (the render path alone). "
        "bytes: the body as sent (gzip: with Accept-Encoding: gzip). queries: per request, "
        "cold and warm. A rotating row asks for a different page each request.",
        "",
    ]
    lines += _table(rows, ceiling)
    lines += [
        "",
        "gunicorn workers' resident memory after the run (VmRSS): "
        + (", ".join(f"{m:.0f} MB" for m in worker_rss) or "unknown"),
    ]
    if timings:
        lines += ["", "| import / load | time | peak memory |", "|---|--:|--:|"]
        for name, t in timings.items():
            if hasattr(t, "seconds"):
                lines.append(f"| {name} | {t.seconds:.1f} s | {t.peak_rss_mb:.0f} MB |")
            else:
                lines.append(f"| {name} | p50 {t.p50_ms:.1f} ms, p99 {t.p99_ms:.1f} ms | – |")
    lines += ["", "## Targets (issues 8 and 14)", ""]
    lines += _targets(rows, ceiling, worker_rss, timings)
    lines += _render_path_targets(rows)
    lines += ["", "## Sequential scans of large tables where an index would do", ""]
    if scans:
        lines += [
            f"- {name}: `{s.table}` ({s.table_rows} rows, ~{s.expected_rows} kept): `{s.sql[:160]}`"
            for name, s in scans
        ]
    else:
        lines.append("None: every selective query on the measured pages uses an index.")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _table(rows: list[Row], ceiling: Row | None) -> list[str]:
    lines = [
        "| URL | path | req/s | × minimal | p50 ms | p99 ms | cold ms | warm ms "
        "| cache off ms | bytes | gzip | queries cold / warm |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        name = row.name + (f" ⚠ {row.errors}" if row.errors else "")
        path = f"`{row.path}`" + (f" … ({len(row.rotation)} paths)" if row.rotation else "")
        cold = f"{row.cold_ms:.0f}" if row.cold_ms else "–"
        lines.append(
            f"| {name} | {path} | {row.rps:,.0f} | {_ratio(row, ceiling)} | "
            f"{row.p50_ms:.1f} | {row.p99_ms:.1f} | {cold} | {row.warm_ms:.1f} | "
            f"{row.uncached_ms:.1f} | {_size(row.bytes)} | {_size(row.gzip_bytes)} | "
            f"{row.queries_cold} / {row.queries_warm} |"
        )
    return lines


def _check(ok: bool, text: str, miss: str = "") -> str:
    return f"- {'met' if ok else 'MISSED'}: {text}" + ("" if ok or not miss else f" ({miss})")


def _targets(
    rows: list[Row], ceiling: Row | None, worker_rss: list[float], timings: dict[str, Any]
) -> list[str]:
    out = []
    if ceiling is None:
        return ["- no minimal view measured"]
    for row in rows:
        if not row.target:
            continue
        ratio = row.ratio(ceiling)
        out.append(
            _check(
                ratio >= THROUGHPUT_RATIO,
                f"{row.name} warm at {ratio:.0%} of the minimal view (≥ 50%)",
                f"short by {THROUGHPUT_RATIO - ratio:.0%} points",
            )
        )
    for row in rows:
        if row is ceiling:
            continue
        limit = ceiling.p99_ms * P99_FACTOR
        if row.p99_ms > limit:
            out.append(
                _check(
                    False,
                    f"{row.name} p99 {row.p99_ms:.1f} ms ≤ {limit:.1f} ms (10× minimal)",
                    f"{row.p99_ms / ceiling.p99_ms:.0f}× the minimal view's p99",
                )
            )
    if all(r.p99_ms <= ceiling.p99_ms * P99_FACTOR for r in rows):
        out.append(_check(True, "every URL's p99 within 10× the minimal view's"))
    if worker_rss:
        top = max(worker_rss)
        out.append(_check(top < WORKER_RSS_MB, f"largest worker {top:.0f} MB < 200 MB"))
    for name, t in timings.items():
        if "catalogue" in name and hasattr(t, "peak_rss_mb"):
            out.append(
                _check(
                    t.peak_rss_mb < CATALOGUE_PEAK_MB,
                    f"{name} peak {t.peak_rss_mb:.0f} MB < 500 MB",
                )
            )
        if name.startswith("search") and hasattr(t, "p50_ms"):
            out.append(_check(t.p50_ms < SEARCH_P50_MS, f"search p50 {t.p50_ms:.1f} ms < 50 ms"))
    return out


def _render_path_targets(rows: list[Row]) -> list[str]:
    """First renders under their limits; every page served from the page cache (no query
    when warm) or rendered under 50 ms with the cache off."""
    out = []
    for name, limit in COLD_TARGETS_MS.items():
        row = next((r for r in rows if r.name == name), None)
        if row is None:
            out.append(f"- not measured: cold {name} (skipped, see the notes)")
            continue
        out.append(
            _check(
                row.cold_ms < limit,
                f"cold {name} {row.cold_ms:.0f} ms < {limit} ms",
                f"over by {row.cold_ms - limit:.0f} ms",
            )
        )
    slow = [
        r
        for r in rows
        if r.path != "/healthz" and r.queries_warm and r.uncached_ms >= UNCACHED_WARM_MS
    ]
    out.append(
        _check(
            not slow,
            "every page served from the page cache or rendered in < 50 ms",
            ", ".join(f"{r.name} {r.uncached_ms:.0f} ms" for r in slow),
        )
    )
    return out
