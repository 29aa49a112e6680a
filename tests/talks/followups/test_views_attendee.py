import json
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from talks.followups.qr import qr_svg
from talks.followups.selectors import short_code
from talks.followups.views.attendee import ATTENDEE_LINK_SALT
from talks.models import FollowUp, FollowUpNote
from tests.factories import FollowUpFactory, FollowUpNoteFactory, TalkFactory
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db


def _form_url(talk):
    return reverse("followups:new", kwargs={"conference": talk.conference.slug, "slug": talk.slug})


def test_form_renders_for_anonymous_with_honeypot_hidden(client, cast):
    response = client.get(_form_url(cast.talk))
    assert response.status_code == 200
    assert "Follow up on “Building Services with Docker and Python”" in response.text
    assert '<div hidden aria-hidden="true">' in response.text
    assert "style=" not in response.text
    # Scripts only from files (CSP script-src 'self'): no inline script on the form.
    assert re.findall(r"<script(?![^>]*\bsrc=)", response.text) == []


def test_signed_in_attendee_sees_details_filled_in(client, cast):
    client.force_login(cast.attendee)
    response = client.get(_form_url(cast.talk))
    assert 'value="brian@example.net"' in response.text
    assert 'value="Brian Geiger"' in response.text


def test_submit_stores_redirects_to_private_link_and_mails(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_form_url(cast.talk), ATTENDEE_DATA)
    followup = FollowUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/follow-ups/{followup.token}/"
    page = client.get(response["Location"])
    assert "Sent. Thank you." in page.text
    assert f"/follow-ups/{followup.token}/" in page.text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert len(mailoutbox) == 3


def test_the_bookmarked_link_shows_the_status_not_the_thank_you(client, cast):
    client.post(_form_url(cast.talk), ATTENDEE_DATA)
    followup = FollowUp.objects.get()
    assert "Sent. Thank you." in client.get(f"/follow-ups/{followup.token}/").text
    again = client.get(f"/follow-ups/{followup.token}/")
    assert "Sent. Thank you." not in again.text
    assert 'Status: <strong class="status-badge status-new">New</strong>' in again.text
    # Another browser (the link opened from the e-mail) never sees the thank-you either.
    assert "Sent. Thank you." not in Client().get(f"/follow-ups/{followup.token}/").text


def test_the_form_marks_required_fields_and_puts_consent_beside_its_label(client, cast):
    text = client.get(_form_url(cast.talk)).text
    assert "</span> marks a required field.</p>" in text
    mark = '<span class="required-mark" aria-hidden="true">*</span>'
    assert f'<label for="id_email">Your e-mail address {mark}</label>' in text
    assert '<label for="id_affiliation">Affiliation (optional)</label>' in text
    consent = text[text.index('<div class="field field-check') :]
    checkbox, label, helptext = (
        consent.index('type="checkbox"'),
        consent.index('<label for="id_consent_to_share">'),
        consent.index('id="id_consent_to_share_helptext"'),
    )
    assert checkbox < label < helptext


