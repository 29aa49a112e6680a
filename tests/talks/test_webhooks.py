"""Webhooks against a real HTTP receiver on 127.0.0.1 (allow-listed here), in a thread."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from talks.interchange.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    webhook_dispatch,
    webhook_requeue_stale,
)
from talks.models import Webhook, WebhookDelivery
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    url: str
    failures_left: int = 0
    failure_status: int = 500
    failure_body: bytes = b""
    location: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((dict(self.headers.items()), body))
            failing = state.failures_left > 0
            status = state.failure_status if failing else 204
            answer = state.failure_body if failing else b""
            state.failures_left -= 1
            state.statuses.append(status)
            self.send_response(status)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:  # keep test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def _quick_backoff(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 0.01
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    # The test receiver is on this machine: allow-listed, as a self-hosted receiver would be.
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


def run_retries(rounds: int = 5) -> None:
    """What the worker's sweep does as time passes (the immediate backend cannot defer)."""
    for _ in range(rounds):
        webhook_requeue_stale(now=timezone.now() + timedelta(hours=2))


def test_delivery_is_signed_with_hmac_sha256_over_the_body(
    receiver, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory()
    hook = Webhook.objects.create(conference=conference, url=receiver.url, secret="s3cret")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(
            conference=conference, event="schedule.released", payload={"version": "1.0"}
        )
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    # The timestamp is signed with the body, so a receiver can refuse an old (replayed) one.
    timestamp = headers[TIMESTAMP_HEADER]
    assert abs(int(timestamp) - timezone.now().timestamp()) < 60
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
    assert headers["X-Hallway-Event"] == "schedule.released"
    assert json.loads(body) == {
        "event": "schedule.released",
        "conference": conference.slug,
        "delivery": hook.deliveries.get().pk,
        "payload": {"version": "1.0"},
    }
    delivery = hook.deliveries.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 204)


def test_failed_delivery_is_retried_with_backoff_until_it_succeeds(
    receiver, django_capture_on_commit_callbacks
):
    receiver.failures_left = 2
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={"talk": "x"})
    assert receiver.statuses == [500]
    assert WebhookDelivery.objects.get().status == "retrying"
    run_retries()
    assert receiver.statuses == [500, 500, 204]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("delivered", 3, "")
    # Every attempt carries the same signed body.
    assert len({body for _, body in receiver.received}) == 1


def test_delivery_gives_up_after_the_last_attempt(receiver, django_capture_on_commit_callbacks):
    receiver.failures_left = 10
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    run_retries()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 3, "HTTP 500")
    assert len(receiver.received) == 3


def test_unreachable_receiver_is_logged_as_an_error(django_capture_on_commit_callbacks):
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url="http://127.0.0.1:9/closed")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    run_retries()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.response_status is None
    # A category, not the operating system's message (which would map the network).
    assert delivery.error == "connection failed"


def test_only_active_hooks_of_that_conference_are_called(
    receiver, django_capture_on_commit_callbacks
):
    conference, other = ConferenceFactory(), ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    Webhook.objects.create(conference=conference, url=receiver.url + "/off", active=False)
    Webhook.objects.create(conference=other, url=receiver.url + "/other")
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = webhook_dispatch(conference=conference, event="talk.changed", payload={})
    assert len(deliveries) == 1
    assert len(receiver.received) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(receiver):
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    webhook_dispatch(conference=conference, event="talk.changed", payload={})
    # Inside the test's transaction nothing commits, so nothing is sent.
    assert receiver.received == []


def test_unknown_event_is_refused():
    with pytest.raises(ValueError, match="Unknown webhook event"):
        webhook_dispatch(conference=ConferenceFactory(), event="talk.deleted", payload={})


