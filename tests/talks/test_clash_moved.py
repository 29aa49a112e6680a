"""An imported clash (Slot.clash) is waived from the no-overlap rule only where its file
put it: once an organizer moves it, the rule holds for it again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talks.models import Slot
from talks.services import slot_update
from tests.factories import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clashing():
    kept = SlotFactory()
    flagged = SlotFactory(
        schedule=kept.schedule, room=kept.room, start=kept.start, end=kept.end, clash=True
    )
    return kept, flagged


def test_moving_a_clash_onto_another_talk_is_refused(clashing):
    kept, flagged = clashing
    with pytest.raises(ValidationError):
        slot_update(slot=flagged, fields={"start": kept.start + dt.timedelta(minutes=15)})
    flagged.refresh_from_db()
    assert (flagged.start, flagged.clash) == (kept.start, True)  # nothing half-written


def test_moving_a_clash_to_a_free_time_clears_its_flag(clashing):
    kept, flagged = clashing
    later = kept.end + dt.timedelta(hours=1)
    slot_update(slot=flagged, fields={"start": later, "end": later + dt.timedelta(minutes=45)})
    assert Slot.objects.get(pk=flagged.pk).clash is False


def test_editing_a_clash_in_place_keeps_it_where_the_file_put_it(clashing):
    _, flagged = clashing
    slot_update(slot=flagged, fields={"title": ""})
    assert Slot.objects.get(pk=flagged.pk).clash is True
