"""Reads to the replica when one is configured; writes and transactions to the primary."""

import pytest
from django.db import transaction

from conference.infrastructure.db_routers import PrimaryReplicaRouter, reads_from_primary
from conference.models import Conference
from talks.models import Talk
from tests.test_settings import PRODUCTION_ENV, _manage

# The replica alias is added to settings only: routers read it, no connection is opened.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    settings.DATABASE_ROUTERS = ["conference.infrastructure.db_routers.PrimaryReplicaRouter"]


def test_reads_go_to_the_replica_and_writes_to_the_primary(with_replica):
    assert Talk.objects.all().db == "replica"
    assert Conference.objects.filter(published=True).db == "replica"
    assert Talk.objects.db_manager(None).get_queryset().db == "replica"
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Talk) == "default"
    assert router.allow_migrate("default", "talks") is True
    assert router.allow_migrate("replica", "talks") is False


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    # A service reading what it has just written must not see the replica's lag.
    with transaction.atomic():
        assert PrimaryReplicaRouter().db_for_read(Talk) == "default"
    assert PrimaryReplicaRouter().db_for_read(Talk) == "replica"


def test_reads_inside_reads_from_primary_stay_on_the_primary(with_replica):
    with reads_from_primary():
        assert PrimaryReplicaRouter().db_for_read(Talk) == "default"
    assert PrimaryReplicaRouter().db_for_read(Talk) == "replica"


@pytest.mark.django_db(transaction=True)
def test_pages_are_rendered_from_the_primary_just_after_a_write(
    with_replica, trusted, settings, client, monkeypatch
):
    """The replica may not have the write yet, and the rendering is stored under the
    write's version: for PAGE_CACHE_SETTLE_SECONDS after it, read the primary."""
    from conference.infrastructure import page_cache
    from tests.factories import TalkFactory

    talk = TalkFactory()
    seen = []
    real = PrimaryReplicaRouter.db_for_read
    monkeypatch.setattr(
        PrimaryReplicaRouter,
        "db_for_read",
        lambda self, model, **hints: seen.append(real(self, model, **hints)) or "default",
    )
    assert client.get(talk.get_absolute_url()).status_code == 200
    assert set(seen) == {"default"}
    seen.clear()
    page_cache.cache.clear()
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    assert client.get(talk.get_absolute_url()).status_code == 200
    assert set(seen) == {"replica"}


def test_without_a_replica_everything_uses_the_primary(settings):
    settings.DATABASE_ROUTERS = ["conference.infrastructure.db_routers.PrimaryReplicaRouter"]
    assert "replica" not in settings.DATABASES
    assert Talk.objects.all().db == "default"


def test_replica_database_url_adds_the_alias_and_the_router(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.DATABASES['replica']['NAME'])"
    )
    env = {**PRODUCTION_ENV, "REPLICA_DATABASE_URL": f"sqlite:///{tmp_path}/replica.sqlite3"}
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        f"['default', 'replica'] ['conference.infrastructure.db_routers.PrimaryReplicaRouter'] "
        f"{tmp_path}/replica.sqlite3"
    )
    plain = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES))",
        env=PRODUCTION_ENV,
    )
    assert plain.stdout.strip().splitlines()[-1] == "['default']"
