"""The permission matrix: what each of the seven roles gets from every URL.

HOW TO ADD A ROW (when a branch adds URLs): add an entry to EXPECTED keyed by the URL
name ("talks:schedule", "api:talk-list"), or by the full route for unnamed patterns. Give
`kwargs` (a function of the World returning the URL kwargs) and, per HTTP method, the
outcomes each role may get: a set of status codes, or LOGIN for "redirected to a login
page". Class-based views and DRF viewsets must list every method they implement.
Admin model views need no rows: they are derived from ADMIN_MODEL_POLICY below; a newly
registered model needs one line there.

KNOWN_GAPS lists (key, method, role) whose current outcome is known to break the policy,
with the reason. The matrix asserts that each gap is still there, so the entry must be
removed when the work that closes it lands (like a strict xfail).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from tests.security.world import (
    ANONYMOUS,
    ATTENDEE,
    ORGANIZER,
    OTHER_ORGANIZER,
    ROLES,
    SPEAKER,
    STAFF,
    VOLUNTEER,
    World,
)

LOGIN = "login"  # a redirect to a login page
Outcomes = frozenset[int | str]
RoleOutcomes = Mapping[str, Outcomes]


def outcomes(*values: int | str) -> Outcomes:
    return frozenset(values)


def by_role(default: Outcomes, **overrides: Outcomes) -> dict[str, Outcomes]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(*values: int | str) -> dict[str, Outcomes]:
    return by_role(outcomes(*values))


@dataclass(frozen=True)
class Expect:
    """Expected outcomes of one URL, per method and role."""

    methods: Mapping[str, RoleOutcomes]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    # For unnamed patterns (no reverse()): the path, built from the World.
    path: Callable[[World], str] | None = None
    query: str = ""


def public_page(kwargs: Callable[[World], dict[str, Any]] = lambda world: {}) -> Expect:
    return Expect(methods={"GET": everyone(200)}, kwargs=kwargs)


# ---------------------------------------------------------------- website and API rows
EXPECTED: dict[str, Expect] = {
    "home": public_page(),
    "conference:detail": public_page(lambda w: {"slug": w.conference.slug}),
    "talks:detail": public_page(lambda w: {"conference": w.conference.slug, "slug": w.talk.slug}),
    "talks:speaker": public_page(lambda w: {"slug": w.speaker.slug}),
    "talks:tag": public_page(lambda w: {"slug": w.tag.slug}),
    # Signed-in users are sent on; a POST without credentials shows the form again.
    "login": Expect(
        methods={
            "GET": by_role(outcomes(302), anonymous=outcomes(200)),
            "POST": by_role(outcomes(302), anonymous=outcomes(200)),
            "PUT": by_role(outcomes(302), anonymous=outcomes(200)),  # FormView treats as POST
        }
    ),
}

# ---------------------------------------------------------------- the admin
NON_STAFF = (ANONYMOUS, ATTENDEE, SPEAKER)


TO_LOGIN = outcomes(LOGIN)


def for_staff(staff_outcomes: Outcomes, others: Outcomes = TO_LOGIN) -> dict[str, Outcomes]:
    """An admin page: every staff user (organizers, volunteers, superusers) gets the same."""
    return by_role(others, **dict.fromkeys(set(ROLES) - set(NON_STAFF), staff_outcomes))


STAFF_ONLY_PAGE = for_staff(outcomes(200))

ADMIN_SITE_ROWS: dict[str, Expect] = {
    "admin:index": Expect(methods={"GET": STAFF_ONLY_PAGE}),
    "admin:login": Expect(methods={"GET": for_staff(outcomes(302), others=outcomes(200))}),
    # Logging out takes a POST; a GET is refused (405) once past the staff gate, and
    # the staff gate sends everyone else to the admin index rather than the login.
    "admin:logout": Expect(methods={"GET": for_staff(outcomes(405), others=outcomes(302))}),
    "admin:password_change": Expect(methods={"GET": STAFF_ONLY_PAGE}),
    "admin:password_change_done": Expect(methods={"GET": STAFF_ONLY_PAGE}),
    "admin:jsi18n": Expect(methods={"GET": STAFF_ONLY_PAGE}),
    "admin:app_list": Expect(
        methods={"GET": {**for_staff(outcomes(200, 404)), STAFF: outcomes(200)}},
        kwargs=lambda w: {"app_label": "talks"},
    ),
    "admin:autocomplete": Expect(
        methods={"GET": {**for_staff(outcomes(200, 403)), STAFF: outcomes(200)}},
        query="?term=&app_label=talks&model_name=slot&field_name=talk",
    ),
    "admin:view_on_site": Expect(
        methods={"GET": for_staff(outcomes(302))},
        kwargs=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.conference).pk,
            "object_id": w.conference.pk,
        },
    ),
    "admin/(?P<url>.*)$": Expect(
        methods={"GET": for_staff(outcomes(404))},
        path=lambda w: "/admin/no-such-page/",
    ),
}


@dataclass(frozen=True)
class AdminPolicy:
    """What organizers get from one model's admin views (staff get 200, others LOGIN)."""

    description: str
    organizer: Mapping[str, Outcomes]  # view kind → outcomes for A's organizer
    other_organizer: Mapping[str, Outcomes] = field(default_factory=dict)
    # A's volunteer: exceptions to the organizer's outcomes (they never add or delete).
    volunteer: Mapping[str, Outcomes] = field(default_factory=dict)
    staff: Mapping[str, Outcomes] = field(default_factory=dict)  # exceptions for superusers

    def outcomes_for(self, view: str, role: str) -> Outcomes:
        if role in NON_STAFF:
            return outcomes(LOGIN)
        if role == STAFF:
            default = outcomes(302) if view == "redirect" else outcomes(200)
            return self.staff.get(view, default)
        table = {OTHER_ORGANIZER: self.other_organizer, VOLUNTEER: self.volunteer}.get(
            role, self.organizer
        )
        return table.get(view, self.organizer[view])


