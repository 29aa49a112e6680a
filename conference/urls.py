"""The root URLconf: the website (talks/urls.py), follow-ups, accounts, the admin and the API.
The one place conference/ imports talks/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from conference import accounts, views
from conference.infrastructure.security import ThrottledLoginView
from talks.views.sitemaps import SITEMAPS, sitemap_page

urlpatterns = [
    path("", include("talks.urls")),
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/password_reset/",
        accounts.SiteUrlPasswordResetView.as_view(),
        name="password_reset",
    ),
    # Before Django's auth URLs: the login form refuses after repeated failures.
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sitemap.xml", sitemap_page, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/followups/", include("talks.followups.api_urls")),
    path("", include("talks.followups.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("api/", include("talks.api.urls")),
    # No trailing slash: SECURE_REDIRECT_EXEMPT matches ^healthz$, so probes over plain HTTP work.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.DEBUG and "debug_toolbar" in settings.INSTALLED_APPS:
    urlpatterns += [path("__debug__/", include("debug_toolbar.urls"))]
