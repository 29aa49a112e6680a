"""Running the permission matrix: build each URL, request it as a role, compare."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.security.expected import LOGIN, Expect, expectations
from tests.security.urlmap import Route, all_routes
from tests.security.world import (
    ATTENDEE,
    ATTENDEE_EMAIL,
    FOLLOWUP_EMAIL,
    FOLLOWUP_SECRET,
    ORGANIZER,
    SPEAKER,
    SPEAKER_EMAIL,
    STAFF,
    VOLUNTEER,
    World,
)

# Secret string → the roles that may see it in a response body.
PRIVATE_STRINGS = {
    FOLLOWUP_SECRET: {SPEAKER, STAFF},
    FOLLOWUP_EMAIL: {SPEAKER, STAFF},
    ATTENDEE_EMAIL: {ATTENDEE, STAFF},
    # The speaker, and the organizers who may edit the profile (every conference of theirs);
    # the API also shows it to the conference's volunteer (talks.view_speaker_email).
    SPEAKER_EMAIL: {SPEAKER, VOLUNTEER, ORGANIZER, STAFF},
}


@dataclass(frozen=True)
class Checked:
    key: str
    method: str
    role: str
    url: str
    got: int | str
    expected: frozenset[int | str]
    leaked: tuple[str, ...] = ()
    # A refused request (4xx or a login redirect) that changed the data anyway.
    changed_when_refused: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.got in self.expected and not self.leaked and not self.changed_when_refused

    def __str__(self) -> str:
        text = f"{self.method} {self.url} [{self.key}] as {self.role}: got {self.got}"
        text += f", expected one of {sorted(map(str, self.expected))}"
        if self.leaked:
            text += f"; leaked private data {self.leaked}"
        if self.changed_when_refused:
            text += f"; refused but changed {self.changed_when_refused}"
        return text


def url_for(route: Route, expect: Expect, world: World) -> str:
    if expect.path is not None:
        return expect.path(world) + expect.query
    assert route.name, f"unnamed pattern {route.key} needs Expect(path=...)"
    return reverse(route.name, kwargs=expect.kwargs(world)) + expect.query


def outcome(response: HttpResponse) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "login" in location:
            return LOGIN
    return response.status_code


def refused(got: int | str) -> bool:
    return got == LOGIN or (isinstance(got, int) and got >= 400)


def data_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the project's own tables (the world is small): model label → rows."""
    models = [
        *apps.get_app_config("conference").get_models(),
        *apps.get_app_config("talks").get_models(),
    ]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in models
    }


def request(client: Client, method: str, url: str) -> tuple[HttpResponse, tuple[str, ...]]:
    """One request whose writes are rolled back, so every role sees the same world.

    For a write that is refused, also the tables it changed all the same.
    """
    changed: tuple[str, ...] = ()
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        else:
            before = data_snapshot()
            response = client.generic(method, url, "{}", content_type="application/json")
            if refused(outcome(response)):
                after = data_snapshot()
                changed = tuple(label for label in before if before[label] != after[label])
        transaction.set_rollback(True)
    return response, changed


def missing_rows() -> list[str]:
    """Every route (and implemented method) without an expectation, as messages."""
    table = expectations()
    problems = []
    for route in all_routes():
        expect = table.get(route.key)
        if expect is None:
            where = (
                "EXPECTED (or ADMIN_MODEL_POLICY for a model admin)"
                if route.is_admin
                else "EXPECTED"
            )
            problems.append(
                f"add an entry to {where} for {route.key!r} (route {route.route!r}) "
                "in tests/security/expected.py"
            )
            continue
        # HEAD answers as GET does (DRF routes it to the same action); OPTIONS is metadata.
        methods = {m for m in route.viewset_actions if m not in ("options", "head", "trace")}
        cls = route.view_class
        # The admin checks its own permissions on POST; the CSRF test covers its forms.
        if cls is not None and not route.is_admin:
            methods |= {
                m
                for m in getattr(cls, "http_method_names", [])
                if m not in ("options", "head", "trace") and hasattr(cls, m)
            }
        for method in sorted(m.upper() for m in methods):
            if method not in expect.methods:
                problems.append(f"add method {method} to EXPECTED[{route.key!r}]")
    return problems


def check_role(world: World, role: str) -> list[Checked]:
    table = expectations()
    results = []
    for route in all_routes():
        expect = table.get(route.key)
        if expect is None:
            continue
        url = url_for(route, expect, world)
        for method, per_role in expect.methods.items():
            # A fresh session each time: logging out (or a view that flushes the session,
            # kept in the cache where the rollback cannot restore it) must not turn the
            # role into a visitor for the URLs after it.
            client = world.client(role, raise_request_exception=False)
            response, changed = request(client, method, url)
            body = response.content.decode(errors="replace") if not response.streaming else ""
            leaked = tuple(
                secret
                for secret, allowed in PRIVATE_STRINGS.items()
                if role not in allowed and secret in body
            )
            results.append(
                Checked(
                    route.key,
                    method,
                    role,
                    url,
                    outcome(response),
                    per_role[role],
                    leaked,
                    changed,
                )
            )
    return results
