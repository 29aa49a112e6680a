"""What organizers see: per-talk follow-up counts (no contents), moving a follow-up to the
right talk, closing follow-ups for a conference, and inviting a speaker to claim a profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conference.infrastructure.urls_safety import safe_next
from conference.models import Conference
from talks.followups import selectors, services
from talks.followups.forms import ReassignForm
from talks.followups.views.auth import sign_in_required
from talks.models import FollowUp, Speaker, Talk


def _conference_for_organizer(request: HttpRequest, slug: str) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not request.user.has_perm("talks.view_followup_counts", conference):
        raise PermissionDenied("Only this conference's organizers see its follow-up counts.")
    return conference


@sign_in_required
def conference_followups(request: HttpRequest, conference: str) -> HttpResponse:
    conf = _conference_for_organizer(request, conference)
    talks = list(selectors.followup_counts(conference=conf))
    context = {
        "conference": conf,
        "may_close": request.user.has_perm("conference.close_followups", conf),
        "talks": talks,
        "followups": selectors.followups_for_reassignment(conference=conf),
        "speakers": selectors.speakers_to_invite(conference=conf),
        # Annotated by selectors.followup_counts, so unknown to the model's type.
        "total": sum(t.followups_total for t in talks),  # type: ignore[attr-defined]  # annotated
        "open": sum(t.followups_open for t in talks),  # type: ignore[attr-defined]  # annotated
    }
    return render(request, "talks/followups/organizer.html", context)


@sign_in_required
@require_POST
def conference_close(request: HttpRequest, conference: str) -> HttpResponse:
    conf = _conference_for_organizer(request, conference)
    if not request.user.has_perm("conference.close_followups", conf):
        raise PermissionDenied("Only this conference's organizers close its follow-ups.")
    closed = request.POST.get("closed") == "1"
    services.conference_set_followups_closed(conference=conf, user=request.user, closed=closed)
    messages.success(request, "Follow-ups closed." if closed else "Follow-ups reopened.")
    return redirect("followups:organizer", conference=conf.slug)


@sign_in_required
@require_POST
def followup_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Organizers (from the counts page) and the recipients (from the thread) move it to
    another talk its recipients speak on (services.followup_move says why not otherwise)."""
    followup = get_object_or_404(FollowUp.objects.select_related("talk__conference"), pk=pk)
    if not request.user.has_perm("talks.move_followup", followup):
        raise PermissionDenied("Only organizers and the follow-up's speakers can move it.")
    conference = followup.talk.conference
    form = ReassignForm(request.POST, talks=Talk.objects.for_conference(conference))
    if form.is_valid():
        try:
            services.followup_move(
                followup=followup, user=request.user, talk=form.cleaned_data["talk"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Moved to “{form.cleaned_data['talk'].title}”.")
    else:
        messages.error(request, "Choose a talk of the same conference.")
    if request.user.has_perm("talks.view_followup_counts", conference):
        return redirect("followups:organizer", conference=conference.slug)
    return redirect("followups:inbox")


@sign_in_required
@require_POST
def speaker_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """E-mail a speaker the link to claim their profile (the admin's "invite" button posts here)."""
    speaker = get_object_or_404(Speaker, slug=slug)
    try:
        services.speaker_invite(speaker=speaker, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation sent to {speaker.name}.")
    return redirect(safe_next(request, default=speaker.get_absolute_url()))
