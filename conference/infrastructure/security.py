"""Login throttling: after too many failed sign-ins, refuse for a while with a clear message.

Counts live in the cache (conference.infrastructure.ratelimit), with three limits:

- per account and client address (LOGIN_THROTTLE_ATTEMPTS): someone guessing one password;
- per account from any address (LOGIN_THROTTLE_ACCOUNT_ATTEMPTS): guessing it from many;
- per client address (LOGIN_THROTTLE_ADDRESS_ATTEMPTS): one address trying many accounts.

These are shared with other people (a venue's Wi-Fi is one address; anyone can fail on
someone else's username), so none of them locks out a browser that has signed in to that
account before: a successful sign-in leaves a signed "known browser" cookie, and such a
browser is held to LOGIN_THROTTLE_ATTEMPTS of its own failures only. No one else's
failures lock it out.

Enforced in two places:

- ``LoginThrottleBackend``, first in AUTHENTICATION_BACKENDS, refuses authentication for a
  throttled username and address on every path that calls ``authenticate()`` (the website
  login, the admin login, any API authentication that checks a password);
- ``ThrottledAuthenticationForm`` / ``ThrottledAdminAuthenticationForm`` say so plainly in
  the form instead of the usual "wrong password" message.

If the cache is down (conference.infrastructure.cache_backends.ResilientRedisCache answers misses),
throttling is off until it is back: signing in keeps working.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from conference.infrastructure.ratelimit import client_address, counter_key, counts, hit, reset

THROTTLED_MESSAGE = (
    "Too many failed sign-in attempts for this account from your network. "
    "Please wait %(minutes)d minutes and try again."
)
KNOWN_BROWSER_COOKIE = "hallway_known_login"
KNOWN_BROWSER_SALT = "conference.security.known-browser"
KNOWN_BROWSER_MAX_AGE = 180 * 24 * 3600


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _window() -> int:
    return _setting("LOGIN_THROTTLE_WINDOW", 15 * 60)


def known_browser(request: HttpRequest | None, username: str) -> str:
    """This browser's cookie if it signed in to this account before, else ""."""
    value = request.COOKIES.get(KNOWN_BROWSER_COOKIE, "") if request is not None else ""
    try:
        known = signing.loads(value, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE)
    except signing.BadSignature:
        return ""
    return value if known == username.casefold() else ""


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    """The counters this sign-in is held to, with their limits: a known browser's own, or
    the account's at this address, the account's and the address's."""
    account = username.casefold()
    browser = known_browser(request, username)
    attempts = _setting("LOGIN_THROTTLE_ATTEMPTS", 5)
    if browser:
        return [(counter_key("login-throttle", "browser", account, browser), attempts)]
    address = client_address(request)
    return [
        (counter_key("login-throttle", "user", account, address), attempts),
        (
            counter_key("login-throttle", "account", account),
            _setting("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", 50),
        ),
        (
            counter_key("login-throttle", "address", address),
            _setting("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 200),
        ),
    ]


def login_is_throttled(request: HttpRequest | None, username: str) -> bool:
    limits = _keys(request, username)
    count = counts(*(key for key, _ in limits))
    return any(count[key] >= limit for key, limit in limits)


def record_failed_login(request: HttpRequest | None, username: str) -> None:
    for key, _ in _keys(request, username):
        hit(key, window=_window())


def clear_failed_logins(request: HttpRequest | None, username: str) -> None:
    reset(_keys(request, username)[0][0])


@receiver(user_login_failed, dispatch_uid="hallway-login-throttle-failed")
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username")
    if username:
        record_failed_login(request, str(username))


@receiver(user_logged_in, dispatch_uid="hallway-login-throttle-succeeded")
def _on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    clear_failed_logins(request, user.get_username())
    if request is not None:
        # Set on the response by KnownBrowserMiddleware (a signal has no response).
        request.known_login = user.get_username().casefold()  # type: ignore[attr-defined]  # ours


class KnownBrowserMiddleware:
    """Leaves the signed "known browser" cookie on the response to a successful sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        username = getattr(request, "known_login", None)
        if username:
            response.set_cookie(
                KNOWN_BROWSER_COOKIE,
                signing.dumps(username, salt=KNOWN_BROWSER_SALT),
                max_age=KNOWN_BROWSER_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class LoginThrottleBackend:
    """Stops authenticate() for a throttled username and address.

    Raising PermissionDenied makes Django's authenticate() try no further backends. It has
    no get_user() on purpose: Client.force_login() and login() pick the first backend that
    has one to record in the session, and this one never returns users.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if username and login_is_throttled(request, username):
            raise PermissionDenied("login throttled")
        return None


class ThrottledFormMixin:
    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and login_is_throttled(self.request, username):
            raise ValidationError(
                THROTTLED_MESSAGE,
                code="throttled",
                params={"minutes": max(1, _window() // 60)},
            )
        return super().clean()  # type: ignore[misc]  # the form class mixed in provides it


class ThrottledAuthenticationForm(ThrottledFormMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledFormMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class RejectNulBytesMiddleware:
    """Answers 400 to a NUL byte in the path or query string.

    No URL of Hallway means anything with a NUL byte, and PostgreSQL refuses NUL in text,
    so a search or filter that passed one on would fail with a 500 deep inside a query.
    Form posts are left to the forms, which say "Null characters are not allowed."
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            message = "Bad request: the address contains a NUL byte (%00)."
            if request.path.startswith("/api/"):
                # The API's one documented error shape (talks/api/errors.py).
                body = {"status": 400, "code": "invalid", "message": message, "errors": {}}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
