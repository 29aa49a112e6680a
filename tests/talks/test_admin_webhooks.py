import pytest
from django.contrib.auth.models import Permission

from talks.models import Webhook
from tests.factories import ConferenceFactory, OrganizerMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organizer_sees_only_their_conferences_webhooks(client):
    mine, theirs = ConferenceFactory(), ConferenceFactory()
    Webhook.objects.create(conference=mine, url="https://mine.example.org/hook")
    Webhook.objects.create(conference=theirs, url="https://theirs.example.org/hook")
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_webhook", "change_webhook"])
    )
    OrganizerMembershipFactory(user=user, conference=mine)
    client.force_login(user)
    page = client.get("/admin/talks/webhook/")
    assert page.status_code == 200
    assert b"mine.example.org" in page.content
    assert b"theirs.example.org" not in page.content
    other = Webhook.objects.get(conference=theirs)
    assert client.get(f"/admin/talks/webhook/{other.pk}/change/").status_code in (302, 404)


def test_delivery_log_is_read_only_for_superusers(admin_client):
    assert admin_client.get("/admin/talks/webhookdelivery/").status_code == 200
    assert admin_client.get("/admin/talks/webhookdelivery/add/").status_code == 403


def test_webhook_page_shows_its_delivery_log(admin_client):
    from talks.models import WebhookDelivery

    hook = Webhook.objects.create(conference=ConferenceFactory(), url="https://a.example.org/h")
    WebhookDelivery.objects.create(
        webhook=hook, event="talk.changed", payload={}, status="failed", error="HTTP 500"
    )
    page = admin_client.get(f"/admin/talks/webhook/{hook.pk}/change/")
    assert page.status_code == 200
    assert b"HTTP 500" in page.content


def _given_up_delivery(conference):
    from talks.models import WebhookDelivery

    # Allow-listed and closed: an attempt fails at once, without the network.
    hook = Webhook.objects.create(conference=conference, url="http://127.0.0.1:9/h")
    return WebhookDelivery.objects.create(
        webhook=hook, event="talk.changed", payload={}, status="failed", attempts=8
    )


def test_retry_now_in_the_delivery_log_tries_a_given_up_delivery_again(admin_client, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    delivery = _given_up_delivery(ConferenceFactory())
    response = admin_client.post(
        "/admin/talks/webhookdelivery/",
        {"action": "retry_now", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    # Attempts start again from zero; the one made now failed, so it waits to retry.
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "retrying",
        1,
        "connection failed",
    )


def test_retry_now_needs_the_right_to_manage_that_conferences_webhooks(client, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    conference = ConferenceFactory()
    delivery = _given_up_delivery(conference)
    volunteer = UserFactory(is_staff=True)
    volunteer.user_permissions.add(*Permission.objects.filter(codename="view_webhookdelivery"))
    OrganizerMembershipFactory(user=volunteer, conference=conference, role="volunteer")
    client.force_login(volunteer)
    client.post(
        "/admin/talks/webhookdelivery/",
        {"action": "retry_now", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_outbox_retry_now_is_for_superusers(admin_client, client):
    from conference.models import OutgoingMail

    message = OutgoingMail.objects.create(
        kind="followups.receipt", to="a@example.net", subject="s", body="b", status="dead"
    )
    organizer = OrganizerMembershipFactory(conference=ConferenceFactory()).user
    organizer.is_staff = True
    organizer.save()
    client.force_login(organizer)
    assert client.get("/admin/conference/outgoingmail/").status_code == 403
    response = admin_client.post(
        "/admin/conference/outgoingmail/",
        {"action": "retry_now", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    # Due now; sent by the worker once the action's transaction commits.
    assert (message.status, message.attempts) == ("pending", 0)
