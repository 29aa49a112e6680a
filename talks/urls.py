"""The attendee website's routes, in one place: the home page, everything under
/conferences/<slug>/ (schedule, talks, speakers, exports, changelog, calendars), speaker and
tag pages, search and /me/. Namespaces are the names templates reverse ("conference:now",
"talks:detail", "exports:schedule_xml", …). Follow-ups route themselves
(talks/followups/urls.py), as the vertical slice they are."""

from django.urls import include, path

from talks.views import (
    calendars,
    catalogue,
    changes,
    conferences,
    exports,
    personal,
    schedule,
    schedule_editor,
)

conference_patterns = [
    path("", conferences.conference_list, name="list"),
    path("<slug:slug>/", conferences.conference_detail, name="detail"),
    path("<slug:slug>/schedule/", schedule.schedule_day, name="schedule"),
    path("<slug:slug>/schedule/day/<str:day>/", schedule.schedule_day, name="schedule_day"),
    path("<slug:slug>/schedule/list/", schedule.schedule_list, name="schedule_list"),
    path("<slug:slug>/schedule/edit/", schedule_editor.schedule_editor, name="schedule_edit"),
    path(
        "<slug:slug>/schedule/edit/board/",
        schedule_editor.schedule_editor_board,
        name="schedule_edit_board",
    ),
    path(
        "<slug:slug>/schedule/edit/release/",
        schedule_editor.schedule_editor_release,
        name="schedule_edit_release",
    ),
    path("<slug:slug>/now/", schedule.now_and_next, name="now"),
    path("<slug:slug>/talks/", conferences.conference_talks, name="talks"),
    path("<slug:slug>/speakers/", conferences.conference_speakers, name="speakers"),
    path("<slug:slug>/tracks.css", schedule.tracks_css, name="tracks_css"),
    path("<slug:slug>/schedule.ics", calendars.conference_ical, name="ical"),
]

export_patterns = [
    path(name, exports.schedule_export, {"name": name}, name=name.replace(".", "_"))
    for name in exports.EXPORTS
]

changes_patterns = [
    path("<slug:slug>/schedule/changes/", changes.schedule_changes, name="list"),
    path("<slug:slug>/schedule/changes/feed/", changes.schedule_changes_feed, name="feed"),
]

talk_patterns = [
    path("conferences/<slug:conference>/talks/<slug:slug>/", catalogue.talk_detail, name="detail"),
    path(
        "conferences/<slug:conference>/talks/<slug:slug>/going/",
        catalogue.talk_going,
        name="going",
    ),
    path("conferences/<slug:conference>/talks/<slug:slug>.ics", calendars.talk_ical, name="ical"),
    path("speakers/<slug:slug>/", catalogue.speaker_detail, name="speaker"),
    path("speakers/<slug:slug>.ics", calendars.speaker_ical, name="speaker_ical"),
    path("tags/<slug:slug>/", catalogue.tag_detail, name="tag"),
]

me_patterns = [
    path("schedule/", personal.my_schedule, name="schedule"),
    path("calendar/", personal.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", calendars.personal_feed, name="feed"),
]

urlpatterns = [
    path("", conferences.home, name="home"),
    path("conferences/", include((conference_patterns, "conference"))),
    path("conferences/<slug:slug>/schedule/export/", include((export_patterns, "exports"))),
    path("conferences/", include((changes_patterns, "schedule_changes"))),
    path("", include((talk_patterns, "talks"))),
    path("search/", catalogue.search_page, name="search"),
    path("me/", include((me_patterns, "me"))),
]
