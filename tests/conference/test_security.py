"""Login throttling and the production security headers."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def throttle(settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
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
