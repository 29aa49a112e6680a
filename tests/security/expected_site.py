"""Permission-matrix rows for the website, accounts, follow-ups, exports and the API.

Kept apart from expected.py (the machinery and the admin) so each file stays readable.
The outcomes follow the product's rules: the public sees published data; follow-up
contents only the talk's speakers (staff read them in the admin); organizers change only
their own conference and see follow-up counts only. Personal pages answer 404 for other
people's objects rather than confirming they exist.
"""

from collections.abc import Callable
from typing import Any

from tests.security.expected import LOGIN, Expect, by_role, everyone, outcomes
from tests.security.world import VOLUNTEER, World

Kwargs = Callable[[World], dict[str, Any]]

PUBLIC = everyone(200)
NOT_ALLOWED = everyone(405)  # POST-only views refuse a GET for everyone
SIGNED_IN = by_role(outcomes(200), anonymous=outcomes(LOGIN))
SIGNED_IN_REDIRECT = by_role(outcomes(302), anonymous=outcomes(LOGIN))
SIGNED_IN_NOT_ALLOWED = by_role(outcomes(405), anonymous=outcomes(LOGIN))
# Only the talk's speaker reaches a follow-up; everyone else is told it does not exist.
SPEAKER_ONLY = by_role(outcomes(404), anonymous=outcomes(LOGIN), speaker=outcomes(200))
SPEAKER_FORM_POST = by_role(outcomes(404), anonymous=outcomes(LOGIN), speaker=outcomes(400))
# Conference A's members see (its volunteer too), its organizers (and superusers) act;
# other signed-in users are refused.
ORGANIZER_ONLY = by_role(
    outcomes(403),
    anonymous=outcomes(LOGIN),
    volunteer=outcomes(200),
    organizer=outcomes(200),
    staff=outcomes(200),
)
ORGANIZER_ACTION = by_role(
    outcomes(403), anonymous=outcomes(LOGIN), organizer=outcomes(302), staff=outcomes(302)
)
# A link whose credential is wrong (follow-up token, signed link, invitation): not found.
BAD_CREDENTIAL = everyone(404)

# The API: sessions authenticate too; without credentials it answers 401 with its scheme.
API_PUBLIC = everyone(200)
API_SIGNED_IN = by_role(outcomes(200), anonymous=outcomes(401))
API_SIGNED_IN_BAD_BODY = by_role(outcomes(400), anonymous=outcomes(401))
API_OWNER_ONLY = by_role(outcomes(404), anonymous=outcomes(401), attendee=outcomes(204))
API_SPEAKER_ONLY = by_role(outcomes(404), anonymous=outcomes(401), speaker=outcomes(200))
API_SPEAKER_BAD_BODY = by_role(outcomes(404), anonymous=outcomes(401), speaker=outcomes(400))


def api_organizer(status: int) -> dict:
    """A write of conference A: its organizers (and superusers) get `status`; its volunteer,
    other organizers and everyone else signed in 403."""
    return by_role(
        outcomes(403),
        anonymous=outcomes(401),
        organizer=outcomes(status),
        staff=outcomes(status),
    )


def api_member(status: int) -> dict:
    """A read of conference A's work in progress: its volunteer reads it too."""
    return {**api_organizer(status), VOLUNTEER: outcomes(status)}


def conf(w: World) -> dict[str, Any]:
    return {"slug": w.conference.slug}


def talk(w: World) -> dict[str, Any]:
    return {"conference": w.conference.slug, "slug": w.talk.slug}


def api_conf(w: World) -> dict[str, Any]:
    return {"conference_slug": w.conference.slug}


def followup(w: World) -> dict[str, Any]:
    return {"pk": w.followup.pk}


def get(per_role: dict, kwargs: Kwargs = lambda w: {}, query: str = "") -> Expect:
    return Expect(methods={"GET": per_role}, kwargs=kwargs, query=query)


def public(kwargs: Kwargs = lambda w: {}, query: str = "") -> Expect:
    return get(PUBLIC, kwargs, query)


