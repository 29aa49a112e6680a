"""Signing in for speakers and organizers.

The site's own sign-in page (settings.LOGIN_URL, named "login") is the website's; where a
URLconf does not route it, this module's small sign-in page stands in, so /me/follow-ups/
never fails for a signed-out visitor.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse


def login_url() -> str:
    try:
        return reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        if "/" in settings.LOGIN_URL:
            return str(settings.LOGIN_URL)
        return reverse("followups:sign_in")


def sign_in_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """login_required, with the fallback sign-in page above."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url())
        return view(request, *args, **kwargs)

    return wrapper


class SignInView(LoginView):
    template_name = "talks/followups/sign_in.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("followups:inbox")
