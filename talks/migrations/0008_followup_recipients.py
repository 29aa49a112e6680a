"""Follow-ups record the speakers they were written to.

Existing follow-ups get the talk's current speakers: the best record there is of whom
the attendee wrote to. From now on followup_create sets them and nothing changes them.
"""

from django.db import migrations, models


def backfill_recipients(apps, schema_editor):
    FollowUp = apps.get_model("talks", "FollowUp")
    TalkSpeaker = apps.get_model("talks", "TalkSpeaker")
    Recipient = FollowUp.recipients.through
    speakers_of_talk: dict[int, list[int]] = {}
    for talk_id, speaker_id in TalkSpeaker.objects.values_list("talk_id", "speaker_id"):
        speakers_of_talk.setdefault(talk_id, []).append(speaker_id)
    rows = [
        Recipient(followup_id=followup_id, speaker_id=speaker_id)
        for followup_id, talk_id in FollowUp.objects.values_list("pk", "talk_id").iterator()
        for speaker_id in speakers_of_talk.get(talk_id, [])
    ]
    Recipient.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0007_url_fields_refuse_non_uri_characters"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="recipients",
            field=models.ManyToManyField(
                blank=True,
                help_text="The speakers the attendee wrote to (the talk's speakers at the time).",
                related_name="followups_received",
                to="talks.speaker",
            ),
        ),
        # Reversing drops the field (and so the rows): nothing to undo first.
        migrations.RunPython(backfill_recipients, migrations.RunPython.noop),
    ]
