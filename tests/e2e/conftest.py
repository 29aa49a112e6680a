"""The browser suite: Debian's headless Chromium driven by Playwright, axe-core from npm.

Skipped, with the reason, where the browser or axe-core is not installed
(`make e2e-deps` installs both). Never downloads a browser.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium, or make e2e-deps)"
    if not AXE.exists():
        return f"{AXE.relative_to(ROOT)} is missing (npm install, or make e2e-deps)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (make install)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if reason is None:
        return
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    """live_server runs Django in a thread while Playwright's sync API drives the browser
    from the test's thread; Django's async-safety check would otherwise refuse the ORM
    calls. Only while browser tests run: `check --deploy` rightly refuses the variable."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _OneRequestAtATimeServer:
    """Django's single-threaded WSGIServer, taking the live server's keyword."""

    def __new__(cls, *args, connections_override=None, **kwargs):
        from django.core.servers.basehttp import WSGIServer

        return WSGIServer(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On SQLite the test database lives in memory and the live server shares the test's
    one connection; its threaded server would run the service worker's parallel fetches
    on that connection at once ("bad parameter or other API misuse"). One request at a
    time there (Django then closes each connection, so nothing waits on keep-alive)."""
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="package", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP on localhost. Only for this package: a
    pytest-xdist worker goes on to other files, whose tests check the production
    settings."""
    from django.test.utils import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
    ):
        yield


@pytest.fixture(scope="package")
def live_server(request, _plain_http_live_server):
    """pytest-django's live server, started inside the plain-HTTP settings (its
    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the handler is built) and
    stopped with them."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(request.config.getvalue("liveserver") or "localhost")
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
