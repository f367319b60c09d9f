"""On PostgreSQL, a trigram index on the persons' search key: the name search matches a prefix of the
surname or of any later word (``LIKE 'key%' OR LIKE '% key%'``), which a b-tree cannot serve; without
it every search reads the whole table (issue 8, docs/performance.md). SQLite keeps its plain index.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it."""

from django.db import migrations

PG_UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS registry_person_search_trgm ON registry_person USING gin (search_name gin_trgm_ops);
"""
PG_DOWN = "DROP INDEX IF EXISTS registry_person_search_trgm;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_provider_search_name")]
    operations = [migrations.RunPython(forwards, backwards)]
