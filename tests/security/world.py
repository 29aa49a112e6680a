"""The data every permission and hostile-input check runs against, and the seven roles.

Conference A is the one under test: it has a talk by the speaker role's user, a follow-up
with private contents, a bookmark, a released schedule, a resource. Its volunteer (a
read-only membership) sees what its organizers see and changes nothing. Conference B is
run by the "other organizer", who must not reach A's private data or change A.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conference.models import (
    Conference,
    OrganizerMembership,
    OutgoingMail,
    Room,
    Series,
    Track,
    Venue,
)
from talks.followups.selectors import short_code
from talks.models import (
    ApiToken,
    Bookmark,
    CalendarFeed,
    FollowUp,
    FollowUpNote,
    Resource,
    Schedule,
    Slot,
    Speaker,
    SpeakerIdentifier,
    Tag,
    Talk,
    TalkSpeaker,
    Webhook,
    WebhookDelivery,
)
from talks.services import schedule_release
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    FollowUpFactory,
    FollowUpNoteFactory,
    OrganizerMembershipFactory,
    ResourceFactory,
    RoomFactory,
    ScheduleFactory,
    SlotFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
)

ANONYMOUS = "anonymous"
ATTENDEE = "attendee"
SPEAKER = "speaker"
VOLUNTEER = "volunteer"
ORGANIZER = "organizer"
OTHER_ORGANIZER = "other_organizer"
STAFF = "staff"
ROLES = (ANONYMOUS, ATTENDEE, SPEAKER, VOLUNTEER, ORGANIZER, OTHER_ORGANIZER, STAFF)

# Strings that only some roles may ever see, in any response body.
FOLLOWUP_SECRET = "private-followup-8d1f hallway notebook for the team"
FOLLOWUP_EMAIL = "followup-author-8d1f@example.net"
ATTENDEE_EMAIL = "attendee-8d1f@example.net"
SPEAKER_EMAIL = "speaker-8d1f@example.net"  # a speaker's private contact address
PASSWORD = "correct horse battery staple"


@dataclass
class World:
    conference: Conference
    other_conference: Conference
    series: Series
    venue: Venue
    room: Room
    track: Track
    speaker: Speaker
    tag: Tag
    talk: Talk
    talk_speaker: TalkSpeaker
    schedule: Schedule
    release: Schedule
    slot: Slot
    resource: Resource
    bookmark: Bookmark
    followup: FollowUp
    followup_note: FollowUpNote
    membership: OrganizerMembership
    other_talk: Talk
    release_slot: Slot
    calendar_feed: CalendarFeed
    api_token: ApiToken
    webhook: Webhook
    webhook_delivery: WebhookDelivery
    speaker_identifier: SpeakerIdentifier
    short_code: str
    users: dict[str, User | None] = field(default_factory=dict)

    def client(self, role: str, **kwargs: Any) -> Client:
        client = Client(**kwargs)
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client

    def object_for_model(self, model: type) -> Any:
        """The conference-A object of a model, for admin change/delete/history URLs."""
        label = model._meta.label_lower
        by_label = {
            "auth.user": self.users[ATTENDEE],
            "conference.organizermembership": self.membership,
            "talks.talkspeaker": self.talk_speaker,
            "talks.followupnote": self.followup_note,
        }
        if label in by_label:
            return by_label[label]
        for value in vars(self).values():
            if type(value) is model:
                return value
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"add a {label} object to build_world() in {__file__}"
        return obj


@cache
def _password_hash() -> str:
    # Hashing is slow on purpose; the world's users share one hash of the factory password.
    return make_password(PASSWORD)


def _user(username: str, **fields: Any) -> User:
    user = UserFactory(username=username, password=None, **fields)
    User.objects.filter(pk=user.pk).update(password=_password_hash())
    user.password = _password_hash()
    return user


def build_world() -> World:
    conference = ConferenceFactory(name="Conference A", slug="conference-a")
    other_conference = ConferenceFactory(name="Conference B", slug="conference-b")
    speaker_user = _user("speaker-user")
    speaker = SpeakerFactory(user=speaker_user, email=SPEAKER_EMAIL)
    talk = TalkFactory(conference=conference, speakers=[speaker])
    tag = TagFactory()
    talk.tags.add(tag)
    track = TrackFactory(conference=conference)
    talk.track = track
    talk.save()
    room = RoomFactory(conference=conference)
    schedule = ScheduleFactory(conference=conference)
    slot = SlotFactory(schedule=schedule, room=room, talk=talk)
    release = schedule_release(conference=conference, version="1.0")
    author = _user("followup-author", email=FOLLOWUP_EMAIL)
    followup = FollowUpFactory(
        talk=talk, author=author, email=FOLLOWUP_EMAIL, message=FOLLOWUP_SECRET
    )
    attendee = _user("attendee", email=ATTENDEE_EMAIL)
    organizer = _user("organizer-a", is_staff=True)
    other_organizer = _user("organizer-b", is_staff=True)
    membership = OrganizerMembershipFactory(user=organizer, conference=conference)
    OrganizerMembershipFactory(user=other_organizer, conference=other_conference)
    volunteer = _user("volunteer-a", is_staff=True)
    OrganizerMembershipFactory(
        user=volunteer, conference=conference, role=OrganizerMembership.Role.VOLUNTEER
    )
    staff = _user("staff", is_staff=True, is_superuser=True)
    Group.objects.create(name="Volunteers")
    # Organizers manage their conferences' webhooks through Django permissions (a group).
    webhook_managers = Group.objects.create(name="Webhook managers")
    webhook_managers.permissions.set(
        Permission.objects.filter(
            content_type__app_label="talks",
            codename__in=[
                *("view_webhook", "add_webhook", "change_webhook", "delete_webhook"),
                "view_webhookdelivery",
            ],
        )
    )
    # The volunteer holds them too: Django's model permissions must not let them write.
    for member in (organizer, other_organizer, volunteer):
        member.groups.add(webhook_managers)
    webhook = Webhook.objects.create(conference=conference, url="https://hooks.example.net/a")
    # The outbox and the task queue (superusers' admin pages) each need a row to open.
    OutgoingMail.objects.create(
        kind="followups.receipt", to=FOLLOWUP_EMAIL, subject="Receipt", body="Stored."
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"mail_id": 1}},
        task_path="conference.outbox.deliver_mail",
        queue_name="default",
        backend_name="default",
    )
    return World(
        conference=conference,
        other_conference=other_conference,
        series=conference.series,
        venue=conference.venue,
        room=room,
        track=track,
        speaker=speaker,
        tag=tag,
        talk=talk,
        talk_speaker=talk.talk_speakers.get(),
        schedule=schedule,
        release=release,
        slot=slot,
        resource=ResourceFactory(talk=talk),
        bookmark=BookmarkFactory(user=attendee, talk=talk),
        followup=followup,
        followup_note=FollowUpNoteFactory(followup=followup, body=FOLLOWUP_SECRET + " note"),
        membership=membership,
        other_talk=TalkFactory(conference=other_conference),
        release_slot=release.slots.get(),
        calendar_feed=CalendarFeed.objects.create(user=attendee),
        api_token=ApiToken.objects.create(user=attendee, name="lobby display", key_hash="0" * 64),
        webhook=webhook,
        webhook_delivery=WebhookDelivery.objects.create(
            webhook=webhook, event="schedule.released", payload={"version": "1.0"}
        ),
        speaker_identifier=SpeakerIdentifier.objects.create(
            speaker=speaker, scheme="guid", value="8d1f-speaker"
        ),
        short_code=short_code(talk),
        users={
            ANONYMOUS: None,
            ATTENDEE: attendee,
            SPEAKER: speaker_user,
            VOLUNTEER: volunteer,
            ORGANIZER: organizer,
            OTHER_ORGANIZER: other_organizer,
            STAFF: staff,
        },
    )
