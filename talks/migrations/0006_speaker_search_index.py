"""A GIN index for speaker search, on PostgreSQL only (SQLite searches without one).

The indexed expression is talks.search.speaker_search_vector() (a test checks that
search uses this index); without it every search computed the vector of every speaker.
RunPython, as in 0003, because SQLite cannot build a GIN index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "speaker_search_vector_gin"


def _index() -> GinIndex:
    vector = SearchVector("name", weight="A", config="simple") + SearchVector(
        "affiliation", "bio", weight="B", config="english"
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Speaker = apps.get_model("talks", "Speaker")
    schema_editor.execute(_index().create_sql(Speaker, schema_editor), params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Speaker = apps.get_model("talks", "Speaker")
    schema_editor.execute(_index().remove_sql(Speaker, schema_editor), params=None)


class Migration(migrations.Migration):
    dependencies = [("talks", "0005_history_followup_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
