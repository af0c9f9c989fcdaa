"""SQLite: make FTS5's own `rank` the weighted bm25 we use (title 8, body 1), so `ORDER BY
rank LIMIT n` inside FTS5 picks the best candidates without joining every match."""

from django.db import migrations


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_title_vector_index")]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "sqlite": [
                        "INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')"
                    ]
                }
            ),
            _run(
                {"sqlite": ["INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25()')"]}
            ),
        )
    ]
