"""PostgreSQL: rank in two steps without reading every matching document.

A title-only tsvector (small, stored in the row) gives a cheap first ranking of all matches;
only the best few hundred are then ranked on the full document. A low toast_tuple_target moves
bodies and documents out of the row, so the table the first step scans stays narrow.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 256)",
    """
    ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', translate(coalesce(title, ''), '<>', '  ')), 'A')
    ) STORED
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})
        )
    ]
