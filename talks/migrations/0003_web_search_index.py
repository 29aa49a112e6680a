"""A GIN index for talk search, on PostgreSQL only (SQLite searches without one).

The indexed expression is talks.search.talk_search_vector(); a test checks that search
queries use this index. It is created with RunPython, not Meta.indexes, because SQLite
cannot build a GIN index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "talk_search_vector_gin"


def _index() -> GinIndex:
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("abstract", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Talk = apps.get_model("talks", "Talk")
    schema_editor.execute(_index().create_sql(Talk, schema_editor), params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Talk = apps.get_model("talks", "Talk")
    schema_editor.execute(_index().remove_sql(Talk, schema_editor), params=None)


class Migration(migrations.Migration):
    dependencies = [("talks", "0002_web_calendar_feed")]

    operations = [migrations.RunPython(create_index, drop_index)]
