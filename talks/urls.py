from django.urls import path

from talks import views

app_name = "talks"

urlpatterns = [
    path("conferences/<slug:conference>/talks/<slug:slug>/", views.talk_detail, name="detail"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
