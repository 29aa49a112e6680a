"""The e-mails of the follow-up workflow, composed from templates/talks/followups/email/.

Each function renders one message and puts it in the outbox (conference/outbox.py) in the
caller's transaction; the worker sends it, retrying with back-off, so nothing here waits
for SMTP or fails with it.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from conference.outbox import mail_queue
from talks.models import FollowUp, FollowUpNote, Speaker


def absolute_url(path: str) -> str:
    """A link for an e-mail: there is no request, so the site's address comes from settings."""
    return settings.SITE_URL.rstrip("/") + path


def followup_status_url(followup: FollowUp) -> str:
    return absolute_url(reverse("followups:status", kwargs={"token": followup.token}))


def _send(
    template: str, context: dict[str, Any], to: Sequence[str], *, limited: bool = False
) -> None:
    """Queue the message once per address. ``limited``: the address came from an anonymous
    visitor, so the outbox's per-address cap applies (no relay for spam)."""
    subject = render_to_string(f"talks/followups/email/{template}_subject.txt", context)
    body = render_to_string(f"talks/followups/email/{template}_body.txt", context)
    for address in to:
        mail_queue(
            to=address,
            subject=" ".join(subject.split()),  # one line: a header cannot hold a newline
            body=body,
            kind=f"followups.{template}",
            limited=limited,
        )


def speaker_address(speaker: Speaker) -> str:
    """Where a speaker's mail goes: the claimed account's address, else the profile's."""
    if speaker.user_id and speaker.user and speaker.user.email:
        return speaker.user.email
    return speaker.email


def send_receipt(followup: FollowUp) -> None:
    _send(
        "receipt",
        {"followup": followup, "talk": followup.talk, "status_url": followup_status_url(followup)},
        [followup.email],
        limited=True,
    )


def send_speaker_notification(
    followup: FollowUp, speakers: Iterable[Speaker], *, addition: FollowUpNote | None = None
) -> None:
    recipients = sorted({speaker_address(s) for s in speakers} - {""})
    if not recipients:
        return
    context = {
        "followup": followup,
        "talk": followup.talk,
        "addition": addition,
        "inbox_url": absolute_url(reverse("followups:detail", kwargs={"pk": followup.pk})),
    }
    # Each speaker gets their own message so addresses are not shared between co-speakers.
    for address in recipients:
        _send("notify", context, [address])


def send_reply(note: FollowUpNote) -> None:
    followup = note.followup
    _send(
        "reply",
        {
            "followup": followup,
            "talk": followup.talk,
            "note": note,
            "status_url": followup_status_url(followup),
        },
        [followup.email],
    )


def send_digest(speaker: Speaker, followups: Sequence[FollowUp]) -> None:
    address = speaker_address(speaker)
    if not address:
        return
    _send(
        "digest",
        {
            "speaker": speaker,
            "followups": followups,
            "inbox_url": absolute_url(reverse("followups:inbox")),
        },
        [address],
    )


def send_invitation(speaker: Speaker) -> None:
    url = absolute_url(reverse("followups:claim", kwargs={"token": speaker.invitation_token}))
    _send("invitation", {"speaker": speaker, "claim_url": url}, [speaker.email])


def send_attendee_data_link(email: str, url: str) -> None:
    _send("attendee_data", {"url": absolute_url(url)}, [email], limited=True)
