from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from homeward.apps.intake.models import ImportBatch
from homeward.apps.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[dict[str, int], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_list", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1]), err.getvalue()


def test_the_last_line_is_a_json_summary(
    tmp_path: Path, registrar: User, background: list[Person]
) -> None:
    path = tmp_path / "список.csv"
    path.write_bytes(
        "Фамилия;Имя;Отчество;Дата рождения\nБОЙКО;Иван;Иванович;1990\n".encode("cp1251")
    )
    summary, err = _run(
        str(path),
        "--source-kind",
        "counterpart",
        "--source-name",
        "Список 1",
        "--user",
        "registrar",
    )
    assert summary == {
        "rows": 1,
        "linked": 0,
        "review": 0,
        "new_rows": 1,
        "errors": 0,
        "new_persons": 1,
    }
    assert "1 rows: 0 linked, 0 to review, 1 new to the registry (1 persons)" in err
    record = SourceRecord.objects.get(source__name="Список 1")
    assert record.external_id == "row 2" and record.raw["Фамилия"] == "БОЙКО"


def test_problems_are_listed_and_nothing_is_written(tmp_path: Path, registrar: User) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,full_name,date_of_birth\n1,Бойко Іван Іванович,31.02.1990\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported") as raised:
        call_command(
            "import_list",
            str(path),
            "--source-kind",
            "unit",
            "--source-name",
            "A",
            "--user",
            "registrar",
            stdout=out,
            stderr=err,
        )
    assert raised.value.returncode == 1
    assert json.loads(out.getvalue().strip().splitlines()[-1])["errors"] == 1
    assert "list.csv: row 2, column “date_of_birth”" in err.getvalue()
    assert not SourceRecord.objects.exists() and not Person.objects.exists()


def test_who_imports_must_be_said_when_it_is_not_obvious(
    tmp_path: Path, registrar: User, make_user: object
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,full_name\n1,Бойко Іван Іванович\n")
    make_user("registrar", username="second")  # type: ignore[operator]
    with pytest.raises(CommandError, match="--user"):
        _run(str(path), "--source-kind", "unit", "--source-name", "A")
    with pytest.raises(CommandError, match="no such active user"):
        _run(str(path), "--source-kind", "unit", "--source-name", "A", "--user", "ghost")
    with pytest.raises(CommandError, match="no such file"):
        _run(str(tmp_path / "missing.csv"), "--source-kind", "unit", "--source-name", "A")
    assert not ImportBatch.objects.exists()
