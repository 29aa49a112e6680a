"""The e-mail outbox: back-off with jitter, a dead-letter state, "retry now", exactly once,
the per-address cap, and the database task backend with the worker's sweep."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference.models import OutgoingMail
from conference.outbox import backoff_seconds, mail_queue, mail_requeue_stale, mail_retry_now
from talks.management.commands.worker import sweep

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FAILING = {"default": {"BACKEND": "tests.talks.followups.conftest.FailingEmailBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _queue(to: str = "someone@example.net", **extra: Any) -> OutgoingMail:
    with transaction.atomic():
        return mail_queue(to=to, subject="Hello", body="Body", kind="test.kind", **extra)


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap():
    for attempt, ceiling in [(1, 30), (2, 60), (3, 120), (10, 3600)]:
        waits = [backoff_seconds(attempt, base=30, cap=3600) for _ in range(50)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 1  # jittered: retries do not arrive in step


@pytest.mark.django_db(transaction=True)
def test_smtp_down_then_up_delivers_each_message_exactly_once(settings):
    settings.MAILERS = FAILING
    messages = [_queue(to=f"person{n}@example.net") for n in range(3)]
    assert {m.status for m in OutgoingMail.objects.all()} == {"pending"}
    assert all(m.next_attempt_at > timezone.now() for m in OutgoingMail.objects.all())  # backed off
    settings.MAILERS = WORKING
    mail.outbox = []
    # The sweep runs again and again (several workers, several minutes): still once each.
    for _ in range(3):
        mail_requeue_stale(now=timezone.now() + timedelta(hours=3))
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.net" for n in range(3)]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert [OutgoingMail.objects.get(pk=m.pk).attempts for m in messages] == [2, 2, 2]


@pytest.mark.django_db(transaction=True)
def test_message_gives_up_after_the_maximum_and_staff_retry_it(settings):
    settings.MAILERS = FAILING
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = _queue()
    for _ in range(5):
        mail_requeue_stale(now=timezone.now() + timedelta(days=1))
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        "dead",
        3,
        "ConnectionRefusedError",
    )
    settings.MAILERS = WORKING
    mail.outbox = []
    assert mail_retry_now(mail_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert (message.status, len(mail.outbox)) == ("sent", 1)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_sends_nothing(settings, mailoutbox):
    with transaction.atomic():
        mail_queue(to="a@example.net", subject="s", body="b", kind="test.kind")
        transaction.set_rollback(True)
    assert mailoutbox == []
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_anonymous_addresses_are_capped_per_hour(settings, mailoutbox):
    settings.OUTBOX_MAIL_PER_ADDRESS_PER_HOUR = 2
    settings.OUTBOX_LIMITED_KINDS = ["test.kind"]
    queued = [_queue(to="victim@example.net", limited=True) for _ in range(4)]
    statuses = [OutgoingMail.objects.get(pk=m.pk).status for m in queued]
    assert statuses == ["sent", "sent", "suppressed", "suppressed"]
    assert len(mailoutbox) == 2
    # Another address, and mail nobody anonymous can address, are not held back.
    _queue(to="other@example.net", limited=True)
    _queue(to="victim@example.net")
    assert len(mailoutbox) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_the_worker_delivers_once(settings, mailoutbox):
    settings.TASKS = DATABASE_BACKEND
    message = _queue()
    assert mailoutbox == []  # the request did not wait for SMTP
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("worker", "--once", stdout=io.StringIO())
    call_command("worker", "--once", stdout=io.StringIO())
    message.refresh_from_db()
    assert (message.status, len(mailoutbox)) == ("sent", 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_task_lost_with_a_killed_worker_runs_again_and_delivers_once(settings, mailoutbox):
    settings.TASKS = DATABASE_BACKEND
    message = _queue()
    # The worker took the task and died before committing: the task row says RUNNING for
    # ever, the message is still pending (its transaction rolled back).
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    call_command("worker", "--once", stdout=io.StringIO())
    assert mailoutbox == []  # not yet overdue
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert sweep()["mail"] == 1
    call_command("worker", "--once", stdout=io.StringIO())
    call_command("worker", "--once", stdout=io.StringIO())
    message.refresh_from_db()
    assert (message.status, [m.to for m in mailoutbox]) == ("sent", [[message.to]])


def test_worker_refuses_to_run_with_the_immediate_backend():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"django_tasks_db\.DatabaseBackend"):
        call_command("worker", "--once", stdout=io.StringIO())
