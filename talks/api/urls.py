"""The API's URLs: one DRF router for /api/v1/, plus the schema and its docs.

Other areas register their viewsets on ``router`` below (see "Follow-ups"), so they get
the same auth, errors, pagination and schema. Anything under /api/ that is not routed here
is a JSON 404 (the last pattern), so add API routes in this file, not in conference/urls.py.
"""

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from talks.api.views.catalogue import (
    ConferenceSpeakerViewSet,
    SpeakerViewSet,
    TagViewSet,
    TalkCatalogueViewSet,
    TalkViewSet,
)
from talks.api.views.conferences import ConferenceViewSet, RoomViewSet, TrackViewSet
from talks.api.views.me import ApiTokenViewSet, BookmarkViewSet, MeView, PersonalScheduleView
from talks.api.views.not_found import api_not_found
from talks.api.views.reference import api_reference_page
from talks.api.views.schedule import ReleasedScheduleView, ScheduleVersionViewSet, SlotViewSet

CONFERENCE = r"conferences/(?P<conference_slug>[\w-]+)"

router = DefaultRouter()
router.register("conferences", ConferenceViewSet, basename="conference")
router.register(f"{CONFERENCE}/rooms", RoomViewSet, basename="conference-room")
router.register(f"{CONFERENCE}/tracks", TrackViewSet, basename="conference-track")
router.register(f"{CONFERENCE}/talks", TalkViewSet, basename="conference-talk")
router.register(f"{CONFERENCE}/speakers", ConferenceSpeakerViewSet, basename="conference-speaker")
router.register(f"{CONFERENCE}/schedules", ScheduleVersionViewSet, basename="conference-schedule")
router.register(f"{CONFERENCE}/slots", SlotViewSet, basename="conference-slot")
router.register("talks", TalkCatalogueViewSet, basename="talk")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("tags", TagViewSet, basename="tag")
router.register("me/bookmarks", BookmarkViewSet, basename="bookmark")
router.register("me/tokens", ApiTokenViewSet, basename="token")

# Follow-ups are mounted beside this router, at /api/v1/followups/ (talks/followups/
# api_urls.py); creation is limited as on the website (talks/followups/ratelimit.py).

v1_patterns: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="me"),
    path("me/schedule/", PersonalScheduleView.as_view(), name="me-schedule"),
    re_path(
        rf"^{CONFERENCE}/schedule/$",
        ReleasedScheduleView.as_view(),
        name="conference-released-schedule",
    ),
    path("", include(router.urls)),
]

app_name = "api"

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The reference, server-rendered from the schema: readable without JavaScript.
    path("docs/", api_reference_page, name="docs"),
    # Swagger UI to try calls. The split view serves its init script as a file: no inline
    # script under our CSP. (No ReDoc: its page loads web fonts from a CDN.)
    path(
        "docs/swagger/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="swagger",
    ),
    re_path(r"^[\s\S]*$", api_not_found),  # any path, newlines included
]
