"""Hallway's URLs: the website, the admin and (later) the API."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conference import accounts, views
from conference.security import ThrottledLoginView
from talks import calendar_views, personal_views, schedule_views
from talks import views as talk_views
from talks.sitemaps import SITEMAPS

conference_patterns = (
    [
        path("", views.conference_list, name="list"),
        path("<slug:slug>/", views.conference_detail, name="detail"),
        path("<slug:slug>/schedule/", schedule_views.schedule_day, name="schedule"),
        path(
            "<slug:slug>/schedule/day/<str:day>/",
            schedule_views.schedule_day,
            name="schedule_day",
        ),
        path("<slug:slug>/schedule/list/", schedule_views.schedule_list, name="schedule_list"),
        path("<slug:slug>/now/", schedule_views.now_and_next, name="now"),
        path("<slug:slug>/talks/", views.conference_talks, name="talks"),
        path("<slug:slug>/speakers/", views.conference_speakers, name="speakers"),
        path("<slug:slug>/tracks.css", schedule_views.tracks_css, name="tracks_css"),
        path("<slug:slug>/schedule.ics", calendar_views.conference_ical, name="ical"),
    ],
    "conference",
)

me_patterns = (
    [
        path("schedule/", personal_views.my_schedule, name="schedule"),
        path("calendar/", personal_views.calendar_feed, name="calendar_feed"),
        path("calendar/<str:token>.ics", calendar_views.personal_feed, name="feed"),
    ],
    "me",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("conferences/", include(conference_patterns)),
    path("conferences/<slug:slug>/schedule/export/", include("talks.exports.urls")),
    path("", include("talks.urls")),
    path("search/", talk_views.search_page, name="search"),
    path("me/", include(me_patterns)),
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            subject_template_name="registration/password_reset_subject.txt"
        ),
        name="password_reset",
    ),
    # Before Django's auth URLs: the login form refuses after repeated failures.
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("api/v1/followups/", include("talks.followups.api_urls")),
    path("", include("talks.followups.urls")),
    path("", include("talks.changes")),  # schedule changelog page and Atom feed
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("api/", include("talks.api.urls")),
    # No trailing slash: SECURE_REDIRECT_EXEMPT matches ^healthz$, so probes over plain HTTP work.
    path("healthz", views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.DEBUG and "debug_toolbar" in settings.INSTALLED_APPS:
    urlpatterns += [path("__debug__/", include("debug_toolbar.urls"))]
