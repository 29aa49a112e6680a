"""Speakers: one person across conferences; saving, deleting, importing and merging."""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction

from conference.infrastructure.page_versions import pages_changed
from conference.rules import is_site_admin
from conference.services import DeleteRefused
from talks.models import (
    FollowUp,
    Speaker,
    SpeakerAvailability,
    TalkSpeaker,
)
from talks.names import normalise_name
from talks.services.talks import unique_slug


@transaction.atomic
def speaker_save(*, speaker: Speaker) -> Speaker:
    """Validate and store a new or changed speaker; the slug defaults to one from the name."""
    if not speaker.slug:
        speaker.slug = unique_slug(Speaker, speaker.name)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def speaker_create(*, fields: dict[str, Any]) -> Speaker:
    return speaker_save(speaker=Speaker(**fields))


@transaction.atomic
def speaker_update(*, speaker: Speaker, fields: dict[str, Any]) -> Speaker:
    for name, value in fields.items():
        setattr(speaker, name, value)
    return speaker_save(speaker=speaker)


@transaction.atomic
def availability_save(*, availability: SpeakerAvailability) -> SpeakerAvailability:
    """Validate and store a window in which a speaker can be scheduled at a conference."""
    availability.full_clean()
    availability.save()
    return availability


@transaction.atomic
def availability_delete(*, availability: SpeakerAvailability) -> None:
    availability.delete()


def speaker_delete_refusals(*, speaker: Speaker, user: Any) -> list[str]:
    """Why user may not delete the speaker; empty when they may. Staff may.

    A speaker's talks' follow-ups reach them through their speaker record (inbox,
    notifications): a speaker with such talks is merged or kept, not deleted.
    """
    if is_site_admin(user) or not FollowUp.objects.filter(talk__speakers=speaker).exists():
        return []
    return [f"{speaker}'s talks have attendees' follow-ups for them; only staff can delete it."]


@transaction.atomic
def speaker_delete(*, speaker: Speaker, user: Any) -> None:
    """Delete a speaker and their speaker links (their talks stay).

    Refused (DeleteRefused) for anyone but staff when their talks have follow-ups.
    """
    refusals = speaker_delete_refusals(speaker=speaker, user=user)
    if refusals:
        raise DeleteRefused(refusals)
    speaker.delete()


@transaction.atomic
def speakers_delete_bulk(*, speakers: "models.QuerySet[Speaker]", user: Any) -> int:
    """Delete many speakers at once (generated demo data); refused like speaker_delete.

    Returns how many speakers went.
    """
    if not is_site_admin(user) and FollowUp.objects.filter(talk__speakers__in=speakers).exists():
        raise DeleteRefused("Some of these speakers' talks have follow-ups; only staff can.")
    _count, by_model = speakers.delete()
    return by_model.get(Speaker._meta.label, 0)


@transaction.atomic
def speakers_import_bulk(*, speakers: list[Speaker]) -> list[Speaker]:
    """Add many new speakers at once: the importers' speaker_save.

    Validated as speaker_save does, but for the look-ups: the caller gives them free
    slugs (the unique constraint backs it) and no account. Bulk: the page cache after
    commit. Nothing to add: nothing happens.
    """
    if not speakers:
        return []
    for speaker in speakers:
        speaker.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        # bulk_create skips save(), which keeps the key in step with the name.
        speaker.name_key = normalise_name(speaker.name)
    created = Speaker.objects.bulk_create(speakers)
    transaction.on_commit(pages_changed)
    return created


SPEAKER_FILLABLE_FIELDS = [
    "bio",
    "affiliation",
    "photo",
    "website",
    "mastodon",
    "twitter",
    "github",
    "email",
]


@transaction.atomic
def speaker_merge(*, survivor: Speaker, duplicate: Speaker) -> Speaker:
    """Merge two records of one person into survivor and delete duplicate.

    Moves every talk (keeping the better position where both spoke on one talk) and
    every other row that points at the duplicate, so its talks' follow-ups and links
    follow; fills the survivor's empty fields (links, bio, e-mail, photo, account) from
    the duplicate. The duplicate's full record stays in the speaker history. Refuses two
    profiles claimed by different accounts.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError("Pick two different speakers to merge.")
    if survivor.user_id and duplicate.user_id and survivor.user_id != duplicate.user_id:
        raise ValidationError(
            "Both profiles are claimed by different accounts; they may be different people."
        )
    for talk_speaker in TalkSpeaker.objects.filter(speaker=duplicate).select_for_update():
        existing = TalkSpeaker.objects.filter(
            speaker=survivor, talk_id=talk_speaker.talk_id
        ).first()
        if existing is None:
            talk_speaker.speaker = survivor
            talk_speaker.save(update_fields=["speaker"])
        else:
            existing.position = min(existing.position, talk_speaker.position)
            existing.save(update_fields=["position"])
            talk_speaker.delete()
    # Rows other apps add that point at a speaker (invitations, …) move too.
    for relation in Speaker._meta.related_objects:
        if relation.related_model is TalkSpeaker:
            continue
        # The stubs allow a "app.Model" string; once apps are loaded it is the class.
        related = cast(type[models.Model], relation.related_model)
        if relation.one_to_many:
            related._default_manager.filter(**{relation.field.name: duplicate}).update(
                **{relation.field.name: survivor}
            )
        through = getattr(relation, "through", None)
        if relation.many_to_many and through is not None and through._meta.auto_created:
            for row in related._default_manager.filter(**{relation.field.name: duplicate}):
                getattr(row, relation.field.name).add(survivor)
    for field in SPEAKER_FILLABLE_FIELDS:
        if not getattr(survivor, field) and getattr(duplicate, field):
            setattr(survivor, field, getattr(duplicate, field))
    if survivor.user_id is None and duplicate.user_id is not None:
        survivor.user_id = duplicate.user_id
        duplicate.user = None
        duplicate.save(update_fields=["user"])
    # django-simple-history reads _change_reason, which the models do not declare.
    reason = f"Merged {duplicate.name} ({duplicate.slug}) into this profile"
    survivor._change_reason = reason  # type: ignore[attr-defined]  # see above
    survivor.full_clean()
    survivor.save()
    reason = f"Merged into {survivor.name} ({survivor.slug})"
    duplicate._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history's
    duplicate.delete()
    return survivor
