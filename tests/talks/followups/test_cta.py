import pytest
from django.template.loader import render_to_string

from talks.selectors import talk_get_public

pytestmark = pytest.mark.django_db


def test_cta_links_to_the_talks_form(cast):
    talk = talk_get_public(conference=cast.talk.conference, slug=cast.talk.slug)
    html = render_to_string("talks/includes/_followup_cta.html", {"talk": talk})
    assert 'href="/conferences/pytennessee-2015/talks/docker-python/follow-up/"' in html
    assert "Follow up with the speakers" in html  # two speakers


def test_cta_says_when_followups_are_closed(cast):
    cast.talk.conference.followups_closed = True
    cast.talk.conference.save()
    talk = talk_get_public(conference=cast.talk.conference, slug=cast.talk.slug)
    html = render_to_string("talks/includes/_followup_cta.html", {"talk": talk})
    assert "closed follow-ups" in html
    assert "/follow-up/" not in html
