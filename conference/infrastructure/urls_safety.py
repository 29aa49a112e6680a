"""Where a ``next`` parameter may send the browser: only somewhere on this site.

Every view that redirects to a caller-supplied address asks ``safe_next``, which leaves
the judgement to Django's ``url_has_allowed_host_and_scheme`` (the check LoginView uses):
it refuses other hosts, scheme-relative and backslash tricks (``//evil.example``,
``/\\evil.example``), non-HTTP schemes (``javascript:``) and, on an HTTPS request, a
plain-HTTP address.
"""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_next(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, default: str, *, field: str = "next") -> str:
    """The request's ``next`` (the form's, else the query string's) when it stays on this
    site, else ``default``."""
    candidate = (request.POST.get(field) or request.GET.get(field) or "").strip()
    return candidate if candidate and is_safe_next(request, candidate) else default