DENIED = outcomes(403, 404, 302)  # refused, hidden, or sent back to the admin index
_OBJECT_VIEWS = ("change", "history", "delete", "redirect")
# A volunteer opens their conference's rows read-only: no add, no delete (the change page
# answers 200 as a view-only page; tests/admin checks it offers no saving).
READ_ONLY = {"add": outcomes(403), "delete": outcomes(403)}

SUPERUSER_ONLY = AdminPolicy(
    "accounts and groups: organizers must never edit users (privilege escalation)",
    organizer={view: outcomes(403) for view in ("changelist", "add", *_OBJECT_VIEWS)}
    | {"redirect": outcomes(302), "password": outcomes(403)},
)
SHARED = AdminPolicy(
    "shared across conferences: organizers may be allowed to edit, never to delete",
    organizer={view: outcomes(200, 403) for view in ("changelist", "add", *_OBJECT_VIEWS)}
    | {"delete": outcomes(403), "redirect": outcomes(302)},
)
CONFERENCE = AdminPolicy(
    "belongs to one conference: its organizers run it, other organizers cannot reach it",
    organizer={
        "changelist": outcomes(200),
        "add": outcomes(200, 403),
        "change": outcomes(200),
        "history": outcomes(200),
        "delete": outcomes(200, 403),
        "redirect": outcomes(302),
    },
    other_organizer={
        "changelist": outcomes(200),
        "add": outcomes(200, 403),
        **dict.fromkeys(("change", "history", "delete"), DENIED),
        "redirect": outcomes(302),
    },
    volunteer=READ_ONLY,
)
PRIVATE = AdminPolicy(
    "an attendee's private data: organizers see counts only, never the object",
    organizer={
        "changelist": outcomes(200, 403),
        "add": outcomes(403),
        **dict.fromkeys(("change", "history", "delete"), DENIED),
        "redirect": outcomes(302),
    },
)

