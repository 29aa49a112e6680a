import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from talks.models import Slot, Talk
from talks.services import schedule_get_work_in_progress
from talks.views.schedule_grid import MAX_ROOMS, MAX_ROWS, day_grid, generate_grid_css
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    ReleasedScheduleFactory,
    RoomFactory,
    SlotFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    conference = ConferenceFactory(slug="pyt")
    hall = RoomFactory(conference=conference, name="Main Hall", position=0)
    small = RoomFactory(conference=conference, name="Room 200", position=1)
    data = TrackFactory(conference=conference, name="Data", slug="data", colour="#8a3c00")
    schedule = ReleasedScheduleFactory(conference=conference)
    keynote = TalkFactory(conference=conference, title="Keynote talk", kind=Talk.Kind.KEYNOTE)
    pandas = TalkFactory(conference=conference, title="Pandas talk", track=data)
    pandas.tags.add(TagFactory(slug="pandas", name="Pandas"))
    gone = TalkFactory(conference=conference, title="Gone talk", state=Talk.State.CANCELLED)
    sunday = TalkFactory(conference=conference, title="Sunday talk")
    SlotFactory(
        schedule=schedule,
        room=hall,
        talk=keynote,
        start=local(conference, 0, 9),
        end=local(conference, 0, 10),
    )
    SlotFactory(
        schedule=schedule,
        room=small,
        talk=pandas,
        start=local(conference, 0, 10, 30),
        end=local(conference, 0, 11, 15),
    )
    SlotFactory(
        schedule=schedule,
        room=hall,
        talk=gone,
        start=local(conference, 0, 10, 30),
        end=local(conference, 0, 11),
    )
    Slot.objects.create(
        schedule=schedule,
        title="Lunch",
        start=local(conference, 0, 12),
        end=local(conference, 0, 13),
    )
    SlotFactory(
        schedule=schedule,
        room=hall,
        talk=sunday,
        start=local(conference, 1, 9),
        end=local(conference, 1, 10),
    )
    return conference


def _grid_url(conference, day=None):
    if day is None:
        return reverse("conference:schedule", kwargs={"slug": conference.slug})
    return reverse("conference:schedule_day", kwargs={"slug": conference.slug, "day": day})


def _cell(response, title):
    return next(c for c in response.context["grid"].cells if c.slot.display_title == title)


def test_grid_puts_rooms_in_columns_and_spans_real_durations(client, programme):
    response = client.get(_grid_url(programme, "2015-02-07"))
    assert response.status_code == 200
    assert [r.name for r in response.context["grid"].rooms] == ["Main Hall", "Room 200"]
    keynote = _cell(response, "Keynote talk")
    pandas = _cell(response, "Pandas talk")
    lunch = _cell(response, "Lunch")
    # Rows are five minutes from 09:00 (row 2, under the room names).
    assert (keynote.row_start, keynote.row_end, keynote.column) == (2, 14, 2)
    assert (pandas.row_start, pandas.row_end, pandas.column) == (20, 29, 3)
    assert lunch.column is None
    assert "gc-all" in lunch.css_class
    assert "Sunday talk" not in response.text
    assert 'class="slot gr-2 gre-14 gc-2' in response.text


def test_grid_strikes_through_and_labels_cancelled_talks_and_names_tracks(client, programme):
    text = client.get(_grid_url(programme, "2015-02-07")).text
    assert "<del>Gone talk</del>" in text
    assert "Cancelled</span>" in text
    # The legend and every talk name the track in words, not by colour alone.
    assert "track-data" in text
    assert text.count("Data</span>") >= 1
    css = client.get(reverse("conference:tracks_css", kwargs={"slug": "pyt"}))
    assert css["Content-Type"].startswith("text/css")
    assert ".track-data{--track:#8a3c00}" in css.text
    # Too dark for the dark page as it is: lightened there until its marker shows (3:1).
    dark = css.text.split("@media (prefers-color-scheme: dark) {")[1]
    assert ".track-data{--track:#8a3c00}" not in dark
    assert ".track-data{--track:#" in dark


