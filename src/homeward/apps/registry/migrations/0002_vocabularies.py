"""Loads the initial vocabularies from homeward.core; administrators edit them afterwards."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from homeward.core.ranks import RANKS
    from homeward.core.vocabularies import BRANCHES, DIRECTIONS, GROUPS

    Branch = apps.get_model("registry", "Branch")
    Rank = apps.get_model("registry", "Rank")
    Direction = apps.get_model("registry", "Direction")
    PersonGroup = apps.get_model("registry", "PersonGroup")
    for order, term in enumerate(BRANCHES):
        Branch.objects.update_or_create(
            code=term.code,
            defaults={
                "name_uk": term.uk, "name_en": term.en, "sort_order": order,
                "parent": Branch.objects.get(code=term.parent) if term.parent else None,
            },
        )
    for order, rank in enumerate(RANKS):
        Rank.objects.update_or_create(
            code=rank.code,
            defaults={
                "name_uk": rank.uk, "name_en": rank.en, "names_ru": list(rank.ru),
                "other_names": list(rank.also), "nato_code": rank.nato,
                "category": rank.category.value, "sort_order": order,
            },
        )
    for model, terms in ((Direction, DIRECTIONS), (PersonGroup, GROUPS)):
        for order, term in enumerate(terms):
            model.objects.update_or_create(
                code=term.code, defaults={"name_uk": term.uk, "name_en": term.en, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
