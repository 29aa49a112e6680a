import pytest
from django.conf import settings

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
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # CI runs the suite against a shared Redis: start every test from an empty cache.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def trusted(settings):
    # A single test process shares its local-memory cache, like app servers share Redis.
    settings.PAGE_CACHE_TRUST_INVALIDATION = True