def test_grid_has_day_tabs_and_refuses_days_outside_the_conference(client, programme):
    response = client.get(_grid_url(programme, "2015-02-08"))
    assert "Sunday talk" in response.text
    assert 'aria-current="page">Sunday 8 Feb' in response.text
    assert client.get(_grid_url(programme, "2015-03-01")).status_code == 404
    assert client.get(_grid_url(programme, "not-a-day")).status_code == 404


def test_grid_defaults_to_the_first_day_outside_the_conference(client, programme):
    response = client.get(_grid_url(programme))
    assert response.context["day"] == dt.date(2015, 2, 7)


def test_grid_switches_time_zone_and_keeps_it_in_the_session(client, programme):
    text = client.get(_grid_url(programme, "2015-02-07") + "?tz=Europe/Berlin").text
    assert "16:00" in text  # the keynote, 09:00 in Chicago
    assert "Times are in <strong>Europe/Berlin</strong>" in text
    again = client.get(reverse("conference:schedule_list", kwargs={"slug": "pyt"})).text
    assert "Times are in <strong>Europe/Berlin</strong>" in again


def test_public_sees_the_release_not_the_work_in_progress(client, programme):
    wip = schedule_get_work_in_progress(conference=programme)
    Slot.objects.create(
        schedule=wip,
        title="Secret party",
        start=local(programme, 0, 20),
        end=local(programme, 0, 22),
    )
    assert "Secret party" not in client.get(_grid_url(programme, "2015-02-07")).text
    assert "Secret party" not in client.get(_grid_url(programme, "2015-02-07") + "?preview=1").text
    client.force_login(OrganizerMembershipFactory(conference=programme).user)
    preview = client.get(_grid_url(programme, "2015-02-07") + "?preview=1")
    assert "Secret party" in preview.text
    assert "preview-banner" in preview.text


def test_conference_without_a_release_says_so(client):
    conference = ConferenceFactory()
    text = client.get(_grid_url(conference)).text
    assert "has not been released yet" in text


def test_grid_rows_count_real_minutes_across_a_dst_change():
    # 8 March 2015: clocks in Chicago jump from 02:00 to 03:00.
    conference = ConferenceFactory(
        start_date=dt.date(2015, 3, 7), end_date=dt.date(2015, 3, 8), day_change=dt.time(0, 0)
    )
    room = RoomFactory(conference=conference)
    schedule = ReleasedScheduleFactory(conference=conference)
    night = SlotFactory(
        schedule=schedule,
        room=room,
        start=local(conference, 1, 1, 30),
        end=local(conference, 1, 3, 30),  # one real hour
    )
    grid = day_grid(slots=[night], rooms=[room])
    cell = grid.cells[0]
    assert cell.row_end - cell.row_start == 12  # 60 minutes of 5-minute rows


def test_grid_css_is_generated_and_covers_a_whole_day_and_many_rooms():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/schedule-grid.css")).read_text(encoding="utf-8")
    assert css == generate_grid_css(), "regenerate static/css/schedule-grid.css (DEVELOPERS.md)"
    assert f".gr-{MAX_ROWS}{{" in css
    assert f".grid-cols-{MAX_ROOMS}{{" in css
    assert ".gc-all{grid-column:2/-1}" in css


def test_grid_css_prints_every_room_as_a_list_in_room_order():
    css = generate_grid_css()
    print_block = css[css.index("@media print {") :]
    assert ".gc-2{order:2}" in print_block
    assert f".gc-{MAX_ROOMS + 1}{{order:{MAX_ROOMS + 1}}}" in print_block
    # The grid's positions apply on screens only: on paper every room is a list.
    assert "@media screen and (min-width: 48rem) {" in css


