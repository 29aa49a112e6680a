"""The API's one permission class: each action asks the rules for the permission its
viewset names.

A viewset declares ``permission_map``: action name → permission name, or None for an
action anyone may call (public reads: the visibility querysets decide what is found).
An action missing from the map is refused, so a new @action is closed until someone
names its permission. It is asked of ``view.get_permission_object()`` (the URL's
conference for views under /conferences/{slug}/), and again of the object for detail
actions; without a permission object, of the object alone, or with no object at all for
list-level actions (which then means "for some conference").
"""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

# OPTIONS answers with the view's description, which is public; a method the view does
# not route (action None) is answered 405 by DRF after the permission check.
OPEN_ACTIONS: dict[str | None, str | None] = {"metadata": None, None: None}


def required_permission(view: Any) -> tuple[bool, str | None]:
    """(known, permission) for the view's current action."""
    permission_map = {**OPEN_ACTIONS, **getattr(view, "permission_map", {})}
    action = getattr(view, "action", None)
    if action not in permission_map:
        return False, None
    return True, permission_map[action]


class RulesPermission(permissions.BasePermission):
    message = "You may not do this here."

    def allows_anonymous(self, view: Any) -> bool:
        """For the schema: anonymous callers may use this action."""
        known, permission = required_permission(view)
        return known and permission is None

    def _ask(self, request: Request, permission: str, obj: Any = None) -> bool:
        allowed = bool(request.user.has_perm(permission, obj))
        if not allowed:
            self.message = f"You may not do this here (it takes {permission})."
        return allowed

    def has_permission(self, request: Request, view: Any) -> bool:
        known, permission = required_permission(view)
        if permission is None:
            return known
        if not (request.user and request.user.is_authenticated):
            return False
        get_permission_object = getattr(view, "get_permission_object", None)
        target = get_permission_object() if get_permission_object is not None else None
        if target is None and getattr(view, "detail", False):
            return True  # asked of the object, in has_object_permission
        return self._ask(request, permission, target)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        known, permission = required_permission(view)
        if permission is None:
            return known
        return self._ask(request, permission, obj)
