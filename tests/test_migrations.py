"""Migrations: reversible from zero and back, and forward from the last release with data.

Runs on whichever database the suite runs on (CI runs it on SQLite and PostgreSQL).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_APPS = ("conference", "talks")
# Third-party apps whose migrations cannot be reversed (django-tasks-db's data migrations);
# nothing of ours depends on them, so they stay at their head.
IRREVERSIBLE_APPS = {"django_tasks_database"}
# The schema of the last release: upgrades from it, with data in it, must keep the data.
# Move these forward at each release.
RELEASED = {
    "conference": "0003_url_fields_refuse_non_uri_characters",
    "talks": "0001_programme",
}


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _leaves(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def _migrate(targets) -> MigrationExecutor:
    executor = _executor()
    executor.migrate(targets)
    return _executor()  # a fresh loader sees what is applied now


def _project_tables() -> set[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return {name for name in names if name.startswith(tuple(f"{app}_" for app in PROJECT_APPS))}


def test_migrations_run_forward_from_zero_back_to_zero_and_forward_again():
    executor = _executor()
    apps_with_migrations = sorted({app for app, _ in _leaves(executor)} - IRREVERSIBLE_APPS)
    tables_at_head = _project_tables()
    assert tables_at_head
    try:
        _migrate([(app, None) for app in apps_with_migrations])
        assert _project_tables() == set(), "tables left behind after migrating to zero"
        executor = _migrate(_leaves(_executor()))
        assert _project_tables() == tables_at_head
        _migrate([(app, None) for app in PROJECT_APPS])
        assert _project_tables() == set()
    finally:
        executor = _migrate(_leaves(_executor()))
    assert not executor.migration_plan(_leaves(executor)), "not back at the latest migrations"


def test_upgrade_from_the_last_release_keeps_its_data():
    released = list(RELEASED.items())
    try:
        executor = _migrate([(app, None) for app in PROJECT_APPS])
        executor = _migrate(released)
        old = executor.loader.project_state(released).apps
        conference = old.get_model("conference", "Conference").objects.create(
            name="PyTennessee 2015",
            slug="pytennessee-2015",
            start_date="2015-02-07",
            end_date="2015-02-08",
        )
        speaker = old.get_model("talks", "Speaker").objects.create(name="Kyle", slug="kyle")
        talk = old.get_model("talks", "Talk").objects.create(
            conference_id=conference.pk, title="Keynote", slug="keynote"
        )
        old.get_model("talks", "TalkSpeaker").objects.create(
            talk_id=talk.pk, speaker_id=speaker.pk, position=0
        )
        hook = old.get_model("talks", "Webhook").objects.create(
            conference_id=conference.pk, url="https://hooks.example.net/a", secret="s"
        )
        deliveries = old.get_model("talks", "WebhookDelivery").objects
        deliveries.create(
            webhook_id=hook.pk,
            event="talk.changed",
            payload={},
            error="<urlopen error [Errno 111] Connection refused>",
        )
        deliveries.create(
            webhook_id=hook.pk,
            event="talk.changed",
            payload={},
            response_status=403,
            error="Forbidden: internal host db-7",
        )
        executor = _migrate(_leaves(_executor()))
        from conference.models import Conference
        from talks.models import Talk

        upgraded = Talk.objects.get(slug="keynote")
        assert upgraded.conference == Conference.objects.get(slug="pytennessee-2015")
        assert [s.name for s in upgraded.speakers.all()] == ["Kyle"]
        # The delivery log keeps categories and status codes, not what receivers said.
        from talks.models import WebhookDelivery

        assert sorted(WebhookDelivery.objects.values_list("error", flat=True)) == [
            "HTTP 403",
            "connection failed",
        ]
    finally:
        _migrate(_leaves(_executor()))
