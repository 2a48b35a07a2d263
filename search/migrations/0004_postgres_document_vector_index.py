"""On PostgreSQL, Wagtail's database search backend matches `title || body` of its index entries,
an expression none of its GIN indexes (on `title` and on `body` apart) can serve, so every search
read every entry. This GIN index on the same expression lets PostgreSQL read only the matching
entries. (SQLite's backend uses its own FTS table; other databases are left alone.)"""

from django.db import migrations

INDEX = "site_search_indexentry_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry '
            f'USING GIN (("title" || "body"))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0003_missed_index_updates"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
