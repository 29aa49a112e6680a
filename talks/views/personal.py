"""/me/: the personal schedule and its private calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from talks.models import CalendarFeed
from talks.selectors.personal import personal_schedule
from talks.services import calendar_feed_get_or_create, calendar_feed_revoke


@login_required
def my_schedule(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()  # type: ignore[misc]  # login_required: never anonymous
    feed_url = (
        request.build_absolute_uri(reverse("me:feed", kwargs={"token": feed.token}))
        if feed
        else None
    )
    context = {"personal": personal_schedule(user=request.user), "feed_url": feed_url}
    response = render(request, "talks/my_schedule.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
@login_required
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """action=create makes the secret feed address; action=revoke replaces it."""
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(user=request.user)
        messages.success(request, "The old calendar address no longer works; here is a new one.")
    else:
        calendar_feed_get_or_create(user=request.user)
        messages.success(request, "Your private calendar address is ready.")
    return redirect("me:schedule")
