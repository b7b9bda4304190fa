"""The translation catalogues are complete, compiled and loaded.

Ukrainian is the default language of the interface, so every string in the code and the
templates must have a Ukrainian translation. When a test here fails:

1. run `make messages` (re-extracts the strings into src/homeward/locale/*/django.po and
   compiles them);
2. translate every new or changed entry of src/homeward/locale/uk/LC_MESSAGES/django.po
   (all three plural forms, the same placeholders, no "#, fuzzy" flag);
3. run `make messages` again so that the committed django.mo files match the .po files.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
UK_PO = LOCALE_DIR / "uk" / "LC_MESSAGES" / "django.po"
UK_NPLURALS = 3

FIX = (
    "Run `make messages`, translate the entries named above in "
    "src/homeward/locale/uk/LC_MESSAGES/django.po, then run `make messages` again to "
    "recompile the .mo files."
)
PLACEHOLDER = re.compile(r"%\(\s*(\w+)\s*\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|\{\{\s*(\w+)\s*\}\}")


def catalogue(language: str) -> polib.POFile:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing. {FIX}"
    return polib.pofile(str(path))


def placeholders(text: str) -> set[str]:
    """The `%(name)s` and `{{ name }}` tokens of a message, normalised to `%(name)s`."""
    return {f"%({python or template})s" for python, template in PLACEHOLDER.findall(text)}


Catalogue = dict[tuple[str | None, str, str], str | tuple[str, ...]]


def translations(entries: polib.POFile | polib.MOFile) -> Catalogue:
    """msgctxt + msgid (+ msgid_plural) → msgstr (or the tuple of plural forms), for the
    entries that a compiled catalogue contains: translated, not fuzzy, not obsolete."""
    result: Catalogue = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if any(forms):
                result[key] = forms
        elif entry.msgstr:
            result[key] = entry.msgstr
    return result


def test_uk_header() -> None:
    po = catalogue("uk")
    assert po.metadata.get("Language") == "uk", f"The header of {UK_PO} must say Language: uk."
    assert "charset=UTF-8" in po.metadata.get("Content-Type", ""), (
        f"The header of {UK_PO} must say Content-Type: text/plain; charset=UTF-8."
    )
    plural_forms = po.metadata.get("Plural-Forms", "").replace(" ", "")
    assert plural_forms.startswith(f"nplurals={UK_NPLURALS};"), (
        f"The header of {UK_PO} must give Ukrainian's three plural forms: Plural-Forms: "
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    assert not po.metadata_is_fuzzy, f"Remove the '#, fuzzy' flag from the header of {UK_PO}."


def test_every_uk_entry_is_translated() -> None:
    po = catalogue("uk")
    assert len(po) > 0, f"{UK_PO} has no entries. {FIX}"
    untranslated, fuzzy, obsolete = [], [], []
    for entry in po:
        if entry.obsolete:
            obsolete.append(entry.msgid)
            continue
        if "fuzzy" in entry.flags:
            fuzzy.append(entry.msgid)
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(UK_NPLURALS)]
            if not all(form.strip() for form in forms) or len(entry.msgstr_plural) != UK_NPLURALS:
                untranslated.append(entry.msgid)
        elif not entry.msgstr.strip():
            untranslated.append(entry.msgid)
    problems = []
    if untranslated:
        problems.append(
            f"{len(untranslated)} entries have no Ukrainian translation (plural entries need "
            f"all {UK_NPLURALS} forms): {untranslated}."
        )
    if fuzzy:
        problems.append(
            f"These Ukrainian translations are marked fuzzy, so they are not used: {fuzzy}. "
            "Check each one and remove its '#, fuzzy' flag."
        )
    if obsolete:
        problems.append(f"These entries are obsolete (#~), `make messages` drops them: {obsolete}.")
    assert not problems, "\n".join([*problems, FIX])


def test_uk_translations_keep_the_placeholders() -> None:
    wrong = []
    for entry in catalogue("uk"):
        if entry.obsolete:
            continue
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            if form and placeholders(form) != expected:
                wrong.append(f"{entry.msgid!r} → {form!r} (expected {sorted(expected)})")
    assert not wrong, (
        "These Ukrainian translations do not keep exactly the placeholders of the English "
        "text; copy each %(name)s / {{ name }} unchanged:\n  " + "\n  ".join(wrong)
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_compiled_catalogue_matches_po(language: str) -> None:
    po = catalogue(language)
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.is_file(), (
        f"{mo_path} is missing: the compiled catalogues are committed. Run `make messages`."
    )
    compiled = translations(polib.mofile(str(mo_path)))
    source = translations(po)
    stale = sorted(
        str(key[1])
        for key in source.keys() | compiled.keys()
        if source.get(key) != compiled.get(key)
    )
    assert not stale, (
        f"{mo_path} is out of date with django.po for {len(stale)} messages ({stale[:10]}"
        f"{' …' if len(stale) > 10 else ''}). Run `make messages` (or `homeward "
        "compilemessages` from src/homeward) and commit the .mo file."
    )


def test_ukrainian_catalogue_is_loaded() -> None:
    expected = {entry.msgid: entry.msgstr for entry in catalogue("uk")}.get("Persons")
    assert expected, f"{UK_PO} has no translation of 'Persons'. {FIX}"
    with translation.override("uk"):
        got = translation.gettext("Persons")
    assert got == expected, (
        f"gettext('Persons') in Ukrainian gave {got!r}, not {expected!r}: the catalogue in "
        f"{LOCALE_DIR} is not loaded (check LOCALE_PATHS) or django.mo is stale. {FIX}"
    )
    with translation.override("en"):
        assert translation.gettext("Persons") == "Persons"


def uk_plural_form(n: int) -> int:
    """Which of the three Ukrainian forms a number takes (the Plural-Forms formula)."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 10 <= n % 100 < 20:
        return 1
    return 2


def test_ukrainian_plural_forms_are_used() -> None:
    plurals = [e for e in catalogue("uk") if e.msgid_plural and not e.obsolete]
    if not plurals:
        pytest.skip("no plural messages to check")
    wrong = []
    for entry in plurals:
        for n in (1, 2, 5, 11, 12, 21, 22, 25, 101, 111):
            with translation.override("uk"):
                got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
            expected = entry.msgstr_plural[uk_plural_form(n)]
            if got != expected:
                wrong.append(f"n={n}: {got!r} instead of {expected!r}")
    assert not wrong, (
        "Ukrainian plural forms are not applied as expected:\n  " + "\n  ".join(wrong) + "\n"
        f"Check the Plural-Forms header and the three msgstr[] forms in {UK_PO}. {FIX}"
    )
