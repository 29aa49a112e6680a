"""Every URL pattern of the project, found by walking the resolver.

The permission matrix, the CSRF check and the hostile-input pages all start from this list,
so a URL added on any branch is covered (or named as missing) without touching the tests.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (namespaced) or, if unnamed, its full route as the key."""

    key: str
    name: str | None
    route: str
    callback: Any

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def viewset_actions(self) -> dict[str, str]:
        """HTTP method → action for DRF viewsets (router routes), else {}."""
        return dict(getattr(self.callback, "actions", None) or {})

    @property
    def view_class(self) -> Any:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)


def _walk(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(key=name or route, name=name, route=route, callback=pattern.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), "", None))
