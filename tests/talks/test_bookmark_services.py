import pytest
from django.core.exceptions import ValidationError

from talks.models import Bookmark, Talk
from talks.services import bookmark_add, bookmark_remove
from tests.factories import ConferenceFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_bookmark_add_is_idempotent_and_remove_reports_what_it_did():
    user, talk = UserFactory(), TalkFactory()
    first = bookmark_add(user=user, talk=talk)
    assert bookmark_add(user=user, talk=talk) == first
    assert Bookmark.objects.filter(user=user).count() == 1
    assert bookmark_remove(user=user, talk=talk) is True
    assert bookmark_remove(user=user, talk=talk) is False


@pytest.mark.parametrize("hidden", ["draft", "unpublished"])
def test_bookmark_add_refuses_talks_the_public_cannot_see(hidden):
    if hidden == "draft":
        talk = TalkFactory(state=Talk.State.DRAFT)
    else:
        talk = TalkFactory(conference=ConferenceFactory(published=False))
    with pytest.raises(ValidationError):
        bookmark_add(user=UserFactory(), talk=talk)
    assert Bookmark.objects.count() == 0
