"""Adds the navy's and naval infantry's ranks to the rank vocabulary's names (core.ranks
now recognises them), keeping whatever administrators have added since."""

from django.db import migrations

# code: (Russian names, other names), as added to homeward.core.ranks.RANKS
ADDED = {
    "junior_sergeant": (["старшина 2 статьи"], ["старшина 2 статті"]),
    "sergeant": (["старшина 1 статьи"], ["старшина 1 статті"]),
    "senior_sergeant": (["главный старшина"], ["головний старшина"]),
    "chief_sergeant": (["главный корабельный старшина"], ["головний корабельний старшина"]),
    "staff_sergeant": (["мичман"], ["штаб-старшина"]),
    "master_sergeant": (["старший мичман"], ["майстер-старшина"]),
    "captain": (["капитан-лейтенант"], ["капітан-лейтенант"]),
    "major": (["капитан 3 ранга"], ["капітан 3 рангу"]),
    "lieutenant_colonel": (["капитан 2 ранга"], ["капітан 2 рангу"]),
    "colonel": (["капитан 1 ранга"], ["капітан 1 рангу"]),
    "brigadier_general": ([], ["коммодор", "комодор"]),
    "major_general": (["контр-адмирал"], ["контр-адмірал"]),
    "lieutenant_general": (["вице-адмирал"], ["віце-адмірал"]),
    "general": (["адмирал"], ["адмірал"]),
}


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rank = apps.get_model("registry", "Rank")
    for rank in Rank.objects.filter(code__in=ADDED):
        russian, other = ADDED[rank.code]
        rank.names_ru = list(dict.fromkeys([*rank.names_ru, *russian]))
        rank.other_names = list(dict.fromkeys([*rank.other_names, *other]))
        rank.save(update_fields=["names_ru", "other_names"])


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rank = apps.get_model("registry", "Rank")
    for rank in Rank.objects.filter(code__in=ADDED):
        russian, other = ADDED[rank.code]
        rank.names_ru = [name for name in rank.names_ru if name not in russian]
        rank.other_names = [name for name in rank.other_names if name not in other]
        rank.save(update_fields=["names_ru", "other_names"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_person_exchange_facts")]
    operations = [migrations.RunPython(add, remove)]
