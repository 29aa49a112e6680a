"""The organizer admin writes through the services, like the API and the importers.

A ModelAdmin's default save and delete call ``Model.save()`` and ``Model.delete()``,
which would skip what the services own: full validation, the rules about what may be
deleted, and the announcements after commit. ``ServiceWritesMixin`` routes the admin's
save_model, delete_model, delete_queryset ("delete selected") and inline formsets to the
services each admin names in ``writes``; the refusals a delete service would raise are
shown on the admin's delete confirmation page as "protected", so it is refused there,
before anything is posted.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models, transaction
from django.http import HttpRequest


@dataclass(frozen=True)
class Writes:
    """The services that store and delete one model's rows (each adapts the keywords)."""

    save: Callable[[Any], Any]  # (obj) -> obj
    delete: Callable[[Any, Any], None]  # (obj, user)
    refusals: Callable[[Any, Any], list[str]] | None = None  # (obj, user) -> reasons


class ServiceWritesMixin:
    """Mix into a ModelAdmin before admin.ModelAdmin; ``writes`` maps the admin's model
    and its inlines' models to their services. Inline rows of a model without an entry
    (organizer memberships) are saved as Django saves them."""

    writes: ClassVar[dict[type[models.Model], Writes]] = {}
    model: type[models.Model]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.writes[self.model].save(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.writes[self.model].delete(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        # All or nothing, as the default's single DELETE is.
        with transaction.atomic():
            for obj in queryset:
                self.writes[self.model].delete(obj, request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        writes = self.writes.get(formset.model)
        if writes is None:
            formset.save()
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            writes.delete(obj, request.user)
        for obj in instances:
            writes.save(obj)
        formset.save_m2m()

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        found = super().get_deleted_objects(objs, request)  # type: ignore[misc]  # ModelAdmin's
        deleted, counts, perms_needed, protected = found
        refusals = self.writes[self.model].refusals
        if refusals is not None:
            reasons = [reason for obj in objs for reason in refusals(obj, request.user)]
            protected = [*protected, *reasons]
        return deleted, counts, perms_needed, protected
