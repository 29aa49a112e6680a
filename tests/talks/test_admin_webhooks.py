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
