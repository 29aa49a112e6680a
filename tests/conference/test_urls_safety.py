import pytest
from django.test import RequestFactory
from django.urls import reverse

from conference.infrastructure.urls_safety import safe_next

HOSTILE = [
    "/\\evil.example",
    "//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "http:///evil.example",
]


@pytest.mark.parametrize("next_url", HOSTILE)
def test_safe_next_sends_a_hostile_next_to_the_default(next_url):
    post = RequestFactory().post("/", {"next": next_url})
    get = RequestFactory().get("/", {"next": next_url})
    assert safe_next(post, default="/home/") == "/home/"
    assert safe_next(get, default="/home/") == "/home/"


def test_safe_next_keeps_a_path_on_this_site():
    request = RequestFactory().post("/", {"next": "/conferences/?year=2015"})
    assert safe_next(request, default="/home/") == "/conferences/?year=2015"


def test_safe_next_keeps_this_host_and_refuses_plain_http_from_https():
    plain = RequestFactory().get("/", {"next": "http://testserver/me/"})
    assert safe_next(plain, default="/home/") == "http://testserver/me/"
    secure = RequestFactory().get("/", {"next": "http://testserver/me/"}, secure=True)
    assert safe_next(secure, default="/home/") == "/home/"


def test_safe_next_without_next_is_the_default():
    assert safe_next(RequestFactory().get("/"), default="/home/") == "/home/"


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE)
def test_signup_lands_on_the_default_for_a_hostile_next(client, next_url):
    data = {
        "username": "ada",
        "email": "ada@example.net",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
        "next": next_url,
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("me:schedule")