def api_detail(
    kwargs: Kwargs,
    *,
    put: int,
    patch: int,
    delete: int,
    read: dict | None = None,
    delete_by_staff: int | None = None,
) -> Expect:
    """One object of conference A: public to read (unless `read`), organizers write.

    The bodies are empty JSON: a full update (PUT) is refused as incomplete (400), a
    partial one (PATCH) changes nothing and succeeds. `delete_by_staff`: what a superuser
    gets where staff may delete what organizers may not (rows with follow-ups).
    """
    deletes = api_organizer(delete)
    if delete_by_staff is not None:
        deletes = {**deletes, "staff": outcomes(delete_by_staff)}
    writes = {
        "PUT": api_organizer(put),
        "PATCH": api_organizer(patch),
        "DELETE": deletes,
    }
    return Expect(methods={"GET": read or API_PUBLIC, **writes}, kwargs=kwargs)


def api_list_with_create(kwargs: Kwargs, post: dict) -> Expect:
    return Expect(methods={"GET": API_PUBLIC, "POST": post}, kwargs=kwargs)


WEBSITE_ROWS: dict[str, Expect] = {
    "conference:list": public(),
    "conference:schedule": public(conf),
    "conference:schedule_day": public(
        lambda w: {**conf(w), "day": w.conference.start_date.isoformat()}
    ),
    "conference:schedule_list": public(conf),
    "conference:now": public(conf),
    "conference:talks": public(conf),
    "conference:speakers": public(conf),
    "conference:tracks_css": public(conf),
    "conference:ical": public(conf),
    "exports:schedule_csv": public(conf),
    "exports:schedule_json": public(conf),
    "exports:schedule_xml": public(conf),
    "exports:talks_csv": public(conf),
    "schedule_changes:list": public(conf),
    "schedule_changes:feed": public(conf),
    "talks:ical": public(talk),
    "talks:speaker_ical": public(lambda w: {"slug": w.speaker.slug}),
    "talks:going": Expect(methods={"GET": NOT_ALLOWED, "POST": SIGNED_IN_REDIRECT}, kwargs=talk),
    "search": public(query="?q=talk"),
    "sitemap": public(),
    "service_worker": public(),
    "favicon": public(),
    "robots_txt": public(),
    "healthz": public(),
    "readyz": public(),
    # The signed-in user's own pages.
    "me:schedule": get(SIGNED_IN),
    "me:calendar_feed": Expect(methods={"GET": NOT_ALLOWED, "POST": SIGNED_IN_REDIRECT}),
    # The feed's token is its credential (calendar apps cannot sign in): anyone holding it.
    "me:feed": public(lambda w: {"token": w.calendar_feed.token}),
    # Accounts.
    "signup": Expect(methods={"GET": PUBLIC, "POST": everyone(400)}),
    "logout": Expect(methods={"POST": everyone(302)}),
    "password_change": Expect(methods={"GET": SIGNED_IN, "POST": SIGNED_IN, "PUT": SIGNED_IN}),
    "password_change_done": get(SIGNED_IN),
    "password_reset": Expect(methods={"GET": PUBLIC, "POST": PUBLIC, "PUT": PUBLIC}),
    "password_reset_done": public(),
    "password_reset_complete": public(),
    # An invalid link shows the "link is invalid" page and never a form.
    "password_reset_confirm": Expect(
        methods={"GET": PUBLIC, "POST": PUBLIC, "PUT": PUBLIC},
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
}

FOLLOWUP_ROWS: dict[str, Expect] = {
    # Attendees (no account needed).
    "followups:new": Expect(methods={"GET": PUBLIC, "POST": everyone(400)}, kwargs=talk),
    "followups:qr": public(talk),
    "followups:short": get(everyone(302), lambda w: {"code": w.short_code}),
    "followups:attendee_data_request": Expect(methods={"GET": PUBLIC, "POST": PUBLIC}),
    "followups:attendee_data": get(BAD_CREDENTIAL, lambda w: {"signed": "not-a-signed-link"}),
    "followups:status": Expect(
        methods={"GET": BAD_CREDENTIAL, "POST": BAD_CREDENTIAL},
        kwargs=lambda w: {"token": "not-the-token"},
    ),
    "followups:add": Expect(
        methods={"GET": NOT_ALLOWED, "POST": BAD_CREDENTIAL},
        kwargs=lambda w: {"token": "not-the-token"},
    ),
    "followups:withdraw": Expect(
        methods={"GET": NOT_ALLOWED, "POST": BAD_CREDENTIAL},
        kwargs=lambda w: {"token": "not-the-token"},
    ),
    "followups:claim": Expect(
        methods={"GET": BAD_CREDENTIAL, "POST": BAD_CREDENTIAL},
        kwargs=lambda w: {"token": "not-an-invitation"},
    ),
    "followups:sign_in": Expect(
        methods={
            method: by_role(outcomes(302), anonymous=outcomes(200))
            for method in ("GET", "POST", "PUT")
        }
    ),
    # What a signed-in attendee sent: their own follow-ups only (none for these roles).
    "followups:account_data": Expect(methods={"GET": SIGNED_IN, "POST": SIGNED_IN}),
    # Speakers: each user's own inbox; the follow-up itself only for the talk's speaker.
    "followups:inbox": get(SIGNED_IN),
    "followups:export": get(SIGNED_IN),
    "followups:settings": Expect(
        methods={
            method: by_role(outcomes(403), anonymous=outcomes(LOGIN), speaker=outcomes(200))
            for method in ("GET", "POST")
        }
    ),
    "followups:detail": get(SPEAKER_ONLY, followup),
    "followups:reply": Expect(
        methods={"GET": SIGNED_IN_NOT_ALLOWED, "POST": SPEAKER_FORM_POST}, kwargs=followup
    ),
    "followups:set_status": Expect(
        methods={"GET": SIGNED_IN_NOT_ALLOWED, "POST": SPEAKER_FORM_POST}, kwargs=followup
    ),
    # The schedule editor: A's members see the board (volunteers read-only), its editors
    # release (an empty release form is refused: 400).
    "conference:schedule_edit": get(ORGANIZER_ONLY, conf),
    "conference:schedule_edit_board": get(ORGANIZER_ONLY, conf),
    "conference:schedule_edit_release": Expect(
        methods={
            "GET": {**ORGANIZER_ONLY, VOLUNTEER: outcomes(403)},
            "POST": by_role(
                outcomes(403),
                anonymous=outcomes(LOGIN),
                organizer=outcomes(400),
                staff=outcomes(400),
            ),
        },
        kwargs=conf,
    ),
    # Organizers: counts, closing, inviting; moving a follow-up (also its talk's speakers).
    "followups:organizer": get(ORGANIZER_ONLY, lambda w: {"conference": w.conference.slug}),
    "followups:close": Expect(
        methods={"GET": SIGNED_IN_NOT_ALLOWED, "POST": ORGANIZER_ACTION},
        kwargs=lambda w: {"conference": w.conference.slug},
    ),
    "followups:invite": Expect(
        methods={"GET": SIGNED_IN_NOT_ALLOWED, "POST": ORGANIZER_ACTION},
        kwargs=lambda w: {"slug": w.speaker.slug},
    ),
    "followups:reassign": Expect(
        methods={
            "GET": SIGNED_IN_NOT_ALLOWED,
            "POST": {**ORGANIZER_ACTION, "speaker": outcomes(302)},
        },
        kwargs=followup,
    ),
    # The follow-ups API: anyone creates (throttled); the thread is the speaker's.
    "followup-list": Expect(methods={"GET": API_SIGNED_IN, "POST": everyone(400)}),
    "followup-counts": get(
        api_member(200),
        query="?conference=conference-a",
    ),
    "followup-detail": get(API_SPEAKER_ONLY, followup),
    "followup-reply": Expect(methods={"POST": API_SPEAKER_BAD_BODY}, kwargs=followup),
    "followup-set-status": Expect(methods={"POST": API_SPEAKER_BAD_BODY}, kwargs=followup),
}

API_ROWS: dict[str, Expect] = {
    "api:api-root": get(API_PUBLIC),
    "api:schema": get(API_PUBLIC),
    "api:docs": get(API_PUBLIC),
    "api:swagger": get(API_PUBLIC),
    "api:me": get(API_SIGNED_IN),
    "api:me-schedule": get(API_SIGNED_IN),
    "api:conference-list": get(API_PUBLIC),
    "api:conference-detail": get(API_PUBLIC, conf),
    "api:conference-released-schedule": get(API_PUBLIC, api_conf),
    "api:conference-room-list": api_list_with_create(api_conf, api_organizer(400)),
    # The room has a slot: it cannot go (409) while the schedule uses it.
    "api:conference-room-detail": api_detail(
        lambda w: {**api_conf(w), "pk": w.room.pk}, put=400, patch=200, delete=409
    ),
    "api:conference-track-list": api_list_with_create(api_conf, api_organizer(400)),
    "api:conference-track-detail": api_detail(
        lambda w: {**api_conf(w), "slug": w.track.slug}, put=400, patch=200, delete=204
    ),
    "api:conference-talk-list": api_list_with_create(api_conf, api_organizer(400)),
    # The talk is in a released schedule and has follow-ups: organizers cancel it, not
    # delete it (409); staff may delete it.
    "api:conference-talk-detail": api_detail(
        lambda w: {**api_conf(w), "slug": w.talk.slug},
        put=400,
        patch=200,
        delete=409,
        delete_by_staff=204,
    ),
    "api:conference-speaker-list": get(API_PUBLIC, api_conf),
    "api:conference-speaker-detail": get(
        API_PUBLIC, lambda w: {**api_conf(w), "slug": w.speaker.slug}
    ),
    "api:conference-schedule-list": api_list_with_create(api_conf, api_organizer(400)),
    "api:conference-schedule-detail": get(
        API_PUBLIC, lambda w: {**api_conf(w), "version": w.release.version}
    ),
    # Slots of the work-in-progress schedule: members read them, organizers write.
    "api:conference-slot-list": Expect(
        methods={"GET": api_member(200), "POST": api_organizer(400)}, kwargs=api_conf
    ),
    "api:conference-slot-detail": api_detail(
        lambda w: {**api_conf(w), "pk": w.slot.pk},
        put=400,
        patch=200,
        delete=204,
        read=api_member(200),
    ),
    "api:talk-list": get(API_PUBLIC),
    "api:talk-detail": get(API_PUBLIC, lambda w: {"id": w.talk.uuid}),
    # Speakers are shared: any organizer may add one; changing one takes organizing every
    # conference the speaker has talks at (A only, here).
    "api:speaker-list": api_list_with_create(
        lambda w: {}, {**api_organizer(400), "other_organizer": outcomes(400)}
    ),
    # Their talk has follow-ups for them: only staff delete the speaker (409 otherwise).
    "api:speaker-detail": api_detail(
        lambda w: {"slug": w.speaker.slug}, put=400, patch=200, delete=409, delete_by_staff=204
    ),
    "api:tag-list": get(API_PUBLIC),
    "api:tag-detail": get(API_PUBLIC, lambda w: {"slug": w.tag.slug}),
    # The user's own bookmarks and tokens: someone else's is not found.
    "api:bookmark-list": Expect(methods={"GET": API_SIGNED_IN, "POST": API_SIGNED_IN_BAD_BODY}),
    "api:bookmark-detail": Expect(
        methods={"DELETE": API_OWNER_ONLY}, kwargs=lambda w: {"talk_id": w.talk.uuid}
    ),
    "api:token-list": Expect(methods={"GET": API_SIGNED_IN, "POST": API_SIGNED_IN_BAD_BODY}),
    "api:token-detail": Expect(
        methods={"DELETE": API_OWNER_ONLY}, kwargs=lambda w: {"pk": w.api_token.pk}
    ),
    # Anything else under /api/ is the API's JSON 404, whatever the method.
    "api/^[\\s\\S]*$": Expect(
        methods={m: everyone(404) for m in ("GET", "POST", "PUT", "PATCH", "DELETE")},
        path=lambda w: "/api/no-such-thing/",
    ),
}

SITE_ROWS: dict[str, Expect] = {**WEBSITE_ROWS, **FOLLOWUP_ROWS, **API_ROWS}
