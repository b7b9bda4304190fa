"""The tamper-evident hash chain of the audit trail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest

from homeward.core.audit_chain import (
    GENESIS_HASH,
    ChainBreak,
    ChainLink,
    canonical_json,
    chain_hash,
    verify_chain,
)

N = 6  # entries in the test chain
POSITIONS = range(1, N + 1)


def _payload(seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "action": "person.update",
        "actor": "registrar",
        "object": f"HW-2025-{seq:06d}",
        "changes": {"surname": ["Шевченко", "Шевчук"], "given_name": ["Олександр", None]},
        "at": f"2025-01-{seq:02d}T10:00:00+00:00",
    }


def build(payloads: list[Mapping[str, Any]], genesis: str = GENESIS_HASH) -> list[ChainLink]:
    links: list[ChainLink] = []
    prev = genesis
    for seq, payload in enumerate(payloads, start=1):
        digest = chain_hash(prev, payload)
        links.append(ChainLink(seq, prev, digest, payload))
        prev = digest
    return links


@pytest.fixture
def chain() -> list[ChainLink]:
    return build([_payload(seq) for seq in POSITIONS])


# --- canonical_json ----------------------------------------------------------------------


def test_canonical_json_ignores_key_order() -> None:
    a = {"b": 1, "a": {"y": 2, "x": [3, 4]}, "c": "Шевченко"}
    b = {"c": "Шевченко", "a": {"x": [3, 4], "y": 2}, "b": 1}
    assert canonical_json(a) == canonical_json(b)


def test_canonical_json_keeps_list_order() -> None:
    assert canonical_json({"a": [1, 2]}) != canonical_json({"a": [2, 1]})


def test_canonical_json_keeps_non_ascii_as_utf8() -> None:
    data = canonical_json({"surname": "Шевченко", "given_name": "Мар'яна"})
    assert data == '{"given_name":"Мар\'яна","surname":"Шевченко"}'.encode()
    assert b"\\u" not in data


def test_canonical_json_is_compact_sorted_and_valid_json() -> None:
    data = canonical_json({"z": 1, "a": [1, {"k": None}]})
    assert data == b'{"a":[1,{"k":null}],"z":1}'
    assert json.loads(data) == {"z": 1, "a": [1, {"k": None}]}


def test_canonical_json_stringifies_non_json_values() -> None:
    data = canonical_json({"on": dt.date(2025, 3, 21)})
    assert data == b'{"on":"2025-03-21"}'


# --- chain_hash --------------------------------------------------------------------------


def test_chain_hash_is_a_sha256_hex_digest() -> None:
    digest = chain_hash(GENESIS_HASH, {"a": 1})
    assert len(digest) == 64
    assert set(digest) <= set("0123456789abcdef")


def test_chain_hash_is_deterministic_and_key_order_independent() -> None:
    assert chain_hash(GENESIS_HASH, {"a": 1, "b": "Іван"}) == chain_hash(
        GENESIS_HASH, {"b": "Іван", "a": 1}
    )


def test_chain_hash_depends_on_previous_hash() -> None:
    assert chain_hash(GENESIS_HASH, {"a": 1}) != chain_hash("1" * 64, {"a": 1})


@pytest.mark.parametrize("other", [{"a": 2}, {"a": "1"}, {"a": 1, "b": None}, {"A": 1}])
def test_chain_hash_depends_on_payload(other: dict[str, Any]) -> None:
    assert chain_hash(GENESIS_HASH, {"a": 1}) != chain_hash(GENESIS_HASH, other)


# --- verify_chain: intact chains ---------------------------------------------------------


def test_intact_chain_verifies(chain: list[ChainLink]) -> None:
    assert verify_chain(chain) is None


def test_intact_chain_verifies_against_its_head(chain: list[ChainLink]) -> None:
    assert verify_chain(chain, expected_last_seq=N) is None


def test_verify_accepts_any_iterable(chain: list[ChainLink]) -> None:
    assert verify_chain(iter(chain), expected_last_seq=N) is None
    assert verify_chain(link for link in chain) is None


def test_empty_chain_is_intact() -> None:
    assert verify_chain([]) is None
    assert verify_chain([], expected_last_seq=0) is None


# --- verify_chain: tampering -------------------------------------------------------------


@pytest.mark.parametrize("seq", POSITIONS)
def test_altered_payload_is_named(chain: list[ChainLink], seq: int) -> None:
    i = seq - 1
    forged = {**chain[i].payload, "actor": "intruder"}
    chain[i] = dataclasses.replace(chain[i], payload=forged)
    result = verify_chain(chain, expected_last_seq=N)
    assert result is not None
    assert result.seq == seq
    assert "altered" in result.reason


@pytest.mark.parametrize("seq", POSITIONS)
def test_altered_nested_non_ascii_value_is_detected(chain: list[ChainLink], seq: int) -> None:
    i = seq - 1
    payload = json.loads(canonical_json(chain[i].payload))
    payload["changes"]["surname"][1] = "Шевченко"
    chain[i] = dataclasses.replace(chain[i], payload=payload)
    result = verify_chain(chain)
    assert result is not None
    assert result.seq == seq


@pytest.mark.parametrize("seq", POSITIONS)
def test_reordered_payload_keys_are_not_tampering(chain: list[ChainLink], seq: int) -> None:
    i = seq - 1
    reordered = dict(reversed(list(chain[i].payload.items())))
    chain[i] = dataclasses.replace(chain[i], payload=reordered)
    assert verify_chain(chain, expected_last_seq=N) is None


@pytest.mark.parametrize("seq", range(1, N))  # the last entry has no successor to notice
def test_rehashed_altered_entry_breaks_the_next_link(chain: list[ChainLink], seq: int) -> None:
    i = seq - 1
    forged = {**chain[i].payload, "actor": "intruder"}
    chain[i] = dataclasses.replace(
        chain[i], payload=forged, hash=chain_hash(chain[i].prev_hash, forged)
    )
    result = verify_chain(chain)
    assert result == ChainBreak(seq + 1, "it does not link to the entry before it")


@pytest.mark.parametrize("seq", POSITIONS)
def test_broken_link_is_named(chain: list[ChainLink], seq: int) -> None:
    i = seq - 1
    chain[i] = dataclasses.replace(chain[i], prev_hash="f" * 64)
    result = verify_chain(chain)
    assert result is not None
    assert result.seq == seq
    assert "link" in result.reason


@pytest.mark.parametrize("seq", range(1, N))  # removing the last one is a truncation
def test_missing_entry_in_the_middle_is_named(chain: list[ChainLink], seq: int) -> None:
    del chain[seq - 1]
    result = verify_chain(chain, expected_last_seq=N)
    assert result == ChainBreak(seq, f"entry {seq} is missing")


@pytest.mark.parametrize("kept", range(N))
def test_entries_removed_from_the_end_are_named(chain: list[ChainLink], kept: int) -> None:
    result = verify_chain(chain[:kept], expected_last_seq=N)
    assert result == ChainBreak(kept + 1, f"entries {kept + 1}–{N} are missing")


def test_truncation_is_invisible_without_the_head(chain: list[ChainLink]) -> None:
    # The reason the head (expected_last_seq) is kept outside the chain.
    assert verify_chain(chain[:3]) is None
    assert verify_chain(chain[:3], expected_last_seq=N) is not None


@pytest.mark.parametrize("after", range(1, N))
def test_inserted_entry_is_detected(chain: list[ChainLink], after: int) -> None:
    # A forged entry is chained properly onto entry `after` and takes the next seq; the
    # entries after it keep their numbers and hashes.
    prev = chain[after - 1]
    payload = {"action": "person.delete", "actor": "intruder"}
    forged = ChainLink(after + 1, prev.hash, chain_hash(prev.hash, payload), payload)
    chain.insert(after, forged)
    result = verify_chain(chain, expected_last_seq=N)
    assert result is not None
    assert result.seq == after + 2


@pytest.mark.parametrize("after", range(1, N))
def test_inserted_entry_with_renumbered_successors_is_detected(
    chain: list[ChainLink], after: int
) -> None:
    prev = chain[after - 1]
    payload = {"action": "person.delete", "actor": "intruder"}
    forged = ChainLink(after + 1, prev.hash, chain_hash(prev.hash, payload), payload)
    tail = [dataclasses.replace(link, seq=link.seq + 1) for link in chain[after:]]
    tampered = [*chain[:after], forged, *tail]
    result = verify_chain(tampered, expected_last_seq=N + 1)
    assert result == ChainBreak(after + 2, "it does not link to the entry before it")


def test_swapped_entries_are_detected(chain: list[ChainLink]) -> None:
    chain[1], chain[2] = chain[2], chain[1]
    result = verify_chain(chain)
    assert result is not None
    assert result.seq == 2


def test_chain_not_starting_at_one_misses_entry_one(chain: list[ChainLink]) -> None:
    assert verify_chain(chain[1:]) == ChainBreak(1, "entry 1 is missing")


def test_duplicated_entry_is_detected(chain: list[ChainLink]) -> None:
    chain.insert(3, chain[2])
    result = verify_chain(chain)
    assert result == ChainBreak(4, "entry 4 is missing")


def test_chain_not_rooted_in_genesis_is_detected() -> None:
    links = build([_payload(seq) for seq in POSITIONS], genesis="a" * 64)
    result = verify_chain(links)
    assert result is not None
    assert result.seq == 1


def test_first_break_is_reported(chain: list[ChainLink]) -> None:
    chain[4] = dataclasses.replace(chain[4], payload={"x": 1})
    chain[1] = dataclasses.replace(chain[1], payload={"x": 2})
    result = verify_chain(chain)
    assert result is not None
    assert result.seq == 2


def test_entries_beyond_the_recorded_head_are_named(chain: list[ChainLink]) -> None:
    result = verify_chain(chain, expected_last_seq=3)
    assert result is not None
    assert result.seq == 4
    assert "missing" not in result.reason


def test_a_rewritten_last_entry_does_not_match_the_recorded_head(
    chain: list[ChainLink],
) -> None:
    last = chain[-1]
    forged_payload = {**last.payload, "forged": True}
    forged = ChainLink(
        last.seq, last.prev_hash, chain_hash(last.prev_hash, forged_payload), forged_payload
    )
    links = [*chain[:-1], forged]
    assert verify_chain(links, expected_last_seq=last.seq) is None  # the chain alone holds
    broken = verify_chain(links, expected_last_seq=last.seq, expected_last_hash=last.hash)
    assert broken is not None and broken.seq == last.seq
    assert verify_chain(chain, expected_last_seq=last.seq, expected_last_hash=last.hash) is None
