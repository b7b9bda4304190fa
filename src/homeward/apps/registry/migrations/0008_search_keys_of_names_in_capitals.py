"""Rewrites the search keys of the persons whose keys changed when name search keys began
to be made from the lower-cased word (ВОРОБЬЁВ was keyed "vorobev", Воробьёв "vorobyev";
both are "vorobyev" now). The keys are derived, like an index: nothing a person told us
changes, so this is not an edit of the record and is not audited."""

from django.db import migrations


def rekey(apps, schema_editor):  # type: ignore[no-untyped-def]
    from homeward.core.names import search_text

    Person = apps.get_model("registry", "Person")
    fields = ("pk", "surname", "given_name", "patronymic", "other_spellings", "search_text")
    changed = []
    for pk, surname, given, patronymic, others, stored in Person.objects.values_list(
        *fields
    ).iterator(chunk_size=2000):
        text = search_text([surname, given, patronymic, *others])
        if text != stored:
            changed.append(Person(pk=pk, search_text=text))
    Person.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_naval_and_ordinal_rank_names")]
    # Backwards there is nothing to undo: the older keys were the inconsistent ones.
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
