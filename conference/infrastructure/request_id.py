"""A request id in every log line, carried into the background work a request sets off.

``RequestIdMiddleware`` takes the proxy's X-Request-ID (when it is a short token) or makes
one, answers with it, and keeps it in a context variable for the request. Rows of work
for the worker (OutgoingMail, WebhookDelivery) store it, and the worker runs each inside
``request_id_scope``, so one id ties "POST /followups/" to the e-mails it caused.
``RequestIdFilter`` puts it on every log record; ``JsonFormatter`` writes one JSON object
per line (LOG_FORMAT=json) for log collectors.
"""

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")
_request_id: ContextVar[str] = ContextVar("hallway_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


@contextmanager
def request_id_scope(value: str) -> Iterator[None]:
    token = _request_id.set(value)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        # Only a plain token is trusted: the id ends up in logs and in database rows.
        value = offered if _ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
        with request_id_scope(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False)
