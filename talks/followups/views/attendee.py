"""What attendees see: the follow-up form, the QR short link, the private status page and
the page to export or delete everything they submitted (no account needed)."""

import json
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conference.selectors import conference_get_public
from talks.followups import ratelimit, selectors, services, tasks
from talks.followups.forms import AttendeeEmailForm, FollowUpForm, NoteForm
from talks.followups.qr import qr_svg
from talks.followups.views.auth import sign_in_required
from talks.selectors import talk_get_public

ATTENDEE_LINK_SALT = "talks.followups.attendee-data"
ATTENDEE_LINK_MAX_AGE = 24 * 3600
# The token of the follow-up this browser just sent: its status page says "Sent" once,
# and the link to bookmark stays clean (no ?sent=1 that would say it for ever).
JUST_SENT = "followups.just_sent"


def _private(response: HttpResponse) -> HttpResponse:
    # Pages behind a secret link: not for search engines or shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def followup_new(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    conf = conference_get_public(slug=conference)
    talk = talk_get_public(conference=conf, slug=slug)
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST, user=request.user)
        status = 400
        # Validated first: invalid input is never counted against anyone's limit.
        if form.is_valid():
            sender = str(form.cleaned_data.get("email") or getattr(request.user, "email", ""))
            if not ratelimit.allow_followup(request, talk=talk, sender=sender):
                form.add_error(None, "Too many follow-ups from you just now. Try again in an hour.")
                status = 429
            else:
                try:
                    followup = services.followup_create(
                        talk=talk, data=form.service_data(), author=request.user
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    request.session[JUST_SENT] = followup.token
                    return redirect("followups:status", token=followup.token)
    else:
        form = FollowUpForm(user=request.user)
    context = {"conference": conf, "talk": talk, "form": form}
    return render(request, "talks/followups/new.html", context, status=status)


def followup_short(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code's target: short to scan, it forwards to the talk's follow-up form."""
    talk = selectors.talk_by_short_code(code=code)
    return redirect("followups:new", conference=talk.conference.slug, slug=talk.slug)


def followup_qr(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    """The SVG QR code for a talk's short link, to put on the last slide or the door."""
    conf = conference_get_public(slug=conference)
    talk = talk_get_public(conference=conf, slug=slug)
    url = request.build_absolute_uri(
        reverse("followups:short", kwargs={"code": selectors.short_code(talk)})
    )
    response = HttpResponse(qr_svg(url, title=f"Follow up: {talk.title}"), "image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="follow-up-{talk.slug}.svg"'
    return response


@never_cache
def followup_status(request: HttpRequest, token: str) -> HttpResponse:
    followup = selectors.followup_get_by_token(token=token)
    context = {
        "followup": followup,
        "notes": followup.attendee_notes,  # type: ignore[attr-defined]  # Prefetch to_attr
        "form": NoteForm(),
        "sent": request.session.pop(JUST_SENT, None) == token,
        "status_url": request.build_absolute_uri(request.path),
    }
    return _private(render(request, "talks/followups/status.html", context))


@require_POST
def followup_add(request: HttpRequest, token: str) -> HttpResponse:
    followup = selectors.followup_get_by_token(token=token)
    form = NoteForm(request.POST)
    status = 400
    if form.is_valid() and not ratelimit.allow_followup(
        request, action="add", talk=followup.talk, sender=followup.email
    ):
        form.add_error(None, "Too many messages to this follow-up just now. Try again in an hour.")
        status = 429
    elif form.is_valid():
        try:
            services.followup_add(followup=followup, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Added. The speakers will see it in their inbox.")
            return redirect("followups:status", token=token)
    context = {
        "followup": followup,
        "notes": followup.attendee_notes,  # type: ignore[attr-defined]  # Prefetch to_attr
        "form": form,
    }
    return _private(render(request, "talks/followups/status.html", context, status=status))


@require_POST
def followup_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    followup = selectors.followup_get_by_token(token=token)
    services.followup_withdraw(followup=followup)
    messages.success(request, "Withdrawn. The speakers will not see it any more.")
    return redirect("followups:status", token=token)


def attendee_data_request(request: HttpRequest) -> HttpResponse:
    """Ask for a link (by e-mail) to everything submitted with an address."""
    form = AttendeeEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if ratelimit.allow_followup(request, action="data-link", sender=email):
            signed = signing.dumps(email, salt=ATTENDEE_LINK_SALT)
            url = reverse("followups:attendee_data", kwargs={"signed": signed})
            tasks.send_attendee_data_link(email, url)
        # The same answer whether or not anything was submitted with this address.
        messages.success(request, "If you sent follow-ups with that address, a link is on its way.")
        return redirect("followups:attendee_data_request")
    return render(request, "talks/followups/attendee_request.html", {"form": form})


def _email_from_link(signed: str) -> str | None:
    try:
        return str(signing.loads(signed, salt=ATTENDEE_LINK_SALT, max_age=ATTENDEE_LINK_MAX_AGE))
    except signing.BadSignature:
        return None


@never_cache
def attendee_data(request: HttpRequest, signed: str) -> HttpResponse:
    """Everything submitted with the address the link proves: see, export (JSON), delete."""
    email = _email_from_link(signed)
    if email is None:
        return _private(render(request, "talks/followups/attendee_expired.html", status=404))
    return _attendee_data_page(request, email=email, who=email)


@sign_in_required
@never_cache
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything sent while signed in to this account: see, export (JSON), delete.

    By account only: an account's e-mail address is not proven, so it does not unlock
    follow-ups sent without signing in (the e-mailed link does that).
    """
    return _attendee_data_page(request, author=request.user, who=request.user.get_username())


def _attendee_data_page(
    request: HttpRequest, *, who: str, email: str = "", author: Any = None
) -> HttpResponse:
    followups = list(selectors.followups_of_attendee(email=email, author=author))
    if request.method == "POST" and request.POST.get("confirm") == "delete":
        count = services.attendee_delete_all(email=email, author=author)
        messages.success(
            request,
            ngettext(
                "Deleted %(n)d follow-up and its thread.",
                "Deleted %(n)d follow-ups and their threads.",
                count,
            )
            % {"n": count},
        )
        return redirect(request.path)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(attendee_export(followups), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="my-follow-ups.json"'
        return _private(response)
    context = {"who": who, "followups": followups}
    return _private(render(request, "talks/followups/attendee_data.html", context))


def attendee_export(followups: list) -> list[dict]:
    """What an attendee submitted and was told, as plain data (no internal notes)."""
    return [
        {
            "conference": f.talk.conference.name,
            "talk": f.talk.title,
            "kind": f.kind,
            "status": f.status,
            "message": f.message,
            "rating": f.rating,
            "name": f.name,
            "email": f.email,
            "affiliation": f.affiliation,
            "consent_to_share": f.consent_to_share,
            "created_at": f.created_at.isoformat(),
            "thread": [
                {"kind": n.kind, "body": n.body, "created_at": n.created_at.isoformat()}
                for n in f.attendee_notes
            ],
        }
        for f in followups
    ]
