"""Background work with the real services: gunicorn, PostgreSQL (the task queue), the
worker, and an SMTP server and a webhook receiver that hang or fail on command.

Requests answer at once whatever the outside world does; what they set off is delivered
once the outside world is back, exactly once, and in order for webhooks; a worker killed
mid-task leaves nothing lost or doubled.
"""

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.faults.outside import FakeReceiver, FakeSmtp
from tests.faults.services import (
    PYTHON,
    ROOT,
    AppServer,
    Browser,
    app_env,
    manage,
    prepare_demo,
    running,
    wait_for,
)

pytestmark = pytest.mark.faults

TALK = "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/"
FAST = 1.0  # seconds: what a request may take whatever SMTP or a receiver does


class WorkerProcess:
    """`manage.py worker`, sweeping often so the test need not wait a minute."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.log = tempfile.NamedTemporaryFile(prefix="hallway-worker-", suffix=".log")  # noqa: SIM115
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", "worker", "--sweep", "0.5", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]


@pytest.fixture(scope="module")
def outside():
    smtp, receiver = FakeSmtp(), FakeReceiver()
    with running(smtp, receiver):
        smtp.start()
        receiver.start()
        yield smtp, receiver


@pytest.fixture(scope="module")
def queued_app(postgres, redis, outside):
    smtp, receiver = outside
    postgres.createdb("hallway_queue")
    env = app_env(
        postgres.url("hallway_queue"),
        redis.url(),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        EMAIL_TIMEOUT="3",
        OUTBOX_BACKOFF_SECONDS="0.5",
        OUTBOX_BACKOFF_CAP_SECONDS="1",
        OUTBOX_STALE_SECONDS="2",
        OUTBOX_MAIL_PER_ADDRESS_PER_HOUR="100",
        WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
        WEBHOOK_READ_TIMEOUT="2",
        WEBHOOK_BACKOFF_SECONDS="0.5",
        WEBHOOK_BACKOFF_CAP_SECONDS="1",
    )
    prepare_demo(env)
    manage(
        env,
        "shell",
        "-c",
        "from talks.models import Webhook; from conference.models import Conference; "
        "Webhook.objects.create(conference=Conference.objects.get(slug='pytennessee-2015'), "
        f"url='http://127.0.0.1:{receiver.port}/hook')",
    )
    server, worker = AppServer(env, port=8711), WorkerProcess(env)
    with running(server, worker):
        server.start()
        worker.start()
        yield server, worker


def _timed(action) -> tuple[float, tuple[int, str]]:
    started = time.monotonic()
    result = action()
    return time.monotonic() - started, result


def _send_followup(base: str, email: str) -> tuple[float, int]:
    browser = Browser(base)
    url = TALK + "follow-up/"
    browser.request(url)
    data = {
        "kind": "question",
        "message": "Can we get the notebook setup?",
        "name": "Fault Test",
        "email": email,
        "consent_to_share": "on",
        "leave_this_empty": "",
    }
    seconds, (status, _body) = _timed(lambda: browser.post(url, data))
    return seconds, status


def _mail_rows(postgres) -> list[tuple[str, str]]:
    rows = postgres.psql(
        "hallway_queue", "SELECT status || ' ' || \"to\" FROM conference_outgoingmail ORDER BY id"
    )
    return [tuple(line.split(" ", 1)) for line in rows.splitlines() if line]  # type: ignore[misc]


def _all_mail_sent(postgres) -> bool:
    rows = _mail_rows(postgres)
    return bool(rows) and all(status == "sent" for status, _ in rows)


def test_smtp_down_followups_answer_fast_and_mail_arrives_once(queued_app, outside, postgres):
    server, worker = queued_app
    smtp, _receiver = outside
    smtp.switch.mode = "hang"
    timings = [_send_followup(server.base, f"fault{n}@example.net") for n in range(2)]
    assert [status for _, status in timings] == [302, 302], server.output()
    assert max(seconds for seconds, _ in timings) < FAST, timings
    time.sleep(4)  # attempts hang and time out meanwhile
    assert smtp.messages == []
    smtp.switch.mode = "up"
    wait_for(lambda: _all_mail_sent(postgres) or None, 60, "mail sent")
    time.sleep(2)  # any duplicate would arrive now
    expected = sorted(address for _, address in _mail_rows(postgres))
    assert "fault0@example.net" in expected
    assert smtp.recipients() == expected, worker.output()


def test_receiver_slow_or_down_releases_answer_fast_and_events_arrive_once_in_order(
    queued_app, outside, postgres
):
    server, worker = queued_app
    _smtp, receiver = outside
    browser = Browser(server.base)
    browser.admin_login("admin", "hallway-demo")
    conference_id = postgres.psql(
        "hallway_queue", "SELECT id FROM conference_conference WHERE slug = 'pytennessee-2015'"
    )
    url = f"/admin/talks/schedule/{conference_id}/release/"
    timings = []
    for mode, version in (("hang", "9.1"), ("fail", "9.2")):
        receiver.switch.mode = mode
        browser.request(url)
        seconds, (status, body) = _timed(
            lambda version=version: browser.post(url, {"version": version, "comment": "Fault"})
        )
        assert status == 302, body[:500]
        timings.append(seconds)
        time.sleep(3)
    assert max(timings) < FAST, timings
    assert receiver.delivered == []
    receiver.switch.mode = "up"
    wait_for(lambda: len(receiver.delivered) >= 2 or None, 60, "webhooks delivered")
    time.sleep(2)
    versions = [json.loads(body)["payload"]["version"] for body in receiver.delivered]
    assert versions == ["9.1", "9.2"], worker.output()
    statuses = postgres.psql("hallway_queue", "SELECT DISTINCT status FROM talks_webhookdelivery")
    assert statuses == "delivered"


def test_worker_killed_mid_task_runs_it_again_and_delivers_once(queued_app, outside, postgres):
    server, worker = queued_app
    smtp, _receiver = outside
    before = len(smtp.messages)
    smtp.switch.mode = "hang"
    smtp.switch.connected.clear()
    _seconds, status = _send_followup(server.base, "killed@example.net")
    assert status == 302
    # The worker is inside an SMTP conversation now: kill it without warning.
    assert smtp.switch.connected.wait(20), worker.output()
    worker.kill()
    smtp.switch.mode = "up"
    worker.start()
    wait_for(lambda: _all_mail_sent(postgres) or None, 60, "mail sent after the kill")
    time.sleep(2)
    expected = sorted(address for _, address in _mail_rows(postgres))
    assert smtp.recipients() == expected, worker.output()
    assert len(smtp.messages) > before
    assert smtp.recipients().count("killed@example.net") == 1