SPEAKER_PROFILE = AdminPolicy(
    "shared across conferences, with a private e-mail: an organizer sees a speaker of their "
    "conferences and edits or deletes one only when every conference the speaker has talks "
    "at is theirs; other organizers do not see the profile",
    organizer={view: outcomes(200) for view in ("changelist", "add", *_OBJECT_VIEWS)}
    | {"redirect": outcomes(302)},
    other_organizer=dict.fromkeys(("change", "history", "delete"), DENIED),
    volunteer=READ_ONLY,
)
NO_ADD = {"add": outcomes(403)}
SCHEDULE = AdminPolicy(
    "belongs to one conference; nobody adds one by hand (the work in progress is made on "
    "first use, versions by the release view)",
    organizer={**CONFERENCE.organizer, **NO_ADD},
    other_organizer={**CONFERENCE.other_organizer, **NO_ADD},
    volunteer=READ_ONLY,
    staff=NO_ADD,
)
WEBHOOK = AdminPolicy(
    "a conference's webhooks (URL and signing secret): organizers holding the webhook "
    "permissions manage their own conference's, never another's; volunteers holding them "
    "only read",
    organizer=CONFERENCE.organizer,
    other_organizer=CONFERENCE.other_organizer,
    volunteer=READ_ONLY,
)
DELIVERY_LOG = AdminPolicy(
    "the delivery log of a conference's webhooks: read-only, added only by the sender",
    organizer={
        "changelist": outcomes(200),
        "change": outcomes(200),
        "history": outcomes(200),
        "delete": outcomes(403),
        "redirect": outcomes(302),
        **NO_ADD,
    },
    other_organizer={
        "changelist": outcomes(200),
        **dict.fromkeys(("change", "history", "delete"), DENIED),
        "redirect": outcomes(302),
        **NO_ADD,
    },
    staff=NO_ADD,
)

OPERATIONS_LOG = AdminPolicy(
    "the outbox and the task queue: attendee addresses and messages, for the site's "
    'operators only; read-only ("retry now" is an action on the list)',
    organizer={view: outcomes(403) for view in ("changelist", "add", *_OBJECT_VIEWS)}
    | {"redirect": outcomes(302)},
    staff={"add": outcomes(403), "delete": outcomes(403)},
)

ADMIN_MODEL_POLICY: dict[str, AdminPolicy] = {
    "auth.user": SUPERUSER_ONLY,
    "auth.group": SUPERUSER_ONLY,
    "conference.series": SHARED,
    "conference.venue": SHARED,
    "conference.conference": CONFERENCE,
    "conference.room": CONFERENCE,
    "conference.track": CONFERENCE,
    "conference.organizermembership": CONFERENCE,
    "talks.speaker": SPEAKER_PROFILE,
    "talks.tag": SHARED,
    "talks.talk": CONFERENCE,
    "talks.schedule": SCHEDULE,
    "talks.slot": CONFERENCE,
    "talks.resource": CONFERENCE,
    "talks.bookmark": PRIVATE,
    "talks.followup": PRIVATE,
    "talks.webhook": WEBHOOK,
    "talks.webhookdelivery": DELIVERY_LOG,
    "conference.outgoingmail": OPERATIONS_LOG,
    "django_tasks_database.dbtaskresult": OPERATIONS_LOG,
}


def _gaps(labels: str, views: str, role: str, reason: str) -> dict[tuple[str, str, str], str]:
    keys = {}
    for label in labels.split():
        app, model = label.split(".")
        for view in views.split():
            keys[(f"admin:{app}_{model}_{view}", "GET", role)] = reason
    return keys


# (key, method, role) → why the current outcome breaks the policy. See the module docstring.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


def _admin_object_kwargs(model: type) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"object_id": world.object_for_model(model).pk}


def _admin_redirect_path(model: type) -> Callable[[World], str]:
    meta = model._meta
    return lambda world: (
        f"/admin/{meta.app_label}/{meta.model_name}/{world.object_for_model(model).pk}/"
    )


