"""The audit chain becomes keyed, and the audit trail's tables refuse UPDATE, DELETE and
TRUNCATE in the database itself (ADR 38).

An existing chain keeps its plain SHA-256 entries, which still verify; a keyed entry
("audit.chain_keyed") is appended after them, so that the chain's head is keyed from
now on and a rewrite of the old entries (recomputed as plain SHA-256) no longer verifies.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from homeward.core.audit_chain import chain_hash

SEALED = ("audit_auditentry", "audit_accessevent", "audit_accessedperson")
MESSAGE = "the audit trail is append-only: rows are never changed or removed"

# PostgreSQL: only a superuser who says so for the session (the test suite, to empty its
# database between tests) passes; a superuser can drop the trigger anyway. The
# application's own role is no superuser (docs/operations.md).
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION homeward_audit_sealed() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('homeward.audit_rewrite', true), '') = 'on'
       AND (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE} (' || TG_OP || ' on ' || TG_TABLE_NAME || ')',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _postgres(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_sealed ON {table};",
        f"CREATE TRIGGER {table}_sealed BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION homeward_audit_sealed();",
        f"DROP TRIGGER IF EXISTS {table}_sealed_truncate ON {table};",
        f"CREATE TRIGGER {table}_sealed_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION homeward_audit_sealed();",
    ]


# SQLite: homeward_audit_sealed() is registered on every connection the application opens
# (audit/apps.py); it answers 0 only under the test settings. Another program that opens
# the file has no such function, and its UPDATE or DELETE fails on that.
def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_sealed_{operation.lower()} "
        f"BEFORE {operation} ON {table} WHEN homeward_audit_sealed() "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        for operation in ("UPDATE", "DELETE")
    ]


def seal(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements: list[str] = []
    if vendor == "postgresql":
        statements.append(POSTGRES_FUNCTION)
        for table in SEALED:
            statements += _postgres(table)
    elif vendor == "sqlite":
        for table in SEALED:
            statements += _sqlite(table)
    for statement in statements:
        schema_editor.execute(statement)


def unseal(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in SEALED:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_sealed ON {table};")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_sealed_truncate ON {table};")
        elif vendor == "sqlite":
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_sealed_{operation};")


def key_the_chain(apps, schema_editor):
    """Append a keyed entry after an existing plain chain (nothing for an empty one)."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    head = AuditHead.objects.filter(id=1).first()
    keys = settings.HOMEWARD_AUDIT_KEYS
    if head is None or head.last_seq == 0 or not keys:
        return
    key_id, key = keys[-1]
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=timezone.now().replace(microsecond=0),
        actor_username="",
        action="audit.chain_keyed",
        object_type="audit",
        object_id="",
        object_repr="",
        before=None,
        after={"key_id": key_id, "plain_entries": head.last_seq},
        origin="system",
        request_id="",
        prev_hash=head.last_hash,
        key_id=key_id,
    )
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": None,
        "actor_username": "",
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": "",
        "object_repr": "",
        "before": None,
        "after": entry.after,
        "origin": entry.origin,
        "request_id": "",
        "key_id": key_id,
    }
    entry.hash = chain_hash(entry.prev_hash, payload, key)
    entry.save()
    head.last_seq, head.last_hash = entry.seq, entry.hash
    head.save(update_fields=["last_seq", "last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_read_quota"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
        migrations.RunPython(seal, unseal),
    ]