def test_import_announces_talk_changes_and_release_but_a_dry_run_does_not(
    receiver, tmp_path, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    conference = ConferenceFactory(slug="hooked", timezone="Europe/Berlin")
    Webhook.objects.create(conference=conference, url=receiver.url)
    event = {
        "guid": "44444444-4444-4444-8444-444444444444",
        "date": "2015-02-07T10:00:00+01:00",
        "duration": "00:30",
        "room": "Hall",
        "title": "Hooked talk",
    }
    day = {"date": "2015-02-07", "rooms": {"Hall": [event]}}
    document = {"schedule": {"version": "2.0", "conference": {"title": "H", "days": [day]}}}
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document))
    args = ("import_schedule", str(path), "--conference", "hooked")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*args, "--dry-run", stdout=io.StringIO())
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*args, stdout=io.StringIO())
    bodies = {json.loads(body)["event"]: json.loads(body) for _, body in receiver.received}
    assert len(receiver.received) == 2
    assert bodies["talk.changed"]["payload"]["change"] == "created"
    assert bodies["talk.changed"]["payload"]["talk"]["guid"] == event["guid"]
    assert bodies["schedule.released"]["payload"]["version"] == "2.0"


def test_releasing_a_schedule_announces_it(receiver, django_capture_on_commit_callbacks):
    from talks.services import schedule_release

    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_release(conference=conference, version="1.0")
    assert len(receiver.received) == 1
    _headers, body = receiver.received[0]
    assert json.loads(body)["event"] == "schedule.released"


# Safe webhooks: public addresses only, no redirects followed, no remote text kept.


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://[::1]:8000/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost:8000/hook",
        "ftp://example.org/hook",
    ],
)
def test_webhook_to_a_private_address_or_other_scheme_is_refused(settings, url):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    hook = Webhook(conference=ConferenceFactory(), url=url)
    with pytest.raises(ValidationError) as refused:
        hook.full_clean()
    assert "url" in refused.value.message_dict


def test_webhook_to_a_public_address_is_accepted(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    Webhook(conference=ConferenceFactory(), url="https://93.184.216.34/hook").full_clean()


def test_name_resolving_to_a_private_address_is_not_called(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    conference = ConferenceFactory()
    # Written before the rule (or a name that resolves privately): checked when sending.
    port = receiver.url.split(":")[2].split("/")[0]
    Webhook.objects.create(conference=conference, url=f"http://localhost:{port}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    assert receiver.received == []
    assert WebhookDelivery.objects.get().error == "address not allowed"


def test_redirects_are_not_followed_and_remote_text_is_not_kept(
    receiver, django_capture_on_commit_callbacks
):
    receiver.failures_left = 1
    receiver.failure_status = 302
    receiver.location = "http://127.0.0.1:9/internal-admin"
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    delivery = WebhookDelivery.objects.get()
    assert (delivery.response_status, delivery.error) == (302, "HTTP 302")
    assert len(receiver.received) == 1


def test_error_page_text_is_not_recorded(receiver, django_capture_on_commit_callbacks):
    receiver.failures_left = 1
    receiver.failure_status = 403
    receiver.failure_body = b"nginx: internal host db-7.corp refused you"
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    assert WebhookDelivery.objects.get().error == "HTTP 403"


def test_receiver_down_then_up_gets_every_event_once_in_order(
    receiver, django_capture_on_commit_callbacks
):
    receiver.failures_left = 2
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            webhook_dispatch(conference=conference, event="talk.changed", payload={"n": number})
    run_retries()
    delivered = [
        json.loads(body)["payload"]["n"]
        for (_, body), status in zip(receiver.received, receiver.statuses, strict=True)
        if status == 204
    ]
    assert delivered == [0, 1, 2]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_retry_now_sends_a_given_up_delivery_again(receiver, django_capture_on_commit_callbacks):
    from talks.interchange.webhooks import webhook_retry_now

    receiver.failures_left = 3
    conference = ConferenceFactory()
    Webhook.objects.create(conference=conference, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_dispatch(conference=conference, event="talk.changed", payload={})
    run_retries()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert webhook_retry_now(delivery_ids=[delivery.pk]) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