def test_submit_with_errors_shows_them_and_stores_nothing(client, cast):
    response = client.post(
        _form_url(cast.talk), {**ATTENDEE_DATA, "email": "not-an-address", "message": ""}
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert "This field is required." in response.text
    assert FollowUp.objects.count() == 0


def test_too_long_message_is_refused(client, cast):
    response = client.post(_form_url(cast.talk), {**ATTENDEE_DATA, "message": "x" * 5001})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.text
    assert FollowUp.objects.count() == 0


def test_rating_on_non_feedback_is_refused(client, cast):
    response = client.post(_form_url(cast.talk), {**ATTENDEE_DATA, "rating": "5"})
    assert response.status_code == 400
    assert "A rating goes with feedback only." in response.text


def test_feedback_with_rating_is_stored(client, cast):
    client.post(_form_url(cast.talk), {**ATTENDEE_DATA, "kind": "feedback", "rating": "5"})
    assert FollowUp.objects.get().rating == 5


def test_honeypot_filled_is_refused_and_nothing_stored(client, cast, mailoutbox):
    response = client.post(
        _form_url(cast.talk), {**ATTENDEE_DATA, "leave_this_empty": "http://spam"}
    )
    assert response.status_code == 400
    assert "This looked automated" in response.text
    assert FollowUp.objects.count() == 0
    assert mailoutbox == []


def test_closed_conference_shows_notice_and_refuses_post(client, cast):
    cast.talk.conference.followups_closed = True
    cast.talk.conference.save()
    assert "closed follow-ups" in client.get(_form_url(cast.talk)).text
    response = client.post(_form_url(cast.talk), ATTENDEE_DATA)
    assert response.status_code == 400
    assert FollowUp.objects.count() == 0


def test_draft_talk_has_no_form(client, cast):
    draft = TalkFactory(conference=cast.talk.conference, state="draft")
    assert client.get(_form_url(draft)).status_code == 404


def test_short_qr_url_forwards_to_form(client, cast):
    response = client.get(f"/f/{short_code(cast.talk)}/")
    assert response.status_code == 302
    assert response["Location"] == _form_url(cast.talk)
    assert client.get("/f/zzzzzz/").status_code == 404
    assert client.get("/f/not_base36!/").status_code == 404


def test_qr_svg_encodes_short_url(client, cast):
    url = reverse(
        "followups:qr", kwargs={"conference": "pytennessee-2015", "slug": "docker-python"}
    )
    response = client.get(url + "?download=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="follow-up-docker-python.svg"'
    assert b"<svg" in response.content
    # Same bytes as segno gives for the absolute short URL: the code points to /f/<code>/.
    expected = qr_svg(
        f"http://testserver/f/{short_code(cast.talk)}/", title=f"Follow up: {cast.talk.title}"
    )
    assert response.content == expected


def test_status_page_shows_replies_not_internal_notes(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    FollowUpNoteFactory(followup=followup, kind="reply", body="Public answer")
    FollowUpNoteFactory(followup=followup, kind="internal", body="Secret between speakers")
    page = client.get(reverse("followups:status", kwargs={"token": followup.token}))
    assert "Public answer" in page.text
    assert "Secret between speakers" not in page.text


def test_unknown_token_is_404(client, cast):
    assert client.get("/follow-ups/not-a-real-token/").status_code == 404


def test_attendee_adds_and_withdraws_through_private_link(client, cast, mailoutbox):
    followup = FollowUpFactory(talk=cast.talk, status="answered")
    client.post(
        reverse("followups:add", kwargs={"token": followup.token}), {"body": "And the code?"}
    )
    followup.refresh_from_db()
    assert followup.status == "open"
    assert FollowUpNote.objects.get().kind == "attendee"
    response = client.post(reverse("followups:withdraw", kwargs={"token": followup.token}))
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "withdrawn"
    assert "You withdrew this follow-up." in client.get(response["Location"]).text


def test_empty_addition_is_refused(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    response = client.post(reverse("followups:add", kwargs={"token": followup.token}), {"body": ""})
    assert response.status_code == 400
    assert FollowUpNote.objects.count() == 0


def test_attendee_data_link_is_mailed_and_exports_then_deletes(
    client, cast, mailoutbox, sent_on_commit
):
    mine = FollowUpFactory(talk=cast.talk, email="me@example.net", message="My own words")
    FollowUpNoteFactory(followup=mine, kind="reply", body="Speaker answer")
    FollowUpNoteFactory(followup=mine, kind="internal", body="Internal only")
    FollowUpFactory(talk=cast.talk, email="someone@example.net", message="Not mine")
    with sent_on_commit():
        response = client.post(
            reverse("followups:attendee_data_request"), {"email": "me@example.net"}
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["me@example.net"]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/follow-ups/mine/" in line)
    path = link[link.index("/follow-ups/mine/") :]
    page = client.get(path)
    assert "My own words" not in page.text  # listed by talk and kind; contents in the export
    export = json.loads(client.get(path + "?format=json").content)
    assert [f["message"] for f in export] == ["My own words"]
    assert [n["body"] for n in export[0]["thread"]] == ["Speaker answer"]
    client.post(path, {"confirm": "delete"})
    assert list(FollowUp.objects.values_list("message", flat=True)) == ["Not mine"]


def test_attendee_data_with_forged_or_old_link_is_refused(client, cast, settings):
    FollowUpFactory(talk=cast.talk, email="me@example.net")
    forged = signing.dumps("me@example.net", salt="another-salt")
    assert client.get(f"/follow-ups/mine/{forged}/").status_code == 404
    good = signing.dumps("me@example.net", salt=ATTENDEE_LINK_SALT)
    assert client.get(f"/follow-ups/mine/{good}/").status_code == 200
    assert client.post(f"/follow-ups/mine/{forged}/", {"confirm": "delete"}).status_code == 404
    assert FollowUp.objects.count() == 1


def test_signed_in_attendee_exports_and_deletes_by_account_only(client, cast):
    FollowUpFactory(talk=cast.talk, author=cast.attendee, message="Sent signed in")
    FollowUpFactory(talk=cast.talk, email=cast.attendee.email, message="Sent anonymously")
    url = reverse("followups:account_data")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(cast.attendee)
    export = json.loads(client.get(url + "?format=json").content)
    assert [f["message"] for f in export] == ["Sent signed in"]
    client.post(url, {"confirm": "delete"})
    assert list(FollowUp.objects.values_list("message", flat=True)) == ["Sent anonymously"]


def test_a_reply_is_signed_with_the_speakers_name(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk, email="brian@example.net")
    client.force_login(cast.speaker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followups:reply", kwargs={"pk": followup.pk}), {"body": "Here."})
    name = cast.speaker.speaker_profile.name
    page = Client().get(reverse("followups:status", kwargs={"token": followup.token})).text
    assert f"<strong>{name}</strong>" in page
    assert "<strong>Speaker</strong>" not in page
    [reply] = [m for m in mailoutbox if m.to == ["brian@example.net"]]
    assert f"— {name}" in reply.body


def test_withdraw_is_a_destructive_button_apart_from_add(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    text = client.get(reverse("followups:status", kwargs={"token": followup.token})).text
    assert '<button type="submit">Add to this follow-up</button>' in text
    assert '<button type="submit" class="danger">Withdraw this follow-up</button>' in text


def test_the_talk_page_offers_the_follow_up_by_its_title(client, cast):
    text = client.get(cast.talk.get_absolute_url()).text
    form_url = reverse(
        "followups:new", kwargs={"conference": "pytennessee-2015", "slug": "docker-python"}
    )
    title, button = text.index("<h1>"), text.index(f'<a class="button" href="{form_url}">')
    assert 0 < button - title < text.index('id="h-speakers"') - title
