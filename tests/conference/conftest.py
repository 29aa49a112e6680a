"""Fixtures for the page cache tests."""

import pytest


@pytest.fixture
def trusted(settings):
    # A single test process shares its local-memory cache, like app servers share Redis.
    settings.PAGE_CACHE_TRUST_INVALIDATION = True
