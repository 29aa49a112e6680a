"""What speakers see: the inbox, a thread with reply and status, CSV export, settings,
and the invitation link that lets a speaker claim their profile."""

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from talks.followups import selectors, services
from talks.followups.forms import DigestForm, InboxFilterForm, ReassignForm, ReplyForm, StatusForm
from talks.followups.views.auth import login_url, sign_in_required
from talks.interchange.exports.csv import safe_cell
from talks.models import FollowUp, Speaker
from talks.models.attendees import signature_of

INBOX_PAGE_SIZE = 50


def _filtered_inbox(request: HttpRequest) -> tuple[InboxFilterForm, QuerySet[FollowUp]]:
    talks = selectors.inbox_talks(user=request.user)
    form = InboxFilterForm(request.GET or None, talks=talks)
    filters = form.cleaned_data if form.is_valid() else {}
    followups = selectors.followup_inbox(
        user=request.user,
        talk=filters.get("talk"),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
    )
    return form, followups


def _speaker_of(user: Any) -> Speaker | None:
    return Speaker.objects.filter(user=user).first() if user.is_authenticated else None


@sign_in_required
def inbox(request: HttpRequest) -> HttpResponse:
    form, followups = _filtered_inbox(request)
    page = Paginator(followups, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "followups": page.object_list,
        "speaker": _speaker_of(request.user),
        "talks": form.fields["talk"].queryset,  # type: ignore[attr-defined]  # ModelChoiceField
        "query": filters.urlencode(),
    }
    return render(request, "talks/followups/inbox.html", context)


@sign_in_required
def inbox_export(request: HttpRequest) -> HttpResponse:
    """The inbox (as filtered) as CSV; contact details only where the attendee consented."""
    _form, followups = _filtered_inbox(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="follow-ups-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        ["created", "conference", "talk", "kind", "status", "rating", "name", "email",
         "affiliation", "message", "notes"]
    )  # fmt: skip
    for f in followups:
        shared = f.consent_to_share
        row = [
            f.created_at.isoformat(), f.talk.conference.name, f.talk.title, f.kind, f.status,
            f.rating or "", f.name if shared else "", f.email if shared else "",
            f.affiliation if shared else "", f.message, getattr(f, "note_count", 0),
        ]  # fmt: skip
        writer.writerow([safe_cell(v) for v in row])
    return response


def _detail_context(request: HttpRequest, followup: FollowUp, **forms: object) -> dict:
    # Only the talks the follow-up may move to: all its recipients speak on them.
    other_talks = selectors.followup_move_targets(followup=followup)
    return {
        "followup": followup,
        "notes": followup.notes.all(),
        "show_contact": followup.consent_to_share
        and request.user.has_perm("talks.view_followup", followup),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": followup.status}),
        "reassign_form": ReassignForm(talks=other_talks),
        "withdrawn": followup.status == FollowUp.Status.WITHDRAWN,
        "user_signature": signature_of(request.user),
    }


@sign_in_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    followup = selectors.followup_get_for_speaker(user=request.user, pk=pk)
    return render(request, "talks/followups/detail.html", _detail_context(request, followup))


def _thread_action(
    request: HttpRequest,
    followup: FollowUp,
    form: ReplyForm | StatusForm,
    form_name: str,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A speaker's posted action on a thread: ``act`` calls the service with the form's
    data and returns the message to show; then back to the thread. A form or service
    error shows the thread again, with the error on this form (400)."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("followups:detail", pk=followup.pk)
    context = _detail_context(request, followup, **{form_name: form})
    return render(request, "talks/followups/detail.html", context, status=400)


@sign_in_required
@require_POST
def followup_reply(request: HttpRequest, pk: int) -> HttpResponse:
    followup = selectors.followup_get_for_speaker(user=request.user, pk=pk)

    def reply(data: dict[str, Any]) -> str:
        services.followup_reply(
            followup=followup, user=request.user, body=data["body"], internal=data["internal"]
        )
        return "Note saved." if data["internal"] else "Reply sent."

    return _thread_action(request, followup, ReplyForm(request.POST), "reply_form", reply)


@sign_in_required
@require_POST
def followup_status(request: HttpRequest, pk: int) -> HttpResponse:
    followup = selectors.followup_get_for_speaker(user=request.user, pk=pk)

    def set_status(data: dict[str, Any]) -> str:
        services.followup_set_status(followup=followup, user=request.user, status=data["status"])
        return f"Marked {followup.get_status_display().lower()}."

    return _thread_action(request, followup, StatusForm(request.POST), "status_form", set_status)


@sign_in_required
def speaker_settings(request: HttpRequest) -> HttpResponse:
    speaker = _speaker_of(request.user)
    if speaker is None:
        raise PermissionDenied("Only speakers who claimed their profile have settings here.")
    form = DigestForm(
        request.POST or None, initial={"followup_digest": "1" if speaker.followup_digest else "0"}
    )
    if request.method == "POST" and form.is_valid():
        services.speaker_set_digest(speaker=speaker, digest=form.cleaned_data["followup_digest"])
        messages.success(request, "Saved.")
        return redirect("followups:inbox")
    return render(request, "talks/followups/settings.html", {"form": form, "speaker": speaker})


def speaker_claim(request: HttpRequest, token: str) -> HttpResponse:
    """Claim a speaker profile from an organizer's invitation.

    Signed in: one button. Not signed in: create an account here, which claims at once
    (both in one transaction, so a failed claim leaves no stray account).
    """
    speaker = services.speaker_by_invitation(token=token)
    if speaker is None:
        return render(request, "talks/followups/claim_invalid.html", status=404)
    signup: UserCreationForm | None = (
        None if request.user.is_authenticated else UserCreationForm(request.POST or None)
    )
    error = ""
    user: Any = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                if signup is None:
                    user = request.user
                elif signup.is_valid():
                    user = signup.save(commit=False)
                    user.email = speaker.email
                    user.save()
                else:
                    user = None
                if user is not None:
                    services.speaker_claim(token=token, user=user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if user is not None:
                if signup is not None:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, "Welcome. Follow-ups on your talks arrive here.")
                return redirect("followups:inbox")
    status = 400 if request.method == "POST" else 200
    context = {"speaker": speaker, "signup": signup, "error": error, "sign_in_url": login_url()}
    return render(request, "talks/followups/claim.html", context, status=status)
