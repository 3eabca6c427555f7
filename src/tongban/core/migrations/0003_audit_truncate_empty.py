"""An empty audit log may be truncated: nothing is lost, and test suites and fresh installs
flush every table with one TRUNCATE. A log with entries still refuses it."""

from django.db import migrations

ALLOW_EMPTY = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM core_auditentry) THEN
    RAISE EXCEPTION 'audit log is append-only';
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql
"""
UP = [
    ALLOW_EMPTY,
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse_truncate()""",
]
DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse_change()""",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse_truncate()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
