"""README.md's "Who may do what": every registered permission asked for every role.

The table is not written by hand: ``permission_table()`` builds a small throwaway world
(conference A with a claimed speaker's talk and a follow-up, conference B, one user per
role) inside a transaction that is always rolled back, asks ``user.has_perm`` for each
permission of conference/rules.py and talks/rules.py, and renders Markdown.
``python manage.py permissions_table`` prints it; tests/test_readme_permissions.py checks
that README.md shows exactly this.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from rules.permissions import permissions as registered_permissions

from conference.models import Conference, OrganizerMembership
from talks.models import FollowUp, Speaker, Talk, TalkSpeaker

README_START = "<!-- permissions-table:start (python manage.py permissions_table) -->"
README_END = "<!-- permissions-table:end -->"

# Column heading → who that is in the world.
ROLES = {
    "anonymous": "a visitor who is not signed in",
    "attendee": "signed in, no other role",
    "speaker": "claimed the speaker profile on A's talk",
    "volunteer": "volunteer of A (read only)",
    "organizer": "organizer of A",
    "lead": "lead organizer of A",
    "B's organizer": "organizer of conference B only",
    "staff": "superuser",
}
# Rows nobody owns: adding one is asked "for some conference" (no object).
SHARED_NOUNS = {"speaker", "tag"}
# Asked with no object at all: tags belong to nobody, an inbox to whoever is signed in.
NO_OBJECT_NOUNS = {"tag", "followup_inbox"}
YES, NO = "✓", "·"


@dataclass
class World:
    conference: Conference
    talk: Talk
    speaker: Speaker
    followup: FollowUp
    users: dict[str, Any]

    def asked_of(self, permission: str) -> tuple[str, Any]:
        """(description, object) that a permission is asked about."""
        verb, _, noun = permission.split(".", 1)[1].partition("_")
        if noun in NO_OBJECT_NOUNS or (verb == "add" and noun in SHARED_NOUNS):
            return "—", None
        if verb == "add":
            return "conference A", self.conference
        if noun.startswith("speaker"):
            return "a speaker of A only", self.speaker
        if noun == "talk":
            return "A's talk", self.talk
        if noun == "followup":
            return "a follow-up to A's talk", self.followup
        return "conference A", self.conference


def _build_world() -> World:
    suffix = uuid.uuid4().hex[:12]  # never clashes with real rows; rolled back anyway
    users_model = get_user_model()

    def user(name: str, **fields: Any) -> Any:
        return users_model.objects.create(username=f"{name}-{suffix}", **fields)

    def conference(letter: str) -> Conference:
        return Conference.objects.create(
            name=f"Conference {letter}",
            slug=f"permissions-{letter.lower()}-{suffix}",
            start_date=dt.date(2015, 2, 7),
            end_date=dt.date(2015, 2, 8),
            published=True,
        )

    a, b = conference("A"), conference("B")
    users: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "attendee": user("attendee"),
        "speaker": user("speaker"),
        "volunteer": user("volunteer", is_staff=True),
        "organizer": user("organizer", is_staff=True),
        "lead": user("lead", is_staff=True),
        "B's organizer": user("organizer-b", is_staff=True),
        "staff": user("staff", is_staff=True, is_superuser=True),
    }
    Role = OrganizerMembership.Role
    for name, at, role in [
        ("volunteer", a, Role.VOLUNTEER),
        ("organizer", a, Role.ORGANIZER),
        ("lead", a, Role.LEAD),
        ("B's organizer", b, Role.ORGANIZER),
    ]:
        OrganizerMembership.objects.create(user=users[name], conference=at, role=role)
    speaker = Speaker.objects.create(
        name="Speaker", slug=f"speaker-{suffix}", user=users["speaker"]
    )
    talk = Talk.objects.create(conference=a, title="Talk", slug=f"talk-{suffix}")
    TalkSpeaker.objects.create(talk=talk, speaker=speaker, position=0)
    followup = FollowUp.objects.create(
        talk=talk, message="More, please.", name="Attendee", email="attendee@example.org"
    )
    followup.recipients.set([speaker])
    return World(conference=a, talk=talk, speaker=speaker, followup=followup, users=users)


def permission_rows() -> list[tuple[str, str, list[bool]]]:
    """(permission, asked of, [allowed per role in ROLES order]), by permission name."""
    rows = []
    with transaction.atomic():
        world = _build_world()
        for permission in sorted(registered_permissions):
            described, obj = world.asked_of(permission)
            allowed = [bool(world.users[role].has_perm(permission, obj)) for role in ROLES]
            rows.append((permission, described, allowed))
        transaction.set_rollback(True)
    return rows


def permission_table() -> str:
    """The Markdown table (with its legend) that README.md shows between the markers."""
    header = ["permission", "asked of", *ROLES]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i < 2 else ":-:" for i in range(len(header))) + "|",
    ]
    for permission, described, allowed in permission_rows():
        cells = [f"`{permission}`", described, *(YES if ok else NO for ok in allowed)]
        lines.append("| " + " | ".join(cells) + " |")
    legend = "; ".join(f"**{role}**: {who}" for role, who in ROLES.items())
    no_object = "“—”: asked with no object, i.e. for some conference."
    return "\n".join([*lines, "", f"{legend}. {no_object}"]) + "\n"
