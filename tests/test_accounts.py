import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_an_account_and_logs_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "next": "/conferences/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/conferences/"
    assert get_user_model().objects.get(username="newbie").email == "newbie@example.org"
    assert client.get(reverse("me:schedule")).status_code == 200


def test_signup_shows_field_errors_with_400(client):
    UserFactory(username="taken", email="taken@example.org")
    response = client.post(
        reverse("signup"),
        {"username": "taken", "email": "TAKEN@example.org", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"username", "email", "password2"}
    assert "An account with this e-mail exists" in response.text


def test_login_and_logout(client):
    UserFactory(username="ada")
    response = client.post(
        reverse("login"), {"username": "ada", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert "Log out ada" in client.get(reverse("home")).text
    client.post(reverse("logout"))
    assert "Log in" in client.get(reverse("home")).text


def test_password_reset_sends_a_working_link(client, mailoutbox, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"  # make run PORT=8123
    UserFactory(username="ada", email="ada@example.org")
    response = client.post(reverse("password_reset"), {"email": "ada@example.org"})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject == "Reset your Hallway password"
    link = next(line for line in mail.body.splitlines() if "/accounts/reset/" in line)
    assert link.startswith("http://127.0.0.1:8123/accounts/reset/")
    path = link.replace("http://127.0.0.1:8123", "")
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    assert done.status_code == 302
    assert client.login(username="ada", password="another long passphrase")
