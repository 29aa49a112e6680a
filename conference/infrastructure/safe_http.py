"""POST to a URL an organizer typed, without turning the server into a port scanner.

- http and https only; every address the host name resolves to must be public (not
  loopback, private, link-local, multicast, reserved, …), unless the host or its network
  is in WEBHOOK_ALLOWED_HOSTS (self-hosted receivers);
- the connection goes to the address that was checked (no second DNS answer in between),
  with TLS still verified against the host name;
- short connect and read timeouts; at most WEBHOOK_MAX_RESPONSE_BYTES of the answer read;
- redirects are not followed unless WEBHOOK_MAX_REDIRECTS allows it, and then each
  target is checked like the first;
- failures are reported as a fixed category (``Outcome.problem``), never the remote text.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the HTTP status, None when no answer came
    problem: str  # "" on a 2xx; otherwise a category such as "timeout" or "HTTP 500"


class NotAllowed(Exception):
    """The URL's scheme or one of its addresses is not allowed."""


def _allow_list() -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    names, networks = set(), []
    for entry in settings.WEBHOOK_ALLOWED_HOSTS:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.lower().rstrip("."))
    return names, networks


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _allowed(host: str, address: Address) -> bool:
    names, networks = _allow_list()
    if host.lower().rstrip(".") in names:
        return True
    return is_public(address) or any(address in network for network in networks)


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def validate_webhook_url(value: str) -> None:
    """What can be told without DNS: the scheme, and an IP literal or "localhost" host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValidationError("A webhook URL starts with https:// or http://.", code="scheme")
    host = (parts.hostname or "").lower().rstrip(".")
    address = _literal(host)
    local_name = host == "localhost" or host.endswith(".localhost")
    if local_name or (address is not None and not _allowed(host, address)):
        raise ValidationError(
            "Webhooks go to public addresses only (ask the site's operators to allow-list "
            "a self-hosted receiver).",
            code="private_address",
        )


def resolve_checked(url: str) -> tuple[str, int, Address]:
    """(host, port, the address to connect to); NotAllowed if any address is not allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotAllowed("scheme")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OSError("name not resolved") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    # Every answer must be allowed: otherwise a name with one public and one private
    # address would reach the private one on some attempts.
    if not addresses or not all(_allowed(host, address) for address in addresses):
        raise NotAllowed("address")
    return host, port, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: Address) -> None:
        super().__init__(host, port, timeout=settings.WEBHOOK_CONNECT_TIMEOUT)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self.address), self.port), self.timeout)
        self.sock.settimeout(settings.WEBHOOK_READ_TIMEOUT)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: Address) -> None:
        super().__init__(
            host,
            port,
            timeout=settings.WEBHOOK_CONNECT_TIMEOUT,
            context=ssl.create_default_context(),
        )
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((str(self.address), self.port), self.timeout)
        sock.settimeout(settings.WEBHOOK_READ_TIMEOUT)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _post_once(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str | None]:
    """One POST; (status, Location header or None). Reads at most the response cap."""
    host, port, address = resolve_checked(url)
    parts = urlsplit(url)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(settings.WEBHOOK_MAX_RESPONSE_BYTES)  # drained up to the cap, then closed
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def post_json(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body``; the outcome in categories only (see the module docstring)."""
    redirects = 0
    while True:
        try:
            status, location = _post_once(url, body, headers)
        except NotAllowed:
            return Outcome(None, "address not allowed")
        except TimeoutError:
            return Outcome(None, "timeout")
        except ssl.SSLError:
            return Outcome(None, "TLS error")
        except (OSError, http.client.HTTPException):
            return Outcome(None, "connection failed")
        if 300 <= status < 400 and location and redirects < settings.WEBHOOK_MAX_REDIRECTS:
            redirects += 1
            url = urljoin(url, location)
            continue
        return Outcome(status, "" if 200 <= status < 300 else f"HTTP {status}")
