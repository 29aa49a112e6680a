#!/usr/bin/env python3
"""The "One rulebook" probes against a production-like server.

Starts a throwaway PostgreSQL and gunicorn (DEBUG=0) on the demo data, adds a second
conference with its own organizer, an unpublished third one, a read-only volunteer and a
draft talk (with a draft-only speaker) inside a released schedule, then repeats the
attacks the issue describes over HTTP and prints what each got. Exits 1 when any probe
gets something other than the refusal a user would expect.

    .venv/bin/python scripts/probe_rulebook.py
"""

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.services import (  # noqa: E402 - after making the project importable
    AppServer,
    Browser,
    PostgresCluster,
    app_env,
    manage,
    prepare_demo,
    running,
)

PYTN = "pytennessee-2015"
KEYNOTE = "building-services-with-docker-and-python"
DRAFT_TITLE = "Unannounced Draft Zebra Talk"
DRAFT_SPEAKER = "Quillon Draftsperson"

WORLD = f"""
import datetime as dt, json
from django.contrib.auth import get_user_model
from conference.models import Conference, OrganizerMembership
from conference.services import conference_create
from talks.models import Talk
from talks.services import (api_token_create, schedule_get_work_in_progress,
    schedule_release, slot_create, speaker_create, talk_create)

User = get_user_model()
pytn = Conference.objects.get(slug="{PYTN}")
def user(name, **extra):
    u = User.objects.create_user(name, f"{{name}}@example.org", "probe-password", **extra)
    return u
volunteer = user("probe-volunteer", is_staff=True)
OrganizerMembership.objects.create(user=volunteer, conference=pytn, role="volunteer")
other = conference_create(fields=dict(name="Other Conf", slug="other-conf",
    start_date=dt.date(2015, 3, 1), end_date=dt.date(2015, 3, 2), published=True))
hidden = conference_create(fields=dict(name="Unannounced", slug="unannounced",
    start_date=dt.date(2016, 3, 1), end_date=dt.date(2016, 3, 2), published=False))
talk_create(conference=hidden, fields=dict(title="Secret Programme Talk", state="confirmed"),
    speakers=[speaker_create(fields=dict(name="Secret Person"))])
organizer_b = user("probe-organizer-b", is_staff=True)
OrganizerMembership.objects.create(user=organizer_b, conference=other, role="organizer")
lead = User.objects.get(username="organizer")
draft_speaker = speaker_create(fields=dict(name="{DRAFT_SPEAKER}", email="draft@example.org"))
draft = talk_create(conference=pytn, fields=dict(title="{DRAFT_TITLE}", state="draft"),
    speakers=[draft_speaker])
wip = schedule_get_work_in_progress(conference=pytn)
day = pytn.days[0]
start = dt.datetime.combine(day, dt.time(16, 0), tzinfo=pytn.tzinfo)
room = pytn.rooms.first()
slot_create(schedule=wip, room=room, talk=draft, start=start, end=start + dt.timedelta(minutes=30))
schedule_release(conference=pytn, version="1.1-probe", user=lead)
wip_slot = wip.slots.exclude(talk=None).first()
print("WORLD " + json.dumps(dict(
    volunteer=api_token_create(user=volunteer, name="probe")[1],
    organizer_b=api_token_create(user=organizer_b, name="probe")[1],
    lead=api_token_create(user=lead, name="probe")[1],
    draft_speaker=draft_speaker.slug,
    draft_talk=draft.slug,
    wip_slot=wip_slot.pk,
    rooms=pytn.rooms.count(),
)))
"""


