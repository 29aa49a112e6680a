"""Site-wide: sitemap, error pages, meta tags, CSP-friendly markup, offline support."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talks.templatetags.hallway import datetime_attr
from tests.factories import ConferenceFactory, FollowUpFactory, FollowUpNoteFactory, TalkFactory

pytestmark = pytest.mark.django_db

DEMO_PAGES = [
    "/",
    "/conferences/",
    "/conferences/pytennessee-2015/",
    "/conferences/pytennessee-2015/schedule/",
    "/conferences/pytennessee-2015/schedule/list/",
    "/conferences/pytennessee-2015/now/",
    "/conferences/pytennessee-2015/talks/",
    "/conferences/pytennessee-2015/speakers/",
    "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/",
    "/speakers/kyle-kelley/",
    "/tags/python/",
    "/search/?q=docker",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.fixture
def demo():
    call_command("loaddemo", verbosity=0)


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_public_pages_have_title_description_and_open_graph_tags(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    title = re.search(r"<title>(.+?)</title>", text).group(1)
    assert title.endswith("· Hallway")
    assert len(title) > len("· Hallway") + 3
    assert re.search(r'<meta name="description" content="[^"]{20,}">', text)
    for prop in ["og:title", "og:description", "og:url", "og:type"]:
        assert f'<meta property="{prop}" content="' in text, prop
    assert "<main" in text
    assert 'aria-label="Main"' in text


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_pages_have_no_inline_scripts_or_styles(client, demo, url):
    text = client.get(url).text
    assert " style=" not in text
    assert "<style" not in text
    for tag in re.findall(r"<script[^>]*>", text):
        assert 'src="/static/' in tag, tag
    assert re.search(r"<script[^>]*>\s*[^<\s]", text) is None
    # Landmarks and one h1.
    assert text.count("<h1") == 1


def test_talk_page_og_tags_describe_the_talk(client, demo):
    text = client.get(DEMO_PAGES[8]).text
    assert '<meta property="og:title" content="Building Services with Docker and Python">' in text
    assert '<meta property="og:type" content="article">' in text


def test_sitemap_lists_public_pages_only(client):
    public = TalkFactory(title="Public")
    hidden = TalkFactory(conference=ConferenceFactory(published=False, slug="secret-conf"))
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    text = response.text
    assert public.get_absolute_url() in text
    assert public.conference.get_absolute_url() in text
    assert f"/conferences/{public.conference.slug}/schedule/" in text
    assert "secret-conf" not in text
    assert hidden.get_absolute_url() not in text


def test_404_page_is_in_the_site_style(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "/static/css/hallway.css" in response.text


def test_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "hallway.css" in html


def test_server_error_answers_with_the_500_page(settings, monkeypatch):
    import talks.views.conferences

    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(talks.views.conferences, "home", boom)
    settings.ROOT_URLCONF = "tests.urls_error"
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text


def test_service_worker_is_served_from_the_root_scope(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "stale-while-revalidate" in response.text
    assert "\\/me\\/schedule\\/" in response.text  # the personal schedule works offline


def test_manifest_is_valid_json_with_a_start_url():
    manifest = json.loads(Path(finders.find("manifest.webmanifest")).read_text(encoding="utf-8"))
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert finders.find("img/icon.svg")


def test_print_stylesheet_prints_every_room_of_the_grid_and_drops_navigation():
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    # One list per room (schedule-grid.css orders the items by column): every room prints.
    assert ".schedule-grid { display: flex !important; flex-direction: column; }" in css
    assert ".schedule-scroll { overflow: visible !important;" in css
    assert ".site-header" in css
    assert "display: none" in css


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /me/" in response.text


def test_favicon_ico_answers_with_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_time_datetime_attributes_have_no_microseconds(client):
    followup = FollowUpFactory()  # created now: a timestamp with microseconds
    FollowUpNoteFactory(followup=followup, kind="reply")
    page = client.get(reverse("followups:status", kwargs={"token": followup.token}))
    values = re.findall(r'<time datetime="([^"]+)"', page.text)
    assert len(values) >= 2
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)", value), value


def test_datetime_attr_is_local_to_the_second():
    moment = dt.datetime(2015, 2, 7, 15, 0, 12, 345678, tzinfo=dt.UTC)
    with timezone.override("America/Chicago"):
        assert datetime_attr(moment) == "2015-02-07T09:00:12-06:00"
    assert datetime_attr(dt.date(2015, 2, 7)) == "2015-02-07"
    assert datetime_attr(None) == ""
