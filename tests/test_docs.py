"""Docs that cannot go stale: every command, role, setting and API endpoint is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.utils.translation import override

from homeward.apps.accounts.roles import ROLES

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "homeward"


def _read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def test_readme_gives_the_two_commands() -> None:
    readme = _read("README.md")
    assert "make demo" in readme and "make test" in readme
    code_blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    assert [block.strip() for block in code_blocks[:2]] == ["make demo", "make test"]


def test_every_own_command_is_in_the_readme() -> None:
    readme = _read("README.md")
    ours = sorted(name for name, app in get_commands().items() if str(app).startswith("homeward."))
    assert ours, "no homeward commands found"
    for name in ours:
        assert f"homeward {name.replace('_', '-')}" in readme, f"document `{name}` in README"


def test_every_role_is_documented() -> None:
    roles_doc = _read("docs/roles.md")
    for role in ROLES:
        assert f"`{role.code}`" in roles_doc, f"document role {role.code} in docs/roles.md"
        with override("en"):
            assert str(role.label) in roles_doc


def test_every_environment_variable_is_documented() -> None:
    operations = _read("docs/operations.md")
    used: set[str] = set()
    for path in [*SRC.rglob("*.py"), ROOT / "scripts" / "run-tests"]:
        used |= set(re.findall(r"\b((?:HOMEWARD|DATABASE)_[A-Z_]+)\b", path.read_text()))
    assert {"DATABASE_URL", "HOMEWARD_SECRET_KEY"} <= used
    missing = sorted(name for name in used if f"`{name}`" not in operations)
    assert not missing, f"document these in docs/operations.md: {missing}"


@pytest.mark.django_db
def test_every_api_path_is_documented(api_for) -> None:  # type: ignore[no-untyped-def]
    schema = yaml.safe_load(api_for("registrar").get("/api/schema").content)
    api_doc = _read("docs/api.md")
    missing = [path for path in schema["paths"] if f"`{path}`" not in api_doc]
    assert not missing, f"document these endpoints in docs/api.md: {missing}"


def test_every_adr_is_numbered_and_has_a_status() -> None:
    adrs = sorted((ROOT / "docs" / "adr").glob("*.md"))
    assert adrs
    for number, path in enumerate(adrs, start=1):
        assert path.name.startswith(f"{number:04d}-"), path.name
        assert "Status:" in path.read_text(), f"{path.name} has no Status line"


def test_readme_screenshots_exist() -> None:
    for image in re.findall(r"\((docs/screenshots/[^)]+\.png)\)", _read("README.md")):
        assert (ROOT / image).is_file(), f"run `make screenshots` to create {image}"
