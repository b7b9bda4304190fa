"""Every action the services record reads as words on the history and audit pages, in
both languages: an auditor should not have to decode "entitlement.compute"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import homeward
from homeward.apps.audit.labels import ACTION_LABELS
from homeward.apps.registry.templatetags.registry_tags import action_label

SOURCES = Path(homeward.__file__).parent / "apps"
# action="x.y" (also "x.y" if … else "x.z"), audit.Change("x.y", …), the list helper's
# _audit_version(user, "x.y", …) and f"x.{'update' if … else 'create'}"
CODE = r"([a-z_0-9]+\.[a-z_]+)"
PATTERNS = (
    rf'action="{CODE}"',
    rf'action="[a-z_.]+" if \w+ else "{CODE}"',
    rf'audit\.Change\(\s*"{CODE}"',
    rf'_audit_version\(\s*\w+,\s*"{CODE}"',
)
TWO_WAY = r"action=f\"([a-z_]+)\.\{'update' if \w+ else 'create'\}\""


def _recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in SOURCES.rglob("*.py"):
        text = path.read_text()
        for pattern in PATTERNS:
            found.update(re.findall(pattern, text))
        for prefix in re.findall(TWO_WAY, text):
            found.update({f"{prefix}.update", f"{prefix}.create"})
    return found


def test_the_scan_finds_the_actions_it_should() -> None:
    found = _recorded_actions()
    assert {"person.create", "return_case.step", "list.agree", "user.reset",
            "paymentrule.create", "paymentrule.update", "disclosure.export"} <= found  # fmt: skip
    assert len(found) > 50


def test_every_recorded_action_has_words() -> None:
    assert sorted(_recorded_actions() - set(ACTION_LABELS)) == []


@pytest.mark.parametrize("language", ["uk", "en"])
def test_labels_are_translated(language: str) -> None:
    with translation.override(language):
        words = {action: action_label(action) for action in ACTION_LABELS}
    assert all(text and text != action for action, text in words.items())
    if language == "uk":
        assert words["entitlement.compute"] == "Належну виплату обчислено"
