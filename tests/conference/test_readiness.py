"""/readyz (database, cache, queue) and the request id that ties logs to queued work."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference.models import OutgoingMail
from conference.outbox import mail_queue

pytestmark = pytest.mark.django_db


def test_readyz_reports_database_cache_and_an_empty_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert (body["ready"], body["database"], body["cache"]) == (True, True, True)
    assert body["queue"]["depth"] == 0
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_is_503_when_the_oldest_due_task_waits_too_long(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.READINESS_MAX_TASK_AGE = 60
    with transaction.atomic():
        mail_queue(to="a@example.net", subject="s", body="b", kind="test.kind")
    # on_commit does not fire inside the test's transaction: enqueue as the commit would.
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"mail_id": OutgoingMail.objects.get().pk}},
        task_path="conference.outbox.deliver_mail",
        queue_name="default",
        backend_name="default",
    )
    assert client.get("/readyz").json()["queue"]["depth"] == 1
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["queue"]["oldest_seconds"] >= 300


def test_request_id_is_answered_and_kept_on_the_mail_it_queued(client, caplog, sent_on_commit):
    from tests.factories import ConferenceFactory, TalkFactory

    talk = TalkFactory(conference=ConferenceFactory(published=True))
    with sent_on_commit(), caplog.at_level(logging.INFO):
        response = client.post(
            "/api/v1/followups/",
            {
                "talk": str(talk.uuid),
                "kind": "question",
                "message": "Slides?",
                "name": "Brian",
                "email": "brian@example.net",
                "consent_to_share": True,
            },
            content_type="application/json",
            headers={"X-Request-ID": "lb-request-0123456789"},
        )
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == "lb-request-0123456789"
    assert set(OutgoingMail.objects.values_list("request_id", flat=True)) == {
        "lb-request-0123456789"
    }


def test_a_request_id_that_is_no_plain_token_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "bad\nid <script>"})
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"].isalnum()


def test_log_records_carry_the_request_id_as_text_and_as_json():
    from conference.infrastructure.request_id import (
        JsonFormatter,
        RequestIdFilter,
        request_id_scope,
    )

    record = logging.LogRecord("hallway", logging.WARNING, __file__, 1, "Mail %s", (7,), None)
    with request_id_scope("abc123def456"):
        assert RequestIdFilter().filter(record)
    assert record.request_id == "abc123def456"
    document = json.loads(JsonFormatter().format(record))
    assert (document["message"], document["request_id"], document["level"]) == (
        "Mail 7",
        "abc123def456",
        "WARNING",
    )
