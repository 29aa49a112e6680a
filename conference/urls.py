"""Hallway's URLs: the website, the admin and (later) the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from conference import views
from conference.security import ThrottledLoginView

conference_patterns = (
    [path("<slug:slug>/", views.conference_detail, name="detail")],
    "conference",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("conferences/", include(conference_patterns)),
    path("", include("talks.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
