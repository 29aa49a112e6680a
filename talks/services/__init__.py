"""Writes to the catalogue, one module per entity. Each service owns its transaction,
validates fully and announces its side effects after commit.

One write path: the API, the admin, the CSV import and the demo loader all reach
<entity>_save / <entity>_delete (the _create/_update helpers build or change the instance,
then call _save); the frab and pyvideo imports and generated demo data reach the *_bulk
services, which validate the same way and announce once per batch.
"""

from talks.services.attendees import (
    bookmark_add,
    bookmark_remove,
    calendar_feed_get_or_create,
    calendar_feed_revoke,
)
from talks.services.resources import (
    resource_approve,
    resource_create,
    resource_delete,
    resource_save,
    resources_import_bulk,
)
from talks.services.schedules import (
    schedule_changelog,
    schedule_delete,
    schedule_get_work_in_progress,
    schedule_matches_latest_release,
    schedule_release,
    schedule_save,
    slot_create,
    slot_delete,
    slot_delete_refusals,
    slot_save,
    slot_update,
    slot_validate,
    slots_replace_bulk,
)
from talks.services.speakers import (
    SPEAKER_FILLABLE_FIELDS,
    speaker_create,
    speaker_delete,
    speaker_delete_refusals,
    speaker_merge,
    speaker_save,
    speaker_update,
    speakers_delete_bulk,
    speakers_import_bulk,
)
from talks.services.talks import (
    talk_cancel,
    talk_create,
    talk_delete,
    talk_delete_refusals,
    talk_reinstate,
    talk_save,
    talk_speakers_replace_bulk,
    talk_update,
    talk_validate,
    talks_announce,
    talks_import_bulk,
)
from talks.services.tokens import (
    api_token_create,
    api_token_revoke,
)

__all__ = [
    "SPEAKER_FILLABLE_FIELDS",
    "api_token_create",
    "api_token_revoke",
    "bookmark_add",
    "bookmark_remove",
    "calendar_feed_get_or_create",
    "calendar_feed_revoke",
    "resource_approve",
    "resource_create",
    "resource_delete",
    "resource_save",
    "resources_import_bulk",
    "schedule_changelog",
    "schedule_delete",
    "schedule_get_work_in_progress",
    "schedule_matches_latest_release",
    "schedule_release",
    "schedule_save",
    "slot_create",
    "slot_delete",
    "slot_delete_refusals",
    "slot_save",
    "slot_update",
    "slot_validate",
    "slots_replace_bulk",
    "speaker_create",
    "speaker_delete",
    "speaker_delete_refusals",
    "speaker_merge",
    "speaker_save",
    "speaker_update",
    "speakers_delete_bulk",
    "speakers_import_bulk",
    "talk_cancel",
    "talk_create",
    "talk_delete",
    "talk_delete_refusals",
    "talk_reinstate",
    "talk_save",
    "talk_speakers_replace_bulk",
    "talk_update",
    "talk_validate",
    "talks_announce",
    "talks_import_bulk",
]
