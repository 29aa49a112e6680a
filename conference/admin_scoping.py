"""Scoping for the organizer admin: what each staff user sees and may change.

Every ModelAdmin and inline for conference data mixes in ``ConferenceScopedMixin``. It
decides visibility with a queryset filter (a row of another conference is not in the
changelist and its pages answer 404) and actions with the named permissions of
conference/rules.py and talks/rules.py. Foreign-key and many-to-many choices are narrowed
the same way, so an organizer cannot pick another conference's room, track, talk or
schedule.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.text import capfirst

from conference.models import Conference, OrganizerMembership, Room, Track
from conference.rules import is_released, is_site_admin, organized_conference_ids

# How to narrow a model's rows to some conferences: an ORM path to the conference
# ("" for Conference itself) or a function (queryset, conference ids) -> queryset.
Scope = str | Callable[[models.QuerySet[Any], frozenset[int]], models.QuerySet[Any]]
SCOPES: dict[type[models.Model], Scope] = {
    Conference: "",
    Room: "conference",
    Track: "conference",
    OrganizerMembership: "conference",
}


def register_scope(model: type[models.Model], scope: Scope) -> None:
    SCOPES[model] = scope


def scope_queryset(
    queryset: models.QuerySet[Any], user: Any, *, editing: bool = False
) -> models.QuerySet[Any]:
    """Rows of the user's conferences; all rows for a site admin."""
    if is_site_admin(user):
        return queryset
    scope = SCOPES[queryset.model]
    ids = organized_conference_ids(user, editing=editing)
    if callable(scope):
        return scope(queryset, ids)
    return queryset.filter(**{f"{scope}__in" if scope else "pk__in": ids})


class ConferenceScopedMixin:
    """Permissions by conference membership, for ModelAdmin and InlineModelAdmin alike.

    For an inline the ``obj`` handed to the permission methods is the parent object,
    whose conference is the inline rows' conference too. Without an object the
    permissions ask "for some conference" (the changelist, the add page).
    """

    # The named permissions (conference/rules.py, talks/rules.py) this admin asks.
    view_permission = "conference.view_conference"
    change_permission = "conference.change_conference"
    organizer_can_add = True
    organizer_can_delete = True
    organizer_read_only = False
    # Fields only a superuser sets (user accounts: organizers do not browse users).
    superuser_only_fields: tuple[str, ...] = ()

    def _may_view(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self.view_permission, obj)

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        if obj is not None and is_released(user, obj):
            return False
        if self.organizer_read_only and not is_site_admin(user):
            return False
        return user.has_perm(self.change_permission, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_view(request, obj) or self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        parent = args[0] if args else None  # inlines pass the parent object
        if not self.organizer_can_add and not is_site_admin(request.user):
            return False
        return self._may_change(request, parent)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if is_site_admin(request.user):
            return True  # even a release, so a whole conference can go; nobody edits one
        if not self.organizer_can_delete:
            return False
        return self._may_change(request, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]  # the admin class mixed in
        return scope_queryset(queryset, request.user)

    def _readonly_names(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]  # mixed in
        if not is_site_admin(request.user):
            fields += [f for f in self.superuser_only_fields if f not in fields]
        return fields

    def _accounts_as_text(self, request: HttpRequest, obj: Any = None) -> set[str]:
        """User-account fields this viewer reads but may not open: a read-only foreign key
        is a link to the account's admin page, which would answer them 403."""
        if may_open_accounts(request):
            return set()
        view_only = not self.has_change_permission(request, obj)
        readonly = set(self._readonly_names(request, obj))
        return {n for n in account_fields(self.model) if view_only or n in readonly}  # type: ignore[attr-defined]  # the admin's model

    def _texts(self, names: Any, text: set[str]) -> list[Any]:
        return [as_text(self.model, n) if n in text else n for n in names]  # type: ignore[attr-defined]  # the admin's model

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        names = self._readonly_names(request, obj)
        return self._texts(names, self._accounts_as_text(request, obj))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        names = super().get_fields(request, obj)  # type: ignore[misc]  # mixed in
        return self._texts(names, self._accounts_as_text(request, obj))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]  # mixed in
        # Shown as text (get_readonly_fields) instead of as a form field.
        exclude += sorted(self._accounts_as_text(request, obj) - set(exclude))
        return exclude or None

    def _narrow(self, request: HttpRequest, formfield: Any, db_field: Any) -> Any:
        if (
            formfield is not None
            and hasattr(formfield, "queryset")
            and db_field.related_model in SCOPES
        ):
            formfield.queryset = scope_queryset(formfield.queryset, request.user, editing=True)
        return formfield

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(  # type: ignore[misc]  # the admin mixed in
            db_field, request, **kwargs
        )
        return self._narrow(request, formfield, db_field)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(  # type: ignore[misc]  # the admin mixed in
            db_field, request, **kwargs
        )
        return self._narrow(request, formfield, db_field)


def may_open_accounts(request: HttpRequest) -> bool:
    """Whether the user admin's pages (links to accounts) open for this viewer: the user
    admin is Django's own, for site admins; organizers do not browse users."""
    return bool(is_site_admin(request.user))


@cache
def account_fields(model: type[models.Model]) -> frozenset[str]:
    """The model's foreign keys to user accounts."""
    user_model = get_user_model()
    return frozenset(
        f.name
        for f in model._meta.get_fields()
        if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is user_model
    )


@cache
def as_text(model: type[models.Model], name: str) -> Callable[[Any], str | None]:
    """A read-only admin field showing ``name``'s value as plain text, never as a link."""
    label = capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))

    def display(obj: Any) -> str | None:
        value = getattr(obj, name, None) if obj is not None else None
        return None if value is None else str(value)

    display.short_description = label  # type: ignore[attr-defined]  # the admin's label
    display.__name__ = f"{name}_as_text"
    return display


class ScopedModelAdmin(ConferenceScopedMixin, admin.ModelAdmin):
    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Another conference's row is "not found", not a redirect that confirms it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object, or not one of your conferences.")
        return obj


class ScopedTabularInline(ConferenceScopedMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ConferenceScopedMixin, admin.StackedInline):
    pass


def conference_list_filter(lookup: str) -> type[admin.SimpleListFilter]:
    """A "By conference" filter offering only the user's conferences (lookup: ORM path)."""

    class ConferenceFilter(admin.SimpleListFilter):
        title = "conference"
        parameter_name = "conference"

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            conferences = scope_queryset(Conference.objects.all(), request.user)
            return [(str(c.pk), str(c)) for c in conferences]

        def queryset(self, request: HttpRequest, queryset: Any) -> Any:
            value = self.value()
            if value and str(value).isdigit():
                # distinct: through a many-to-many path a row would repeat per match.
                return queryset.filter(**{lookup: int(value)}).distinct()
            return queryset

    return ConferenceFilter


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Rows that are nobody's conference business: only superusers see them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_site_admin(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)
