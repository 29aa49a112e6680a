"""The start-up warm-up: it prepares what it can and never stops a worker from starting."""

import gc

import pytest
from django.db import OperationalError, connections

from conference.infrastructure import warmup


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # the test process goes on collecting as before


@pytest.mark.django_db
def test_a_broken_template_does_not_stop_the_warm_up(tmp_path, settings, monkeypatch, unfrozen):
    (tmp_path / "good.html").write_text("<p>{{ name }}</p>")
    (tmp_path / "broken.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    monkeypatch.setattr(warmup, "TEMPLATE_ROOTS", (tmp_path,))
    assert warmup.warm_up() == 1


@pytest.mark.django_db
def test_an_unreachable_database_does_not_stop_the_warm_up(monkeypatch, caplog, unfrozen):
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    assert warmup.warm_up() > 0
    assert "database is not reachable" in caplog.text


@pytest.mark.django_db
def test_the_warm_up_prepares_what_first_requests_would_build(unfrozen, monkeypatch):
    """The cache (its backend and client library load on first use) and this thread's
    Markdown converter: built at start, not on the first visitor's request."""
    from talks import markdown

    reads = []

    class Cache:
        def get(self, key, default=None):
            reads.append(key)
            return default

    monkeypatch.setattr(warmup, "cache", Cache())
    monkeypatch.delattr(markdown._local, "converter", raising=False)
    warmup.warm_up()
    assert isinstance(markdown._local.converter, markdown.md.Markdown)
    assert reads == ["warm-up"]
