from django.urls import path

from talks import calendar_views, views

app_name = "talks"

urlpatterns = [
    path("conferences/<slug:conference>/talks/<slug:slug>/", views.talk_detail, name="detail"),
    path(
        "conferences/<slug:conference>/talks/<slug:slug>/going/",
        views.talk_going,
        name="going",
    ),
    path(
        "conferences/<slug:conference>/talks/<slug:slug>.ics",
        calendar_views.talk_ical,
        name="ical",
    ),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("speakers/<slug:slug>.ics", calendar_views.speaker_ical, name="speaker_ical"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
