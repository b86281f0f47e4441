"""Phones resolve to one entity however the number was written."""

from __future__ import annotations

from linewatch.core.linking.phones import phone_key, resolve_phones


def test_formatting_variants_share_the_e164_key() -> None:
    written = ["07700 900123", "+447700900123", "7700900123", "(0770) 0900123", "0044 7700 900123"]
    keys = [phone_key(w) for w in written]
    assert {k[0] for k in keys if k} == {"+447700900123"}
    assert None not in keys
    assert phone_key("+447700900123") == ("+447700900123", "E.164 exact")
    assert phone_key("07700 900123") == ("+447700900123", "formatting variant")


def test_invalid_numbers_kept_raw_meet_their_copies_but_not_a_real_number() -> None:
    assert phone_key("0770 09001") == ("raw:4477009001", "same digits (not a valid number)")
    assert phone_key("077-0090-01") == phone_key("0770 09001")
    assert phone_key("no number") is None
    result = resolve_phones({1: "+447700900123", 2: "07700900123", 3: "077009001", 4: "n/a"})
    assert result.entity_of == {1: 1, 2: 1, 3: 3, 4: 4}
    assert result.rule_of == {1: "formatting variant", 2: "formatting variant"}


def test_different_numbers_stay_apart() -> None:
    result = resolve_phones({5: "07700 900123", 6: "07700 900124", 7: "+1 202 555 0143"})
    assert len(set(result.entity_of.values())) == 3
    assert result.groups() == {}
