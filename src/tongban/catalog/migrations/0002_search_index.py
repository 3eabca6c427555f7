"""Full-text index over Implementation.search_text (already segmented words, space-separated),
for tongban.catalog.search.

SQLite: an FTS5 table with its own copy of the words, rowid = entry id, written by search.index()
(not by insert/update triggers, which Django's table rebuilds on SQLite would silently drop);
a delete trigger tidies rows of deleted entries, and searches join on the entry table anyway.
PostgreSQL: a GIN index over to_tsvector('simple', search_text); 'simple' only lower-cases and
splits on spaces, which is all words jieba has already cut need."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalog_implementation_fts USING fts5(search_text)",
    """INSERT INTO catalog_implementation_fts (rowid, search_text)
       SELECT id, search_text FROM catalog_implementation""",
    """CREATE TRIGGER catalog_implementation_fts_delete AFTER DELETE ON catalog_implementation
       BEGIN DELETE FROM catalog_implementation_fts WHERE rowid = old.id; END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalog_implementation_fts_delete",
    "DROP TABLE IF EXISTS catalog_implementation_fts",
]
POSTGRES_UP = [
    """CREATE INDEX catalog_implementation_search ON catalog_implementation
       USING gin (to_tsvector('simple', search_text))""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalog_implementation_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
