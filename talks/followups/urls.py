from django.urls import path

from talks.followups.views import attendee, auth, organizer, speaker

app_name = "followups"

urlpatterns = [
    # Attendees (no account needed).
    path(
        "conferences/<slug:conference>/talks/<slug:slug>/follow-up/",
        attendee.followup_new,
        name="new",
    ),
    path(
        "conferences/<slug:conference>/talks/<slug:slug>/follow-up/qr.svg",
        attendee.followup_qr,
        name="qr",
    ),
    path("f/<slug:code>/", attendee.followup_short, name="short"),
    path("follow-ups/mine/", attendee.attendee_data_request, name="attendee_data_request"),
    path("follow-ups/mine/<str:signed>/", attendee.attendee_data, name="attendee_data"),
    path("follow-ups/<str:token>/", attendee.followup_status, name="status"),
    path("follow-ups/<str:token>/add/", attendee.followup_add, name="add"),
    path("follow-ups/<str:token>/withdraw/", attendee.followup_withdraw, name="withdraw"),
    # Speakers.
    path("me/follow-ups/", speaker.inbox, name="inbox"),
    path("me/follow-ups/export.csv", speaker.inbox_export, name="export"),
    path("me/follow-ups/settings/", speaker.speaker_settings, name="settings"),
    path("me/follow-ups/sent/", attendee.account_data, name="account_data"),
    path("me/follow-ups/<int:pk>/", speaker.followup_detail, name="detail"),
    path("me/follow-ups/<int:pk>/reply/", speaker.followup_reply, name="reply"),
    path("me/follow-ups/<int:pk>/status/", speaker.followup_status, name="set_status"),
    path("speakers/claim/<str:token>/", speaker.speaker_claim, name="claim"),
    path("me/follow-ups/sign-in/", auth.SignInView.as_view(), name="sign_in"),
    # Organizers.
    path(
        "conferences/<slug:conference>/follow-ups/",
        organizer.conference_followups,
        name="organizer",
    ),
    path(
        "conferences/<slug:conference>/follow-ups/close/",
        organizer.conference_close,
        name="close",
    ),
    path("follow-ups/move/<int:pk>/", organizer.followup_move, name="reassign"),
    path("speakers/<slug:slug>/invite/", organizer.speaker_invite, name="invite"),
]
