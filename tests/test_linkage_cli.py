"""`homeward link` and `homeward dedupe` on files (issue 3): what they write, the headers
and encodings they read, and how they refuse bad files without leaving anything behind."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from homeward.core.dates import Precision
from homeward.core.synthetic import Generator
from homeward.linkage_cli import main

LINK_HEADER = ["record_id", "person_id", "probability", "decision", "explanation"]
DEDUPE_HEADER = ["record_id", "cluster_id", "probability"]
REGISTRY_HEADER = [
    "record_id",
    "surname",
    "given_name",
    "patronymic",
    "date_of_birth",
    "sex",
    "unit",
    "service_number",
]
HAND = [
    ["P-SHEV", "Шевченко", "Олександр", "Миколайович", "21.03.1990", "male",
     "24 окрема механізована бригада", "UA-700001"],
    ["P-BOND", "Бондар", "Микола", "Іванович", "12.07.1987", "male",
     "53 окрема механізована бригада", "UA-700011"],
]  # fmt: skip


def _birth(date: dt.date | None, precision: Precision) -> str:
    if date is None:
        return ""
    return str(date.year) if precision is Precision.YEAR else date.strftime("%d.%m.%Y")


@pytest.fixture(scope="module")
def registry_rows() -> list[list[str]]:
    taken = {(row[1], row[2]) for row in HAND}
    rows = [
        [f"S{i}", p.surname, p.given_name, p.patronymic, _birth(p.birth_date, p.birth_precision),
         p.sex, p.unit, p.service_number]
        for i, p in enumerate(Generator(3).persons(400))
        if (p.surname, p.given_name) not in taken
    ]  # fmt: skip
    return rows + HAND


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory, registry_rows: list[list[str]]) -> Path:
    path = tmp_path_factory.mktemp("registry") / "registry.csv"
    _write_csv(path, [REGISTRY_HEADER, *registry_rows])
    return path


def _write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _link(registry: Path, incoming: Path, out: Path, *extra: str) -> int:
    return main(
        ["link", "--registry", str(registry), "--incoming", str(incoming), "--out", str(out),
         *extra]
    )  # fmt: skip


def _by_id(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header, *body = rows
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


INCOMING = [
    ["№", "ФИО", "Дата рождения"],
    ["1", "ШЕВЧЕНКО Александр Николаевич", "21.03.1990"],
    ["2", "Бондарь Николай Иванович", "12.07.1987"],
    ["3", "Зеленский Аполлинарий Феофанович", "03.03.1977"],
]


# --- what is written ---------------------------------------------------------------------


def test_link_writes_one_row_per_incoming_record(
    registry_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(tmp_path / "list.csv", INCOMING)
    out = tmp_path / "out.csv"
    assert _link(registry_file, incoming, out) == 0
    rows = _read_csv(out)
    assert rows[0] == LINK_HEADER
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    result = _by_id(rows)
    assert (result["1"]["person_id"], result["1"]["decision"]) == ("P-SHEV", "match")
    assert (result["2"]["person_id"], result["2"]["decision"]) == ("P-BOND", "match")
    assert (result["3"]["person_id"], result["3"]["decision"]) == ("", "new")
    assert float(result["1"]["probability"]) >= 0.99
    assert len(result["1"]["probability"].split(".")[1]) == 6
    assert "given name" in result["1"]["explanation"]
    assert "Александр / Олександр" in result["1"]["explanation"]
    assert result["3"]["explanation"] == "no candidate"
    err = capsys.readouterr().err
    assert "3 records: 2 match, 0 review, 1 new" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "out.csv"]


def test_timings_name_each_stage(
    registry_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(tmp_path / "list.csv", INCOMING)
    assert main(["link", "--registry", str(registry_file), "--incoming", str(incoming),
                 "--out", str(tmp_path / "out.csv"), "--timings"]) == 0  # fmt: skip
    line = next(x for x in capsys.readouterr().err.splitlines() if x.startswith("timings: "))
    stages = [part.rsplit(" ", 2) for part in line.removeprefix("timings: ").split(", ")]
    assert [name for name, _, _ in stages] == [
        "reading the registry", "indexing", "reading the list", "blocking", "comparing",
        "deciding", "writing",
    ]  # fmt: skip
    assert all(float(seconds) >= 0 and unit == "s" for _, seconds, unit in stages)
    # Without the flag, nothing of the kind.
    assert main(["link", "--registry", str(registry_file), "--incoming", str(incoming),
                 "--out", str(tmp_path / "out.csv")]) == 0  # fmt: skip
    assert "timings:" not in capsys.readouterr().err


def test_dedupe_writes_clusters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["id", "Прізвище", "Ім'я", "По батькові", "Дата народження"]]
    for i, p in enumerate(Generator(5).persons(200)):
        rows.append(
            [f"S{i}", p.surname, p.given_name, p.patronymic,
             _birth(p.birth_date, p.birth_precision)]
        )  # fmt: skip
    rows += [
        ["D-UK", "Шевченко", "Олександр", "Миколайович", "21.03.1990"],
        ["D-RU", "ШЕВЧЕНКО", "Александр", "Николаевич", "21.03.1990"],
        ["D-LAT", "Shevchenko", "Oleksandr", "Mykolaiovych", "1990-03-21"],
    ]
    source = _write_csv(tmp_path / "list.csv", rows)
    out = tmp_path / "clusters.csv"
    assert main(["dedupe", str(source), "--out", str(out)]) == 0
    written = _read_csv(out)
    assert written[0] == DEDUPE_HEADER
    assert [row[0] for row in written[1:]] == [row[0] for row in rows[1:]]
    result = _by_id(written)
    assert {result[r]["cluster_id"] for r in ("D-UK", "D-RU", "D-LAT")} == {"D-UK"}
    assert float(result["D-RU"]["probability"]) >= 0.99
    alone = [r for r in result.values() if r["probability"] == ""]
    assert all(r["cluster_id"] == r["record_id"] for r in alone)
    assert "clusters" in capsys.readouterr().err


# --- headers, encodings, formats ---------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        [["№", "Прізвище", "Ім'я", "По батькові", "Дата народження"],
         ["7", "Шевченко", "Олександр", "Миколайович", "21.03.1990"]],
        [["id", "Фамилия", "Имя", "Отчество", "Дата рождения"],
         ["7", "Шевченко", "Александр", "Николаевич", "21.03.1990"]],
        [["ID", "ПІБ", "Дата народження"], ["7", "Шевченко Олександр Миколайович", "1990-03-21"]],
        [["Номер запису", "ФИО", "Д.Р."], ["7", "ШЕВЧЕНКО Александр Николаевич", "21.03.1990"]],
        [["person id", "Last name", "First name", "Date of birth"],
         ["7", "Shevchenko", "Oleksandr", "21.03.1990"]],
    ],
    ids=["ukrainian", "russian", "піб", "фио", "english"],
)  # fmt: skip
def test_headers_in_three_languages(
    registry_file: Path, tmp_path: Path, rows: list[list[str]]
) -> None:
    incoming = _write_csv(tmp_path / "list.csv", rows, delimiter=";")
    out = tmp_path / "out.csv"
    assert _link(registry_file, incoming, out) == 0
    result = _by_id(_read_csv(out))["7"]
    assert (result["person_id"], result["decision"]) == ("P-SHEV", "match")


def test_map_overrides_the_headers_in_dedupe(tmp_path: Path) -> None:
    rows = [
        ["Справа", "Особа", "Народився", "Прізвище"],
        ["a", "Шевченко Олександр Миколайович", "21.03.1990", "не заповнено"],
        ["b", "ШЕВЧЕНКО Александр Николаевич", "21.03.1990", "не заповнено"],
    ]
    for i, p in enumerate(Generator(8).persons(20)):
        full = f"{p.surname} {p.given_name} {p.patronymic}"
        rows.append([f"s{i}", full, _birth(p.birth_date, p.birth_precision), "не заповнено"])
    source = _write_csv(tmp_path / "list.csv", rows)
    out = tmp_path / "out.csv"
    args = ["dedupe", str(source), "--out", str(out), "--map", "Справа=record_id",
            "--map", "Особа=full_name", "--map", "Народився=date_of_birth",
            "--map", "Прізвище=occupation"]  # fmt: skip
    assert main(args) == 0
    result = _by_id(_read_csv(out))
    assert result["b"]["cluster_id"] == "a"
    # Every row says "Прізвище: не заповнено": read as an occupation, not as the surname,
    # it does not make the twenty people one.
    assert len({row["cluster_id"] for row in result.values()}) == 21


def test_map_overrides_the_headers_of_both_files(tmp_path: Path) -> None:
    header = ["Код", "Особа", "Народився"]
    registry = _write_csv(
        tmp_path / "registry.csv",
        [header, ["P1", "Шевченко Олександр Миколайович", "21.03.1990"],
         ["P2", "Бойко Іван Петрович", "01.01.1980"]],
    )  # fmt: skip
    incoming = _write_csv(
        tmp_path / "list.csv", [header, ["7", "ШЕВЧЕНКО Александр Николаевич", "21.03.1990"]]
    )
    out = tmp_path / "out.csv"
    maps = [
        "--map",
        "Код=record_id",
        "--map",
        "Особа=full_name",
        "--map",
        "Народився=date_of_birth",
    ]
    assert _link(registry, incoming, out, *maps) == 0
    assert _by_id(_read_csv(out))["7"]["person_id"] == "P1"


def test_map_names_columns_of_the_incoming_list_only(registry_file: Path, tmp_path: Path) -> None:
    incoming = _write_csv(
        tmp_path / "list.csv",
        [["Справа", "Особа", "Народився"], ["7", "ШЕВЧЕНКО Александр Николаевич", "21.03.1990"]],
    )
    out = tmp_path / "out.csv"
    maps = [
        "--map",
        "Справа=record_id",
        "--map",
        "Особа=full_name",
        "--map",
        "Народився=date_of_birth",
    ]
    assert _link(registry_file, incoming, out, *maps) == 0
    assert _by_id(_read_csv(out))["7"]["person_id"] == "P-SHEV"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1251", b""), ("utf-16", b""), ("utf-16-le", b""), ("utf-8", b"\xef\xbb\xbf")],
    ids=["cp1251", "utf-16", "utf-16-without-bom", "utf-8-bom"],
)
def test_encodings(registry_file: Path, tmp_path: Path, encoding: str, bom: bytes) -> None:
    incoming = tmp_path / "list.csv"
    text = "\n".join(";".join(row) for row in INCOMING) + "\n"
    incoming.write_bytes(bom + text.encode(encoding))
    out = tmp_path / "out.csv"
    assert _link(registry_file, incoming, out) == 0
    result = _by_id(_read_csv(out))
    assert result["1"]["person_id"] == "P-SHEV"
    assert result["2"]["person_id"] == "P-BOND"
    # The output is always UTF-8.
    assert "Александр" in out.read_text(encoding="utf-8")


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_list_and_registry(registry_rows: list[list[str]], tmp_path: Path) -> None:
    registry = _xlsx(tmp_path / "registry.xlsx", [REGISTRY_HEADER, *registry_rows])
    incoming = _xlsx(
        tmp_path / "list.xlsx",
        [
            ["№", "ПІБ", "Дата народження", "Особистий номер"],
            [1, "Шевченко Олександр Миколайович", dt.datetime(1990, 3, 21), "UA-700001"],
            [2, "Бондар Микола Іванович", "12.07.1987", None],
        ],
    )
    out = tmp_path / "out.csv"
    assert _link(registry, incoming, out) == 0
    result = _by_id(_read_csv(out))
    assert (result["1"]["person_id"], result["1"]["decision"]) == ("P-SHEV", "match")
    assert "21.03.1990" in result["1"]["explanation"]  # the spreadsheet's date was read
    assert result["2"]["person_id"] == "P-BOND"


# --- bad files ---------------------------------------------------------------------------


def _assert_refused(
    code: int, capsys: pytest.CaptureFixture[str], folder: Path, *words: str
) -> str:
    """Exit code 2, a message with the given words, and nothing written in `folder`."""
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith((".out", "out"))]
    assert leftovers == [], leftovers
    return err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


def test_an_empty_file(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = folder / "list.csv"
    incoming.write_bytes(b"")
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming), "empty")


def test_a_file_of_blank_lines(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = folder / "list.csv"
    incoming.write_bytes(b"\r\n\r\n  \n")
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming))


def test_only_a_header(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(folder / "list.csv", [INCOMING[0]])
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming), "no rows")


def test_ragged_rows_stop_the_run_naming_file_and_rows(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = folder / "list.csv"
    incoming.write_text(
        "№;ФИО;Дата рождения\n"
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990\n"
        "2;Бондарь; Николай Иванович;12.07.1987\n"
        "3;Бойко Иван Петрович;01.01.1980\n"
        "4;Мельник;Петро;Іванович;1970\n",
        encoding="utf-8",
    )
    code = _link(registry_file, incoming, folder / "out.csv")
    err = _assert_refused(code, capsys, folder, str(incoming), "row 3", "row 5", "--skip-bad-rows")
    assert "row 4" not in err and "row 2" not in err


def test_skip_bad_rows_leaves_them_out(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = folder / "list.csv"
    incoming.write_text(
        "№;ФИО;Дата рождения\n"
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990\n"
        "2;Бондарь; Николай Иванович;12.07.1987\n"
        "3;Бондарь Николай Иванович;12.07.1987\n",
        encoding="utf-8",
    )
    out = folder / "out.csv"
    assert _link(registry_file, incoming, out, "--skip-bad-rows") == 0
    rows = _read_csv(out)
    assert [row[0] for row in rows[1:]] == ["1", "3"]
    assert _by_id(rows)["3"]["person_id"] == "P-BOND"


def test_a_missing_id_column(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(
        folder / "list.csv", [["ФИО", "Дата рождения"], ["ШЕВЧЕНКО Александр", "21.03.1990"]]
    )
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming), "no id column", "--map")


def test_duplicate_and_empty_ids(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(
        folder / "list.csv",
        [
            ["№", "ФИО"],
            ["1", "ШЕВЧЕНКО Александр"],
            ["2", "Бойко Иван"],
            ["1", "Мельник Петр"],
            ["", "Коваль Андрей"],
        ],
    )
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(
        code, capsys, folder, str(incoming), "row 4", "id 1 repeats row 2", "row 5", "empty"
    )


def test_duplicate_ids_in_the_registry(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = _write_csv(
        folder / "registry.csv", [["id", "Прізвище"], ["P1", "Шевченко"], ["P1", "Бойко"]]
    )
    incoming = _write_csv(folder / "list.csv", INCOMING)
    code = _link(registry, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(registry), "id P1 repeats row 2")


@pytest.mark.parametrize(
    "content",
    [
        random.Random(1).randbytes(5000),
        b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(3000),
        b"PK\x03\x04" + random.Random(3).randbytes(3000),
        b"\x00" * 2000,
    ],
    ids=["random", "png", "zip", "zeros"],
)
def test_a_binary_file(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    incoming = folder / "list.csv"
    incoming.write_bytes(content)
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_binary_file_is_called_one(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    incoming = folder / "list.csv"
    incoming.write_bytes(random.Random(seed).randbytes(5000))
    code = _link(registry_file, incoming, folder / "out.csv")
    err = _assert_refused(code, capsys, folder, str(incoming))
    assert "not a text" in err or "not a valid CSV" in err, err


def test_a_damaged_workbook(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = folder / "list.xlsx"
    incoming.write_bytes(b"PK\x03\x04" + random.Random(4).randbytes(3000))
    code = _link(registry_file, incoming, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(incoming), "XLSX")


def test_an_unknown_field_in_map(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(folder / "list.csv", INCOMING)
    code = _link(registry_file, incoming, folder / "out.csv", "--map", "ФИО=nickname")
    _assert_refused(code, capsys, folder, "nickname", "is not a field", "full_name")


def test_a_map_without_a_field(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(folder / "list.csv", INCOMING)
    code = _link(registry_file, incoming, folder / "out.csv", "--map", "ФИО")
    _assert_refused(code, capsys, folder, "HEADER=FIELD")


def test_a_map_naming_a_missing_column(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write_csv(folder / "list.csv", INCOMING)
    code = main(["dedupe", str(source), "--out", str(folder / "out.csv"),
                 "--map", "Прізвище=surname"])  # fmt: skip
    _assert_refused(code, capsys, folder, str(source), "Прізвище", "ФИО")


def test_a_nonexistent_input(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = folder / "nowhere.csv"
    code = _link(registry_file, missing, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(missing), "no such file")
    code = _link(missing, registry_file, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(missing), "no such file")


def test_a_folder_as_input(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _link(registry_file, folder, folder / "out.csv")
    _assert_refused(code, capsys, folder, str(folder))


def test_the_output_folder_is_missing(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(folder / "list.csv", INCOMING)
    out = folder / "missing" / "out.csv"
    code = _link(registry_file, incoming, out)
    _assert_refused(code, capsys, folder, str(out), "does not exist")
    assert not (folder / "missing").exists()


def test_bad_thresholds(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(folder / "list.csv", INCOMING)
    code = _link(
        registry_file, incoming, folder / "out.csv",
        "--match-threshold", "0.2", "--review-threshold", "0.5",
    )  # fmt: skip
    _assert_refused(code, capsys, folder, "--match-threshold")


def test_an_existing_output_is_untouched_when_the_run_fails(
    registry_file: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = folder / "out.csv"
    out.write_text("the previous run's results\n", encoding="utf-8")
    before = out.stat().st_mtime_ns
    incoming = folder / "list.csv"
    incoming.write_text("№;ФИО\n1;Шевченко\n2;Бойко;Іван\n", encoding="utf-8")
    code = _link(registry_file, incoming, out)
    err = capsys.readouterr().err
    assert code == 2 and "row 3" in err
    assert out.read_text(encoding="utf-8") == "the previous run's results\n"
    assert out.stat().st_mtime_ns == before
    assert sorted(p.name for p in folder.iterdir()) == ["list.csv", "out.csv"]


def test_an_existing_output_is_replaced_when_the_run_succeeds(
    registry_file: Path, folder: Path
) -> None:
    out = folder / "out.csv"
    out.write_text("old\n", encoding="utf-8")
    incoming = _write_csv(folder / "list.csv", INCOMING)
    assert _link(registry_file, incoming, out) == 0
    assert _read_csv(out)[0] == LINK_HEADER
    assert sorted(p.name for p in folder.iterdir()) == ["list.csv", "out.csv"]


# --- warnings and thresholds ---------------------------------------------------------------


def test_unreadable_dates_are_warnings_with_row_and_column(
    registry_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = _write_csv(
        tmp_path / "list.csv",
        [
            ["№", "ПІБ", "Дата народження"],
            ["1", "Шевченко Олександр Миколайович", "21.03.1990"],
            ["2", "Бондар Микола Іванович", "31.02.1987"],
            ["3", "Бойко Іван Петрович", "не відомо"],
        ],
    )
    out = tmp_path / "out.csv"
    assert _link(registry_file, incoming, out) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: ")
    assert str(incoming) in err
    assert "row 3, column “Дата народження”" in err and "31.02.1990" not in err
    assert "31.02.1987" in err
    assert "row 4, column “Дата народження”" in err and "не відомо" in err
    assert "row 2" not in err
    # The rows are linked on the rest.
    result = _by_id(_read_csv(out))
    assert len(result) == 3
    assert result["2"]["person_id"] == "P-BOND"


def test_a_match_threshold_of_one_sends_everything_to_review(
    registry_file: Path, tmp_path: Path
) -> None:
    incoming = _write_csv(tmp_path / "list.csv", INCOMING)
    out = tmp_path / "out.csv"
    assert _link(registry_file, incoming, out, "--match-threshold", "1") == 0
    decisions = {r: row["decision"] for r, row in _by_id(_read_csv(out)).items()}
    assert decisions == {"1": "review", "2": "review", "3": "new"}


# --- the console script ------------------------------------------------------------------


def test_the_console_script_needs_no_database(registry_file: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "homeward"
    assert script.exists(), script
    incoming = _write_csv(tmp_path / "list.csv", INCOMING)
    out = tmp_path / "out.csv"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL") and not k.startswith("PG")
    }
    completed = subprocess.run(  # noqa: S603
        [str(script), "link", "--registry", str(registry_file), "--incoming", str(incoming),
         "--out", str(out)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    result = _by_id(_read_csv(out))
    assert result["1"]["person_id"] == "P-SHEV"
    assert "3 records: 2 match, 0 review, 1 new" in completed.stderr
    # A usage error from the script is a message and exit code 2 as well.
    failed = subprocess.run(  # noqa: S603
        [str(script), "dedupe", str(tmp_path / "nowhere.csv"), "--out", str(out)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert failed.returncode == 2
    assert "no such file" in failed.stderr
