"""Stateless app servers: two gunicorn processes share PostgreSQL and Redis.

A schedule released against the shared database is served fresh by a server whose
cache was warm, and a session started on one server is valid on the other. Runs in the
normal suite when DATABASE_URL is PostgreSQL and Redis answers; skipped otherwise.
The servers use their own database, hw_scaleout_<pid>, created and dropped here (the
test database of pytest is invisible to other processes inside its transactions).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import ON_POSTGRES

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
# What a load balancer sends to every app server: the same Host, whatever their ports.
PUBLIC_HOST = "hallway.test"
# The suite's own Redis database when it runs on one, else 7.
CACHE_URL = (
    os.environ.get("CACHE_URL", "")
    if os.environ.get("CACHE_URL", "").startswith("redis://")
    else f"redis://{REDIS[0]}:{REDIS[1]}/7"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL to be PostgreSQL"),
    pytest.mark.skipif(not _reachable(REDIS), reason="needs Redis on 127.0.0.1:6379"),
]


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(_server_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="module")
def shared_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    name = f"hw_scaleout_{os.getpid()}"
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    _admin_sql(f'CREATE DATABASE "{name}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DJANGO_"))},
        "DEBUG": "0",
        "SECRET_KEY": "scale-out-test-secret-key-shared-by-both-servers-0123456789abcdef",
        "HTTPS": "0",
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "DATABASE_URL": _server_url(name),
        "CACHE_URL": CACHE_URL,
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "LOG_LEVEL": "WARNING",
    }
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["loaddemo", "--accounts"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        _manage(command, env)
    try:
        yield env
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def servers(shared_env: dict[str, str]) -> Iterator[list[str]]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    ports = (_free_port(), _free_port())
    while ports[1] == ports[0]:
        ports = (ports[0], _free_port())
    processes = [
        subprocess.Popen(  # noqa: S603 - our own app server on loopback
            [str(gunicorn), "-c", "gunicorn.conf.py", "conference.wsgi"],
            cwd=ROOT,
            env={**shared_env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_healthy(base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _wait_healthy(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{base} did not become healthy")


class Browser:
    """One visitor's cookies, sent to whichever server answers, with the site's one public
    host name (as behind a load balancer, whatever the server's own port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str, **headers: str) -> tuple[int, dict[str, str], str]:
        headers = {"Host": PUBLIC_HOST, **headers}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
        return self._open(request)

    def post(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, str], str]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Host": PUBLIC_HOST}
        request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


KEYNOTE = "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/"


def test_a_release_against_the_shared_database_is_served_fresh_by_the_other_server(
    servers: list[str], shared_env: dict[str, str]
) -> None:
    first, second = servers
    visitor = Browser()
    page = KEYNOTE  # the talk page shows its slot's time
    status, headers, body = visitor.get(second + page)
    assert status == 200
    assert "February 2015, 09:00" in body  # the keynote in release 1.0, Nashville time
    status, _, _ = visitor.get(second + page)  # warm: now served from the shared cache
    assert status == 200

    # Through the first server's configuration: move the keynote and release 1.1.
    _manage(
        [
            "shell",
            "-c",
            "import datetime as dt; "
            "from talks.models import Slot; "
            "from talks.services import schedule_release; "
            "slot = Slot.objects.get(schedule__version='', talk__slug="
            "'building-services-with-docker-and-python'); "
            "Slot.objects.filter(pk=slot.pk).update(start=slot.start + dt.timedelta(hours=7), "
            "end=slot.end + dt.timedelta(hours=7)); "
            "schedule_release(conference=slot.schedule.conference, version='1.1')",
        ],
        shared_env,
    )

    status, fresh_headers, body = visitor.get(second + page, **{"If-None-Match": headers["ETag"]})
    assert status == 200
    assert "February 2015, 16:00" in body
    assert "February 2015, 09:00" not in body
    assert fresh_headers["ETag"] != headers["ETag"]
    # The first server agrees: same content, same validator.
    status, first_headers, first_body = visitor.get(first + page)
    assert "February 2015, 16:00" in first_body
    assert first_headers["ETag"] == fresh_headers["ETag"]


def test_a_session_started_on_one_server_is_valid_on_the_other(servers: list[str]) -> None:
    first, second = servers
    visitor = Browser()
    status, _, login_page = visitor.get(first + "/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    assert token is not None
    status, headers, _ = visitor.post(
        first + "/admin/login/?next=/admin/",
        {"username": "admin", "password": "hallway-demo", "csrfmiddlewaretoken": token.group(1)},
    )
    assert status == 302, "login on the first server failed"
    assert headers["Location"] == "/admin/"

    status, _, body = visitor.get(second + "/admin/")
    assert status == 200, "the second server did not accept the session"
    assert "Hallway: conferences, talks and follow-ups" in body  # the admin index, signed in

    anonymous = Browser()
    assert anonymous.get(second + "/admin/")[0] == 302
