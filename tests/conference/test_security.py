"""Login throttling and the production security headers."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def throttle(settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 6
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 10
    settings.LOGIN_THROTTLE_WINDOW = 600


def _sign_in(client, url, username, password, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.usefixtures("throttle")
def test_login_refuses_with_a_clear_message_after_too_many_failures(client):
    UserFactory(username="kyle")
    url = reverse("login")
    for _ in range(3):
        response = _sign_in(client, url, "kyle", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text
    response = _sign_in(client, url, "kyle", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("throttle")
def test_throttle_is_per_username_and_address(client):
    UserFactory(username="kyle")
    UserFactory(username="grace")
    url = reverse("login")
    for _ in range(3):
        _sign_in(client, url, "kyle", "wrong")
    # The same account from another address, and another account, still sign in.
    assert _sign_in(client, url, "kyle", PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert _sign_in(client, url, "grace", PASSWORD).status_code == 302


@pytest.mark.usefixtures("throttle")
def test_username_case_does_not_escape_the_throttle(client):
    UserFactory(username="kyle")
    url = reverse("login")
    for name in ("kyle", "KYLE", "Kyle"):
        _sign_in(client, url, name, "wrong")
    assert "Too many failed" in _sign_in(client, url, "kyle", PASSWORD).text


@pytest.mark.usefixtures("throttle")
def test_one_address_trying_many_accounts_is_throttled(client):
    UserFactory(username="victim")
    url = reverse("login")
    for n in range(10):
        _sign_in(client, url, f"guess{n}", "wrong")
    assert "Too many failed" in _sign_in(client, url, "victim", PASSWORD).text


@pytest.mark.usefixtures("throttle")
def test_one_account_guessed_from_many_addresses_is_throttled(client):
    UserFactory(username="kyle")
    url = reverse("login")
    for n in range(6):
        _sign_in(client, url, "kyle", "wrong", address=f"198.51.100.{n}")
    assert "Too many failed" in _sign_in(client, url, "kyle", PASSWORD, address="192.0.2.1").text


@pytest.mark.usefixtures("throttle")
def test_others_failures_never_lock_out_a_browser_that_signed_in_before(client):
    UserFactory(username="admin", is_staff=True)
    url = reverse("admin:login")
    assert _sign_in(client, url, "admin", PASSWORD).status_code == 302  # this browser, once
    client.post(reverse("admin:logout"))  # signs out; the browser keeps its other cookies
    assert "_auth_user_id" not in client.session
    # A script on the same venue Wi-Fi tries made-up users, and the admin's account too.
    other = Client()
    for n in range(10):
        _sign_in(other, url, f"made-up-{n}", "wrong")
    for n in range(6):
        _sign_in(other, url, "admin", "wrong", address=f"198.51.100.{n}")
    for _ in range(3):
        _sign_in(other, url, "admin", "wrong")  # from the admin's own address too
    assert "Too many failed" in _sign_in(other, url, "someone", "wrong").text
    assert "Too many failed" in _sign_in(other, url, "admin", PASSWORD).text
    # The admin's own browser still signs in.
    response = _sign_in(client, url, "admin", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.usefixtures("throttle")
def test_a_known_browser_is_still_held_to_its_own_failures(client):
    UserFactory(username="kyle")
    url = reverse("login")
    assert _sign_in(client, url, "kyle", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(3):
        _sign_in(client, url, "kyle", "wrong")
    assert "Too many failed" in _sign_in(client, url, "kyle", PASSWORD).text


@pytest.mark.usefixtures("throttle")
def test_admin_login_is_throttled_too(client):
    UserFactory(username="boss", is_staff=True)
    url = reverse("admin:login")
    for _ in range(3):
        _sign_in(client, url, "boss", "wrong")
    response = _sign_in(client, url, "boss", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.text


@pytest.mark.usefixtures("throttle")
def test_authenticate_itself_refuses_a_throttled_login(rf):
    from django.contrib.auth import authenticate

    UserFactory(username="kyle")
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert authenticate(request, username="kyle", password="wrong") is None
    # Even with the right password, and on a path that never shows our form.
    assert authenticate(request, username="kyle", password=PASSWORD) is None


@pytest.mark.usefixtures("throttle")
def test_successful_login_clears_the_count(client):
    UserFactory(username="kyle")
    url = reverse("login")
    for _ in range(2):
        _sign_in(client, url, "kyle", "wrong")
    assert _sign_in(client, url, "kyle", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        _sign_in(client, url, "kyle", "wrong")
    assert _sign_in(client, url, "kyle", PASSWORD).status_code == 302
