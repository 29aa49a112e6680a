"""Shared set-up for the organizer-admin tests: two conferences and their people."""

from dataclasses import dataclass

from conference.models import Conference, OrganizerMembership
from tests.factories import ConferenceFactory, OrganizerMembershipFactory, UserFactory


@dataclass
class Cast:
    ours: Conference
    theirs: Conference
    organizer: object  # organizes ours
    other_organizer: object  # organizes theirs
    volunteer: object  # volunteers (read only) at ours
    superuser: object


def make_cast() -> Cast:
    ours = ConferenceFactory(name="PyTennessee 2015", slug="pytn-2015")
    theirs = ConferenceFactory(name="Other Conf 2015", slug="other-2015")
    organizer = UserFactory(username="organizer", is_staff=True)
    other = UserFactory(username="other-organizer", is_staff=True)
    volunteer = UserFactory(username="volunteer", is_staff=True)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    OrganizerMembershipFactory(user=organizer, conference=ours)
    OrganizerMembershipFactory(user=other, conference=theirs)
    OrganizerMembershipFactory(
        user=volunteer, conference=ours, role=OrganizerMembership.Role.VOLUNTEER
    )
    return Cast(ours, theirs, organizer, other, volunteer, superuser)