def test_grid_filters_by_track_room_and_tag_in_the_url(client, programme):
    url = _grid_url(programme, "2015-02-07")
    by_track = client.get(url + "?track=data")
    assert [c.slot.display_title for c in by_track.context["grid"].cells] == ["Pandas talk"]
    assert [r.name for r in by_track.context["grid"].rooms] == ["Room 200"]
    assert "selected>Data</option>" in by_track.text
    room = programme.rooms.get(name="Main Hall")
    by_room = client.get(url + f"?room={room.pk}")
    titles = [c.slot.display_title for c in by_room.context["grid"].cells]
    assert titles == ["Keynote talk", "Gone talk", "Lunch"]  # a break is in every room
    by_tag = client.get(url + "?tag=pandas")
    assert [c.slot.display_title for c in by_tag.context["grid"].cells] == ["Pandas talk"]


def test_grid_rejects_a_bad_filter_with_400_and_says_when_nothing_matches(client, programme):
    url = _grid_url(programme, "2015-02-07")
    bad = client.get(url + "?track=nope")
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.text
    TalkFactory(conference=programme).tags.add(TagFactory(slug="lonely"))
    none = client.get(url + "?tag=lonely")
    assert none.status_code == 200
    assert "Nothing on this day matches these filters" in none.text


def test_grid_marks_now_and_links_to_it(client, programme):
    url = _grid_url(programme, "2015-02-07")
    response = client.get(url + "?at=2015-02-07T10:40")
    now = response.context["grid"].now
    assert now.row == 2 + 100 // 5  # 100 minutes after 09:00
    assert 'href="#now">Jump to now (10:40)</a>' in response.text
    assert f'<p id="now" class="grid-now gr-{now.row} gre-{now.row + 1}">' in response.text
    # On a phone the grid is a list: the mark sits before the first card not yet begun.
    assert response.text.index('id="now"') < response.text.index(">Lunch<")
    assert response.text.index('id="now"') > response.text.index("Pandas talk")


def test_grid_has_no_now_mark_outside_the_day(client, programme):
    response = client.get(_grid_url(programme, "2015-02-07") + "?at=2015-02-07T20:00")
    assert response.context["grid"].now is None
    assert 'id="now"' not in response.text
    assert client.get(_grid_url(programme, "2015-02-07") + "?at=soon").status_code == 400


def test_grid_counts_the_rooms_beyond_the_first_screen(client):
    conference = ConferenceFactory(slug="big")
    schedule = ReleasedScheduleFactory(conference=conference)
    for n in range(10):
        SlotFactory(
            schedule=schedule,
            room=RoomFactory(conference=conference, name=f"Room {n:02}", position=n),
            start=local(conference, 0, 9),
            end=local(conference, 0, 10),
        )
    text = client.get(_grid_url(conference, str(conference.start_date))).text
    assert "3 more rooms</span>" in text
    assert text.count('<a href="#room-') == 10
    assert 'class="schedule-scroll" role="region"' in text


def _list(client, query=""):
    response = client.get(reverse("conference:schedule_list", kwargs={"slug": "pyt"}) + query)
    titles = [s.display_title for _, slots in response.context["days"] for s in slots]
    return response, titles


def test_schedule_list_shows_every_day_in_order(client, programme):
    response, titles = _list(client)
    assert response.status_code == 200
    assert titles == ["Keynote talk", "Gone talk", "Pandas talk", "Lunch", "Sunday talk"]
    assert [d for d, _ in response.context["days"]] == [dt.date(2015, 2, 7), dt.date(2015, 2, 8)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?day=2015-02-08", ["Sunday talk"]),
        ("?kind=keynote", ["Keynote talk"]),
        ("?track=data", ["Pandas talk"]),
        ("?tag=pandas", ["Pandas talk"]),
        ("?day=2015-02-07&room=ROOM", ["Pandas talk", "Lunch"]),
    ],
)
def test_schedule_list_filters_in_the_url(client, programme, query, expected):
    room = programme.rooms.get(name="Room 200")
    _, titles = _list(client, query.replace("ROOM", str(room.pk)))
    assert titles == expected


