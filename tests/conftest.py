import os
import re

import pytest
from django.conf import settings
from django.test.utils import override_settings

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_client_settings(settings):
    # The test client speaks plain HTTP; test_settings checks the HTTPS redirect for deploys.
    settings.SECURE_SSL_REDIRECT = False
    # Users are made by the hundred; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session", autouse=True)
def _own_redis_database_per_worker():
    """Under pytest-xdist each worker gets its own Redis database (the next numbers after
    CACHE_URL's), so one worker's cache.clear() never empties another's pages mid-test.
    App servers a test starts inherit the same database through CACHE_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("CACHE_URL", "")
    match = re.fullmatch(r"(rediss?://[^/]+)/(\d+)", url)
    if not worker.startswith("gw") or match is None:
        yield
        return
    database = int(match.group(2)) + 1 + int(worker.removeprefix("gw"))
    worker_url = f"{match.group(1)}/{database}"
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": worker_url}}
    os.environ["CACHE_URL"] = worker_url
    with override_settings(CACHES=caches):
        yield
    os.environ["CACHE_URL"] = url


@pytest.fixture(autouse=True)
def _empty_cache():
    # CI runs the suite against a shared Redis: start every test from an empty cache.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def trusted(settings):
    # A single test process shares its local-memory cache, like app servers share Redis.
    settings.PAGE_CACHE_TRUST_INVALIDATION = True


@pytest.fixture
def sent_on_commit(django_capture_on_commit_callbacks):
    """Outbox e-mail (conference/outbox.py) is handed to the task backend on commit, which a
    test's transaction never reaches: inside this block it is, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