def call(base: str, method: str, path: str, token: str | None = None, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


API = f"/api/v1/conferences/{PYTN}"


class Probes:
    """The server, the world's tokens, and what each probe got."""

    def __init__(self, base: str, world: dict) -> None:
        self.base, self.world = base, world
        self.results: list[tuple[str, str, str, bool]] = []

    def expect(self, name: str, want: str, got: str, ok: bool) -> None:
        self.results.append((name, want, got, ok))

    def status_is(self, name: str, want: int, method: str, path: str, token=None, body=None):
        status, text = call(self.base, method, path, token, body)
        got = f"{status} {' '.join(text[:90].split())}"
        self.expect(name, str(want), got, status == want)
        return status, text

    def volunteer_writes_nothing(self) -> None:
        vol, slot = self.world["volunteer"], self.world["wip_slot"]
        self.status_is("volunteer POST rooms", 403, "POST", f"{API}/rooms/", vol, {"name": "V"})
        self.status_is("volunteer POST talks", 403, "POST", f"{API}/talks/", vol, {"title": "V"})
        self.status_is("volunteer DELETE talk", 403, "DELETE", f"{API}/talks/{KEYNOTE}/", vol)
        self.status_is(
            "volunteer POST schedules", 403, "POST", f"{API}/schedules/", vol, {"version": "v"}
        )
        self.status_is("volunteer PATCH slot", 403, "PATCH", f"{API}/slots/{slot}/", vol, {})
        browser = Browser(self.base)
        browser.admin_login("probe-volunteer", "probe-password")
        status, _ = browser.post(f"/conferences/{PYTN}/follow-ups/close/", {"closed": "1"})
        self.expect("volunteer closes follow-ups (page)", "403", str(status), status == 403)

    def private_data_stays_private(self) -> None:
        lead, org_b = self.world["lead"], self.world["organizer_b"]
        # A talk with follow-ups is cancelled, not deleted.
        self.status_is(
            "lead DELETE talk with follow-ups", 409, "DELETE", f"{API}/talks/{KEYNOTE}/", lead
        )
        self.status_is("keynote still there", 200, "GET", f"{API}/talks/{KEYNOTE}/", lead)
        # Another conference's organizer cannot take Kyle (and his e-mail) by slug.
        self.status_is(
            "B's organizer attaches kyle-kelley",
            400,
            "POST",
            "/api/v1/conferences/other-conf/talks/",
            org_b,
            {"title": "Mine now", "speakers": ["kyle-kelley"]},
        )
        status, text = call(self.base, "GET", "/api/v1/speakers/kyle-kelley/", org_b)
        email = json.loads(text).get("email") if status == 200 else "?"
        self.expect("B's organizer reads Kyle's e-mail", "None", f"{status} {email}", email is None)

    def drafts_stay_hidden(self) -> None:
        for path in [
            f"/conferences/{PYTN}/schedule/",
            f"/conferences/{PYTN}/schedule/list/",
            f"/conferences/{PYTN}/now/?at=2015-02-07T16:10",
            f"/conferences/{PYTN}/schedule/changes/",
            f"/conferences/{PYTN}/schedule/changes/feed/",
            f"/search/?q={DRAFT_SPEAKER.split()[0]}",
            f"/search/?q={DRAFT_TITLE.split()[1]}",
            f"{API}/schedule/?expand=talk,speakers",
            f"/conferences/{PYTN}/schedule/export/schedule.json",
            "/sitemap.xml",
        ]:
            status, text = call(self.base, "GET", path)
            leaked = DRAFT_TITLE in text or DRAFT_SPEAKER in text
            ok = status == 200 and not leaked
            self.expect(f"draft absent from {path}", "200, absent", f"{status} {leaked=}", ok)
        speaker_page = f"/speakers/{self.world['draft_speaker']}/"
        self.status_is("draft speaker page", 404, "GET", speaker_page)
        later = {"If-Modified-Since": "Sat, 01 Jan 2033 00:00:00 GMT"}
        status, _ = call(self.base, "GET", speaker_page, headers=later)
        self.expect("If-Modified-Since on the draft speaker", "404", str(status), status == 404)
        status, text = call(self.base, "GET", "/api/v1/speakers/?conference=unannounced")
        count = len(json.loads(text).get("results", [])) if status == 200 else -1
        ok = status in (200, 400, 404) and count <= 0 and "Secret Person" not in text
        self.expect("speakers of an unpublished conference", "no rows", f"{status} {count=}", ok)
        call(self.base, "GET", f"{API}/talks/")  # stored for the public
        status, _ = call(self.base, "GET", f"{API}/talks/", "not-a-real-token")
        self.expect("garbage bearer on a stored API page", "401", str(status), status == 401)

    def writes_keep_their_checks(self) -> None:
        self.status_is(
            "PATCH slot outside the days",
            400,
            "PATCH",
            f"{API}/slots/{self.world['wip_slot']}/",
            self.world["lead"],
            {"start": "2015-03-09T10:00:00-05:00", "end": "2015-03-09T10:30:00-05:00"},
        )

    def schema_is_valid(self) -> None:
        status, text = call(self.base, "GET", "/api/schema/?format=json")
        try:
            from openapi_spec_validator import validate

            validate(json.loads(text))
            valid = "valid"
        except Exception as error:  # reported, not raised
            valid = f"invalid: {str(error)[:80]}"
        self.expect("OpenAPI document", "valid", f"{status} {valid}", valid == "valid")

    def report(self) -> int:
        width = max(len(r[0]) for r in self.results)
        for name, want, got, ok in self.results:
            print(f"{'ok ' if ok else 'BAD'} {name:<{width}}  want {want:<12} got {got}")
        bad = sum(not r[3] for r in self.results)
        print(f"{len(self.results) - bad} of {len(self.results)} probes refused as expected")
        return 1 if bad else 0


def main() -> int:
    cluster = PostgresCluster(port=5441)
    cluster.start()
    cluster.createdb("probe")
    env = app_env(cluster.url("probe"))
    server = AppServer(env, port=8703, workers=2)
    with running(cluster, server):
        prepare_demo(env)
        out = manage(env, "shell", "-c", WORLD)
        world = json.loads(next(x for x in out.splitlines() if x.startswith("WORLD "))[6:])
        server.start()
        probes = Probes(server.base, world)
        probes.volunteer_writes_nothing()
        probes.private_data_stays_private()
        probes.drafts_stay_hidden()
        probes.writes_keep_their_checks()
        probes.schema_is_valid()
    return probes.report()


if __name__ == "__main__":
    sys.exit(main())
