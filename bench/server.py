"""Processes the benchmark starts: manage.py commands, gunicorn, wrk."""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"


@dataclass(frozen=True)
class Timed:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def run_timed(args: list[str], env: dict[str, str]) -> Timed:
    """Run a command; its wall time and its own peak resident memory (wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own commands with fixed arguments
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    peak_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return Timed(elapsed, peak_kb / 1024, process.returncode, output)


def manage(*args: str, env: dict[str, str], check: bool = True) -> Timed:
    result = run_timed([sys.executable, "manage.py", *args], env)
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.output}")
    return result


class Gunicorn:
    """gunicorn with gunicorn.conf.py on 127.0.0.1:port; stopped by its own pid."""

    def __init__(self, *, port: int, workers: int, env: dict[str, str]) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        server_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_MAX_REQUESTS": "0",  # no recycling: the memory figure is real
            "GUNICORN_LOGLEVEL": "warning",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own server, loopback only
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "conference.wsgi"],
            cwd=ROOT,
            env=server_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                errors = self.process.stderr.read() if self.process.stderr else ""
                raise SystemExit(f"gunicorn exited:\n{errors}")
            try:
                # A TCP accept is enough: the first HTTP request must stay the cold one.
                import socket

                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn did not listen on {self.port} within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            return [int(pid) for pid in children.read_text().split()]
        return []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class Fetched:
    status: int
    seconds: float
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None) -> Fetched:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback http only
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return Fetched(status, time.perf_counter() - start, body)


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p99_ms: float
    requests: int


def sequential_latency(urls: list[str]) -> Latency:
    """Each URL fetched once, one after another: latency without queueing or reuse."""
    times = sorted(fetch(url).seconds * 1000 for url in urls)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return Latency(p50_ms=statistics.median(times), p99_ms=cuts[98], requests=len(times))


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise RuntimeError(f"wrk printed a latency without a known unit: {value!r}")
    number, unit = match.groups()
    return float(number) * _UNITS[unit]


def _wrk_value(pattern: str, out: str) -> str:
    """The first group of a line wrk always prints; its absence means wrk changed."""
    match = re.search(pattern, out, re.M)
    if match is None:
        raise RuntimeError(f"wrk printed no line matching {pattern!r}:\n{out}")
    return match.group(1)


ROTATION_SCRIPT = """
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
"""


def _rotation_script(paths: tuple[str, ...]) -> list[str]:
    """wrk's Lua hook that sends each request to the next of ``paths`` in turn."""
    if not paths:
        return []
    listed = ", ".join(json.dumps(p) for p in paths)  # a JSON string is a Lua string
    script = ROOT / "bench" / "tmp" / "rotation.lua"
    script.parent.mkdir(exist_ok=True)
    script.write_text(ROTATION_SCRIPT % listed)
    return [f"--script={script}"]


def wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    threads: int,
    rotation: tuple[str, ...] = (),
) -> WrkResult:
    """wrk against a loopback URL, bounded in time and connections; with ``rotation``,
    each request asks for the next of those paths on the same server."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"the benchmark only drives loopback, not {url}")
    result = subprocess.run(  # noqa: S603 - wrk with our own bounded arguments
        [
            WRK,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            "--latency",
            # As browsers and HTTP libraries ask: stored pages go out gzipped.
            "--header=Accept-Encoding: gzip",
            *_rotation_script(rotation),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(_wrk_value(r"Requests/sec:\s+([\d.]+)", out))
    p50 = _ms(_wrk_value(r"^\s+50%\s+(\S+)", out))
    p99 = _ms(_wrk_value(r"^\s+99%\s+(\S+)", out))
    total = int(_wrk_value(r"(\d+) requests in", out))
    errors = []
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors.append(f"{match.group(1)} non-2xx")
    if match := re.search(r"Socket errors: (.*)", out):
        errors.append(f"socket errors: {match.group(1)}")
    return WrkResult(rps, p50, p99, total, "; ".join(errors))
