"""Real, throwaway services for the fault and load checks: PostgreSQL, Redis, gunicorn.

Never touches the machine's shared PostgreSQL or Redis: each service here is started in
a temporary directory on its own port and torn down afterwards.
"""

import contextlib
import glob
import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECRET_KEY = "hallway-faults-only-secret-key-not-for-production-0123456789"


def postgres_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def free_port(preferred: int) -> int:
    for port in [preferred, *range(preferred + 1, preferred + 50)]:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port near {preferred}")


def wait_for(check, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with contextlib.suppress(Exception):
            if check():
                return time.monotonic() - start
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout}s")


class PostgresCluster:
    """initdb + pg_ctl in a temp dir; as the postgres user when running as root."""

    def __init__(self, port: int = 5439) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL server binaries (initdb) are not installed")
        self.bin = bindir
        self.port = free_port(port)
        self.dir = Path(tempfile.mkdtemp(prefix="hallway-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603 - our own fixed commands
            command, capture_output=True, text=True, check=check, timeout=120
        )

    def start(self) -> None:
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str) -> str:
        result = self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-At",
            "-c",
            sql,
        )
        return result.stdout.strip()

    def createdb(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def tool(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run(*args)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    def __init__(self, port: int = 6389) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed")
        self.binary = binary
        self.port = free_port(port)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2), 10, "redis")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def app_env(database_url: str, cache_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="0",  # plain HTTP on loopback, as behind a TLS-terminating proxy
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        **extra,
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_demo(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "loaddemo", "--accounts")
    manage(env, "collectstatic", "--noinput")


class AppServer:
    """gunicorn serving the app; its log is kept for the failure message."""

    def __init__(self, env: dict[str, str], port: int = 8701, workers: int = 2) -> None:
        self.env = env
        self.port = free_port(port)
        self.workers = workers
        self.log = tempfile.NamedTemporaryFile(prefix="hallway-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gunicorn = Path(PYTHON).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(gunicorn),
                "conference.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--threads",
                "4",
                "--timeout",
                "30",
                # The default control socket is one path per user: other servers share it.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: urllib.request.urlopen(self.base + "/", timeout=2), 60, "gunicorn")  # noqa: S310

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]


class Browser:
    """A cookie-keeping HTTP client speaking to the app like a browser does (CSRF included)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        try:
            with self.opener.open(
                urllib.request.Request(self.base + path, body, headers),  # noqa: S310 - http only
                timeout=10,
            ) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            return 0, str(error)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        if not any(c.name == "csrftoken" for c in self.jar):
            self.request(path)
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf()})

    def admin_login(self, username: str, password: str) -> None:
        self.request("/admin/login/")
        status, body = self.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert status == 302, f"admin login failed: {status} {body[:300]}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]  # any: refuse
        return None


@contextlib.contextmanager
def running(*services) -> Iterator[None]:
    try:
        yield
    finally:
        for service in reversed(services):
            with contextlib.suppress(Exception):
                service.stop() if not isinstance(service, PostgresCluster) else service.destroy()