def test_schedule_list_rejects_bad_filters_with_400(client, programme):
    response, titles = _list(client, "?day=2020-01-01&track=nope")
    assert response.status_code == 400
    assert titles == []
    assert "Select a valid choice" in response.text


def test_schedule_list_says_when_nothing_matches(client, programme):
    TalkFactory(conference=programme).tags.add(TagFactory(slug="lonely"))
    response, titles = _list(client, "?tag=lonely")
    assert titles == []
    assert "Nothing matches these filters" in response.text


def _now(client, at):
    return client.get(reverse("conference:now", kwargs={"slug": "pyt"}) + f"?at={at}")


def test_now_and_next_shows_each_room(client, programme):
    response = _now(client, "2015-02-07T09:30")
    rows = {r["room"].name: r for r in response.context["rows"]}
    assert rows["Main Hall"]["current"].talk.title == "Keynote talk"
    assert rows["Main Hall"]["next"].talk.title == "Gone talk"
    assert rows["Room 200"]["current"] is None
    assert rows["Room 200"]["next"].talk.title == "Pandas talk"
    # A break across all rooms is on in every room.
    lunch = {r["room"].name: r for r in _now(client, "2015-02-07T12:10").context["rows"]}
    assert lunch["Room 200"]["current"].title == "Lunch"


def test_now_and_next_leaves_out_rooms_with_nothing_more_today(client, programme):
    # 13:30 on Saturday, after lunch: the hall's next talk is on Sunday, so no room has a row.
    rows = {r["room"].name: r for r in _now(client, "2015-02-07T13:30").context["rows"]}
    assert rows == {}
    text = _now(client, "2015-02-07T13:30").text
    assert "Sunday talk" not in text
    assert "Nothing more is scheduled today" in text


def test_now_and_next_says_plainly_before_and_after(client, programme):
    assert "has not started yet" in _now(client, "2015-01-01T10:00").text
    assert "is over" in _now(client, "2015-03-01T10:00").text


def test_now_and_next_rejects_a_bad_moment(client, programme):
    assert _now(client, "yesterday").status_code == 400


def test_now_and_next_reloads_itself_only_in_hallway_screen_mode(client, programme):
    assert 'http-equiv="refresh"' not in _now(client, "2015-02-07T09:30").text
    screen = client.get(reverse("conference:now", kwargs={"slug": "pyt"}) + "?screen=1")
    assert '<meta http-equiv="refresh" content="60">' in screen.text


def test_late_night_slots_and_other_zones_stay_on_the_venues_day(client, programme):
    schedule = programme.schedules.get()
    Slot.objects.create(
        schedule=schedule,
        title="Late hacking",
        start=local(programme, 0, 23),
        end=local(programme, 1, 1, 30),  # past midnight, before day_change (04:00)
    )
    saturday = client.get(_grid_url(programme, "2015-02-07") + "?tz=Asia/Tokyo")
    titles = [c.slot.display_title for c in saturday.context["grid"].cells]
    assert "Late hacking" in titles
    assert "Keynote talk" in titles  # 09:00 in Chicago is already Sunday 00:00 in Tokyo
    assert "Sunday talk" not in titles
    _, sunday = _list(client, "?day=2015-02-08")
    assert sunday == ["Sunday talk"]


def test_grid_hands_the_script_what_it_needs_to_move_the_now_line(programme):
    hall = programme.rooms.get(name="Main Hall")
    slots = list(Slot.objects.filter(schedule__conference=programme, room=hall))
    grid = day_grid(slots=slots, rooms=[hall], now=local(programme, 0, 9, 30))
    assert grid.origin == local(programme, 0, 9)
    assert grid.now is not None
    assert grid.rows_end == max(c.row_end for c in grid.cells)
