"""The GIN index on `title || body` (0004) answers every public search on PostgreSQL. GIN's
"fast update" puts new entries in a pending list that every search then reads in full until a
vacuum merges it: after a bulk `update_index`, searches were slow until autovacuum came by.
Without it, each publish does its (small) index work at once and searches stay fast."""

from django.db import migrations

INDEX = "site_search_indexentry_document_gin"


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = off)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0004_postgres_document_vector_index")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
