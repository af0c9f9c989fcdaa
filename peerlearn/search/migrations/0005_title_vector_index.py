"""PostgreSQL: a GIN index on the title vector, so title matches are found without a scan."""

from django.db import migrations


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_quality_index")]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "postgresql": [
                        "CREATE INDEX search_entry_title_vector "
                        "ON search_searchentry USING GIN (title_vector)"
                    ]
                }
            ),
            _run({"postgresql": ["DROP INDEX IF EXISTS search_entry_title_vector"]}),
        )
    ]
