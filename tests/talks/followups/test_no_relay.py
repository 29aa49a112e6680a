"""No mail relay: what an anonymous visitor writes never reaches an address they typed."""

import pytest
from django.urls import reverse

from conference.models import OutgoingMail
from talks.followups import services
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def test_receipt_carries_no_attendee_written_text(cast, mailoutbox, sent_on_commit):
    data = {
        "kind": "question",
        "message": "BUY CHEAP WATCHES at spam.example",
        "name": "Visit spam.example now",
        "email": "victim@example.net",
        "consent_to_share": True,
    }
    with sent_on_commit():
        services.followup_create(talk=cast.talk, data=data)
    receipt = next(m for m in mailoutbox if m.to == ["victim@example.net"])
    assert "spam.example" not in receipt.subject + receipt.body
    assert "/follow-ups/" in receipt.body  # the private link, where the text can be read
    # The speakers, whom the follow-up is for, do get the message.
    notices = [m for m in mailoutbox if m.to != ["victim@example.net"]]
    assert notices
    assert all("BUY CHEAP WATCHES" in m.body for m in notices)


def test_data_link_goes_only_to_an_address_that_sent_follow_ups(
    client, cast, mailoutbox, sent_on_commit
):
    FollowUpFactory(talk=cast.talk, email="me@example.net")
    url = reverse("followups:attendee_data_request")
    with sent_on_commit():
        stranger = client.post(url, {"email": "stranger@example.net"})
        mine = client.post(url, {"email": "me@example.net"})
    # The same answer either way: the page tells nobody whether an address is known.
    assert (stranger.status_code, mine.status_code) == (302, 302)
    assert [m.to for m in mailoutbox] == [["me@example.net"]]


def test_receipts_to_one_address_are_capped(cast, settings, mailoutbox, sent_on_commit):
    settings.OUTBOX_MAIL_PER_ADDRESS_PER_HOUR = 2
    data = {"kind": "question", "message": "Hi", "name": "X", "email": "victim@example.net"}
    with sent_on_commit():
        for _ in range(4):
            services.followup_create(talk=cast.talk, data={**data, "consent_to_share": True})
    receipts = OutgoingMail.objects.filter(kind="followups.receipt")
    assert sorted(receipts.values_list("status", flat=True)) == [
        "sent",
        "sent",
        "suppressed",
        "suppressed",
    ]
    assert len([m for m in mailoutbox if m.to == ["victim@example.net"]]) == 2
