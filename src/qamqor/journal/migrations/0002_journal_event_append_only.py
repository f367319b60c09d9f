"""A database trigger refuses UPDATE of journal events on SQLite and PostgreSQL alike: the journal is
append-only and a mistake is corrected by a correcting event. (DELETE is left to the application's
refusal so that the test runner can empty the tables.)"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER journal_journalevent_no_update BEFORE UPDATE ON journal_journalevent
BEGIN SELECT RAISE(ABORT, 'the electronic journal is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS journal_journalevent_no_update;"
PG_UP = """
CREATE OR REPLACE FUNCTION journal_journalevent_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the electronic journal is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER journal_journalevent_no_update BEFORE UPDATE ON journal_journalevent
FOR EACH ROW EXECUTE FUNCTION journal_journalevent_refuse();
"""
PG_DOWN = ("DROP TRIGGER IF EXISTS journal_journalevent_no_update ON journal_journalevent; "
           "DROP FUNCTION IF EXISTS journal_journalevent_refuse();")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
