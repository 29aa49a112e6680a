"""URLs that stay URIs: what the site and the API emit must pass JSON Schema's "format": "uri".

Django's URLValidator checks the scheme and the host but lets the path, query and fragment
hold anything but whitespace: ``"``, ``<``, ``|``, a stray ``%``... Those would break every
``href`` and every client that checks the API's documented ``format: uri``.

``validate_uri`` goes on every model URLField, so admin, forms, the API, CSV and imports
all refuse such values; ``as_uri`` writes an accepted URL, which may be an IRI (an
internationalised domain name, non-ASCII in the path), as the RFC 3986 URI clients expect.
"""

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.encoding import iri_to_uri

# Printable ASCII that RFC 3986 allows nowhere in a URI (space is caught as a separator).
NOT_IN_URIS = frozenset('"<>\\^`{|}')

# RFC 3986 (section 3) for URIs with an authority, which every URLField value has. IP
# literals are only bracketed hex here; URLValidator checks them properly.
_PCT = r"%[0-9A-Fa-f]{2}"
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
URI_RE = re.compile(
    rf"""
    [A-Za-z][A-Za-z0-9+\-.]*:                              # scheme
    //(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?     # userinfo
    (?:\[[0-9A-Fa-f:.]+\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)  # host
    (?::[0-9]*)?                                          # port
    (?:/{_PCHAR}*)*                                       # path
    (?:\?(?:{_PCHAR}|[/?])*)?                              # query
    (?:\#(?:{_PCHAR}|[/?])*)?                              # fragment
    """,
    re.VERBOSE,
)


def _shown(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def as_uri(url: str) -> str:
    """An accepted URL as an RFC 3986 URI: the host in IDNA, the rest percent-encoded UTF-8.

    Raises UnicodeError for a host that is no valid internationalised domain name.
    """
    scheme, netloc, path, query, fragment = urlsplit(url)
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        # The same IDNA 2003 codec Django's URLValidator uses for non-ASCII hosts.
        ascii_host = host.encode("idna").decode("ascii")
        netloc = quote(userinfo, safe="%:" + _SUB_DELIMS) + at + ascii_host + colon + port
    return iri_to_uri(urlunsplit((scheme, netloc, path, query, fragment)))


def as_uri_or_none(url: str) -> str | None:
    """``as_uri``, or None for a value stored before ``validate_uri`` that is no URI."""
    try:
        uri = as_uri(url)
    except (UnicodeError, ValueError):
        return None
    return uri if URI_RE.fullmatch(uri) else None


def validate_uri(value: str) -> None:
    """Refuse a URL that cannot be written as an RFC 3986 URI (see the module docstring)."""
    bad = sorted(
        {
            char
            for char in value
            if char in NOT_IN_URIS or unicodedata.category(char)[0] in "CZ"  # controls, spaces
        }
    )
    if bad:
        raise ValidationError(
            "A URL cannot contain %(chars)s; percent-encode them or leave them out.",
            code="invalid_uri_characters",
            params={"chars": " ".join(_shown(char) for char in bad)},
        )
    try:
        uri = as_uri(value)
    except (UnicodeError, ValueError):
        raise ValidationError(
            "Enter a URL whose host name is a valid domain name.", code="invalid_uri_host"
        ) from None
    if URI_RE.fullmatch(uri) is None:
        raise ValidationError(
            "Enter a valid URL: a % must start a %XX escape, # may appear once, and [ ] only "
            "around an IP address.",
            code="invalid_uri",
        )
