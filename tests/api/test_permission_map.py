"""Every API action names its permission, and every permission named anywhere exists."""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from rules.permissions import permissions as registered_permissions

from talks.api.permissions import RulesPermission

ROOT = Path(__file__).resolve().parent.parent.parent
HAS_PERM = re.compile(r"""has_perm\(\s*["']([a-z_]+\.[a-z_]+)["']""")
PERMISSION_ATTRIBUTE = re.compile(r"""_permission = ["']([a-z_]+\.[a-z_]+)["']""")


def viewsets() -> set[tuple[type, frozenset[str]]]:
    """(viewset class, the actions its routes call), for every routed viewset."""
    found: dict[type, set[str]] = {}

    def walk(resolver: URLResolver) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern)
            elif isinstance(pattern, URLPattern):
                actions = getattr(pattern.callback, "actions", None)
                if actions:
                    found.setdefault(pattern.callback.cls, set()).update(actions.values())

    walk(get_resolver())
    return {(cls, frozenset(actions)) for cls, actions in found.items()}


def test_every_viewset_uses_the_one_permission_class():
    routed = viewsets()
    assert len(routed) > 10
    personal = {"BookmarkViewSet", "ApiTokenViewSet"}  # the user's own rows: IsAuthenticated
    for cls, _ in routed:
        if cls.__name__ not in personal:
            assert cls.permission_classes == [RulesPermission], cls.__name__


def test_every_routed_action_has_a_permission_entry():
    for cls, actions in viewsets():
        if RulesPermission not in cls.permission_classes:
            continue
        missing = actions - set(cls.permission_map)
        assert not missing, f"{cls.__name__}.permission_map lacks {sorted(missing)}"


def test_every_permission_named_in_a_map_is_registered():
    for cls, _ in viewsets():
        for action, permission in getattr(cls, "permission_map", {}).items():
            assert permission is None or permission in registered_permissions, (
                cls.__name__,
                action,
                permission,
            )


def test_every_permission_the_code_asks_for_is_registered():
    """A misspelt name would refuse everyone but superusers, silently."""
    asked: dict[str, str] = {}
    for app in ("conference", "talks"):
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for name in HAS_PERM.findall(text) + PERMISSION_ATTRIBUTE.findall(text):
                asked[name] = str(path.relative_to(ROOT))
    assert len(asked) > 10
    unknown = {name: where for name, where in asked.items() if name not in registered_permissions}
    assert unknown == {}
