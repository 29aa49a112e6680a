"""DRF's anonymous and signed-in throttles, counting clients by the one address rule.

DRF's own ident believes any X-Forwarded-For a client sends (unless NUM_PROXIES is set),
so one script could rotate it for fresh buckets, or, behind a proxy without it, every
client would be the proxy and one busy script would exhaust the rate for everyone.
client_address() reads the header only from TRUSTED_PROXIES, as every other limit does.
"""

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from conference.infrastructure.ratelimit import client_address


class ClientAddressIdentMixin:
    def get_ident(self, request: Any) -> str:
        return client_address(request, default="unknown")


class AnonThrottle(ClientAddressIdentMixin, AnonRateThrottle):
    pass


class UserThrottle(ClientAddressIdentMixin, UserRateThrottle):
    pass
