"""The database's own full-text machinery for SearchEntry, chosen by vendor.

PostgreSQL: a stored generated tsvector (title weighted A, body B) with a GIN index, and pg_trgm
trigram indexes on titles for typo-tolerant close matches. Angle brackets are blanked before
parsing: the text is plain text, and PostgreSQL's parser would otherwise read "<script>" typed
by a user as a tag and skip the words after it.
SQLite: an FTS5 table keyed by SearchEntry.id (porter stemming, diacritics folded) and an
fts5vocab view of its terms for "did you mean" suggestions.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', translate(coalesce(title, ''), '<>', '  ')), 'A') ||
        setweight(to_tsvector('english', translate(left(coalesce(body, ''), 200000), '<>', '  ')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_document ON search_searchentry USING GIN (document)",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING GIN (title gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts_vocab", "DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
