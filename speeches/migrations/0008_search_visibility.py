"""Copy each speech's visibility onto its search document, and keep it there with a trigger.

The trigger covers every write that changes a speech's status or publish time, including
QuerySet.update() (workflow transitions, admin actions), which sends no signals.
"""

from django.db import migrations, models

# NEW.published_at for a published speech, else NULL; the same SQL on PostgreSQL and SQLite.
VISIBILITY = "CASE WHEN NEW.status = 'published' THEN NEW.published_at END"

POSTGRES_TRIGGER = f"""
CREATE FUNCTION speeches_sync_search_visibility() RETURNS trigger AS $$
BEGIN
    UPDATE speeches_searchdocument SET visible_from = {VISIBILITY} WHERE speech_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER speeches_search_visibility AFTER UPDATE OF status, published_at ON speeches_speech
    FOR EACH ROW EXECUTE FUNCTION speeches_sync_search_visibility();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS speeches_search_visibility ON speeches_speech;
DROP FUNCTION IF EXISTS speeches_sync_search_visibility();
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER speeches_search_visibility AFTER UPDATE OF status, published_at ON speeches_speech
BEGIN
    UPDATE speeches_searchdocument SET visible_from = {VISIBILITY} WHERE speech_id = NEW.id;
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS speeches_search_visibility;"

COPY_EXISTING = """
UPDATE speeches_searchdocument SET visible_from = (
    SELECT CASE WHEN s.status = 'published' THEN s.published_at END
    FROM speeches_speech s WHERE s.id = speeches_searchdocument.speech_id
)
"""


def create_trigger(apps, schema_editor):
    connection = schema_editor.connection
    schema_editor.execute(COPY_EXISTING)
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRIGGER)
    elif connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0007_recommendations"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="visible_from",
            field=models.DateTimeField(editable=False, null=True, verbose_name="对读者公开时间"),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
