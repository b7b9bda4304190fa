"""The built-in pipeline as each category's editable step templates."""

from typing import Any

from django.db import migrations

CATEGORIES = ("military", "civilian")
# core.returns.DEFAULT_PLAN as it was when this migration was written (a migration must not
# change meaning when the code does): step, owner role, days after the return, optional.
PLAN = (
    ("handover_intake", "return_coordinator", 1, False),
    ("medical_examination", "medical_officer", 3, False),
    ("hospitalisation", "medical_officer", 30, True),
    ("physical_rehabilitation", "medical_officer", 60, True),
    ("psychological_rehabilitation", "medical_officer", 60, False),
    ("debrief", "return_coordinator", 14, False),
    ("documents", "return_coordinator", 30, False),
    ("payments", "payments_officer", 45, False),
    ("closure", "return_coordinator", 90, False),
)


def seed(apps: Any, schema_editor: Any) -> None:
    template = apps.get_model("returns", "StepTemplate")
    for category in CATEGORIES:
        for order, (kind, owner, days, optional) in enumerate(PLAN, start=1):
            template.objects.get_or_create(
                category=category, kind=kind,
                defaults={"order": order, "owner_role": owner, "deadline_days": days,
                          "optional": optional},
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
