from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.core.names import compact
from homeward.core.names.compact import CompactMapping

SAMPLE = {
    "олександр": ["александр"],
    "микола": ["николай", "микола"],
    "ґава": [],
    "шевченко": ["шевченко"],
}

_words = st.text(
    alphabet=st.characters(blacklist_characters="\n\t\x1f", blacklist_categories=("Cs",)),
    max_size=12,
)


def test_lookups_order_and_values() -> None:
    mapping = CompactMapping.build(SAMPLE)
    assert mapping.get("микола") == ["николай", "микола"]
    assert mapping.get("ґава") == []
    assert mapping.get("нема") == []
    assert mapping.get("нема", ["x"]) == ["x"]
    assert "олександр" in mapping and "нема" not in mapping and 5 not in mapping
    assert list(mapping) == list(SAMPLE)
    assert dict(mapping.items()) == SAMPLE
    assert [mapping.key_at(i) for i in range(len(mapping))] == list(SAMPLE)


@given(st.dictionaries(_words, st.lists(_words.filter(bool), max_size=3), max_size=30))
def test_behaves_as_the_dict_it_was_built_from(source: dict[str, list[str]]) -> None:
    mapping = CompactMapping.build(source)
    assert len(mapping) == len(source)
    assert dict(mapping.items()) == source
    for key, values in source.items():
        assert mapping.get(key) == values
        assert key in mapping


def test_keys_with_the_same_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compact, "stable_hash", lambda key: 7)
    mapping = CompactMapping.build({"a": ["1"], "b": ["2"], "c": ["3"]})
    assert [mapping.get(k) for k in "abcd"] == [["1"], ["2"], ["3"], []]


def test_a_separator_in_the_data_is_refused() -> None:
    with pytest.raises(ValueError, match="separator"):
        CompactMapping.build({"a\tb": ["x"]})
    with pytest.raises(ValueError, match="separator"):
        CompactMapping.build({"a": ["x\ny"]})


def test_saved_and_loaded_unchanged(tmp_path: Path) -> None:
    mapping = CompactMapping.build(SAMPLE)
    path = tmp_path / "m.npz"
    mapping.save(path)
    loaded = CompactMapping.load(path)
    assert dict(loaded.items()) == SAMPLE
    assert loaded.fingerprint == mapping.fingerprint
    assert list(tmp_path.iterdir()) == [path]  # no temporary left behind


def test_a_damaged_file_is_an_error_to_rebuild_from(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    path.write_bytes(b"not an archive")
    with pytest.raises(ValueError):
        CompactMapping.load(path)
    with pytest.raises(OSError):
        CompactMapping.load(tmp_path / "missing.npz")


def test_the_fingerprint_follows_the_content() -> None:
    a = CompactMapping.build(SAMPLE)
    b = CompactMapping.build({**SAMPLE, "шевченко": ["шевченко", "шевчэнко"]})
    assert a.fingerprint != b.fingerprint
