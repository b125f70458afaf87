# ruff: noqa: S608  (SQL built from constants in this file only)
"""The engine-specific half of the search index, created only on the database that uses it.

SQLite: an external-content FTS5 table over ``matching_projectsearchdocument`` kept in step by
triggers, so every ORM write (including bulk ones and deletes) updates the full-text index.
PostgreSQL: a GIN index on the weighted ``search_vector``.
"""

from django.db import migrations

FTS_COLUMNS = "title, summary, description, skills_text, organization_name"
OLD = ", ".join(f"old.{c.strip()}" for c in FTS_COLUMNS.split(","))
NEW = ", ".join(f"new.{c.strip()}" for c in FTS_COLUMNS.split(","))

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE matching_projectfts USING fts5(
        {FTS_COLUMNS},
        content='matching_projectsearchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
    )""",
    f"""CREATE TRIGGER matching_projectfts_ai AFTER INSERT ON matching_projectsearchdocument BEGIN
        INSERT INTO matching_projectfts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER matching_projectfts_ad AFTER DELETE ON matching_projectsearchdocument BEGIN
        INSERT INTO matching_projectfts(matching_projectfts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER matching_projectfts_au AFTER UPDATE OF {FTS_COLUMNS} ON matching_projectsearchdocument BEGIN
        INSERT INTO matching_projectfts(matching_projectfts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO matching_projectfts(rowid, {FTS_COLUMNS}) VALUES (new.id, {NEW});
    END""",
    "INSERT INTO matching_projectfts(matching_projectfts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS matching_projectfts_ai",
    "DROP TRIGGER IF EXISTS matching_projectfts_ad",
    "DROP TRIGGER IF EXISTS matching_projectfts_au",
    "DROP TABLE IF EXISTS matching_projectfts",
]
PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS matching_doc_search_vector_gin ON matching_projectsearchdocument USING gin (search_vector)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS matching_doc_search_vector_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        )
    ]