def _admin_row(policy: AdminPolicy, view: str, **extra: Any) -> Expect:
    per_role = {role: policy.outcomes_for(view, role) for role in ROLES}
    return Expect(methods={"GET": per_role}, **extra)


def _admin_model_rows() -> dict[str, Expect]:
    rows: dict[str, Expect] = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        policy = ADMIN_MODEL_POLICY.get(label)
        if policy is None:
            continue  # reported by test_every_admin_model_has_a_policy
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        rows[f"{prefix}_changelist"] = _admin_row(policy, "changelist")
        rows[f"{prefix}_add"] = _admin_row(policy, "add")
        for view in ("change", "history", "delete"):
            rows[f"{prefix}_{view}"] = _admin_row(policy, view, kwargs=_admin_object_kwargs(model))
        unnamed = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        rows[unnamed] = _admin_row(policy, "redirect", path=_admin_redirect_path(model))
        if label == "auth.user":
            rows["admin:auth_user_password_change"] = _admin_row(
                policy, "password", kwargs=lambda w: {"id": w.users[ATTENDEE].pk}
            )
    return rows


def _history_path(attribute: str, model_path: str) -> Callable[[World], str]:
    def build(world: World) -> str:
        obj = getattr(world, attribute)
        version = obj.history.order_by("history_id").first()
        return f"/admin/talks/{model_path}/{obj.pk}/history/{version.history_id}/"

    return build


# Custom admin views: the schedule's day view and release, the CSV import/export, and one
# old version of an object (django-simple-history). All are conference A's.
A_CONFERENCE_VIEW = by_role(
    outcomes(LOGIN),
    volunteer=outcomes(200),
    organizer=outcomes(200),
    other_organizer=DENIED,
    staff=outcomes(200),
)
# Releasing a version changes the conference, even its form: not for volunteers.
A_CONFERENCE_CHANGE = {**A_CONFERENCE_VIEW, VOLUNTEER: outcomes(403)}
ADMIN_CUSTOM_ROWS: dict[str, Expect] = {
    "admin:talks_schedule_day": Expect(
        methods={"GET": A_CONFERENCE_VIEW}, kwargs=lambda w: {"conference_id": w.conference.pk}
    ),
    "admin:talks_schedule_release": Expect(
        methods={"GET": A_CONFERENCE_CHANGE}, kwargs=lambda w: {"conference_id": w.conference.pk}
    ),
    "admin:talks_talk_csv": Expect(
        methods={"GET": A_CONFERENCE_VIEW}, kwargs=lambda w: {"conference_id": w.conference.pk}
    ),
    "admin:talks_talk_csv_export": Expect(
        methods={"GET": A_CONFERENCE_VIEW},
        kwargs=lambda w: {"conference_id": w.conference.pk, "kind": "talks"},
    ),
    "admin:talks_talk_simple_history": Expect(
        methods={"GET": A_CONFERENCE_VIEW}, path=_history_path("talk", "talk")
    ),
    "admin:talks_slot_simple_history": Expect(
        methods={"GET": A_CONFERENCE_VIEW}, path=_history_path("slot", "slot")
    ),
    "admin:talks_speaker_simple_history": Expect(
        methods={"GET": A_CONFERENCE_VIEW}, path=_history_path("speaker", "speaker")
    ),
}


def expectations() -> dict[str, Expect]:
    """Every row: the hand-written ones, the admin site's, and those derived per model."""
    from tests.security.expected_site import SITE_ROWS

    return {**_admin_model_rows(), **ADMIN_SITE_ROWS, **ADMIN_CUSTOM_ROWS, **SITE_ROWS, **EXPECTED}


__all__ = [
    "ADMIN_MODEL_POLICY",
    "EXPECTED",
    "KNOWN_GAPS",
    "LOGIN",
    "ORGANIZER",
    "Expect",
    "expectations",
]
