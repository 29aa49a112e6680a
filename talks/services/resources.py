"""Links on talks (slides, video, write-ups): saving, approving, importing."""

from typing import Any

from django.db import models, transaction

from conference.infrastructure.page_versions import pages_changed
from talks.models import (
    Resource,
    Talk,
)


@transaction.atomic
def resource_save(*, resource: Resource) -> Resource:
    """Validate and store a new or changed link on a talk."""
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_create(*, talk: Talk, fields: dict[str, Any]) -> Resource:
    return resource_save(resource=Resource(talk=talk, **fields))


@transaction.atomic
def resource_delete(*, resource: Resource) -> None:
    resource.delete()


@transaction.atomic
def resources_import_bulk(*, resources: list[Resource]) -> None:
    """Add links to talks in bulk, skipping those a talk has already (the importers').

    Validated as resource_save does, but for the talk look-up (the caller's own talks).
    Links that are all there already write nothing (and tell the page cache nothing).
    """
    stored = set(
        Resource.objects.filter(talk__in={r.talk_id for r in resources}).values_list(
            "talk_id", "url"
        )
    )
    resources = [r for r in resources if (r.talk_id, r.url) not in stored]
    if not resources:
        return
    for resource in resources:
        resource.full_clean(
            exclude=["talk", "submitted_by"], validate_unique=False, validate_constraints=False
        )
    # ignore_conflicts: a file may list one link twice on a talk.
    Resource.objects.bulk_create(resources, ignore_conflicts=True)
    transaction.on_commit(pages_changed)


@transaction.atomic
def resource_approve(*, resources: "models.QuerySet[Resource]") -> int:
    """Approve attendee-submitted links so the public sees them; returns how many."""
    count = 0
    for resource in resources.filter(approved=False):
        resource.approved = True
        resource.save(update_fields=["approved"])
        count += 1
    return count
