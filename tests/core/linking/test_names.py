"""Name standardisation: case, punctuation, double-barrelled surnames, nicknames, sound keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.linking.names import (
    canonical_first_name,
    name_forms,
    nicknames,
    phonetic_key,
    standard_first_name,
    standard_surname,
)

names = st.text(alphabet=st.characters(codec="utf-8"), max_size=25)
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@given(names)
def test_standard_surname_is_idempotent_and_lower_case(text: str) -> None:
    joined, parts = standard_surname(text)
    assert joined == "".join(parts)
    assert joined == joined.lower()
    assert standard_surname(" ".join(parts)) == (joined, parts)


@given(letters, letters)
def test_case_spaces_and_punctuation_do_not_change_a_surname(first: str, second: str) -> None:
    variants = [
        f"{first}-{second}",
        f"{first.upper()} {second.upper()}",
        f" {first.title()}  -  {second} ",
    ]
    assert len({standard_surname(v) for v in variants}) == 1


@given(names)
def test_phonetic_key_ignores_case_and_punctuation(text: str) -> None:
    assert phonetic_key(text) == phonetic_key(text.upper()) == phonetic_key(text + "'.")


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad"),
        ("Hussain", "Hussein", "Husain"),
        ("Ahmed", "Ahmad"),
        ("Clark", "Clarke"),
        ("McDonald", "MacDonald", "Mcdonald"),
        ("O'Brien", "OBrien", "O Brien"),
        ("Smith", "Smyth"),
    ],
)
def test_transliterations_and_variants_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({phonetic_key(name) for name in spellings}) == 1


def test_different_names_get_different_keys() -> None:
    assert phonetic_key("Smith") != phonetic_key("Patel")
    assert phonetic_key("") == ""


def test_double_barrelled_and_particles() -> None:
    assert standard_surname("Smith-Jones") == ("smithjones", ("smith", "jones"))
    assert standard_surname("O'Brien") == standard_surname("O Brien") == ("obrien", ("obrien",))
    assert standard_surname("de la Cruz") == ("delacruz", ("delacruz",))
    assert standard_surname("Zoë Ñúñez")[0] == "zoenunez"


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [("Jay", "jayden"), ("Bill", "william"), ("Liz", "elizabeth"), ("Mo", "mohammed")],
)
def test_nicknames_reach_their_formal_names(nickname: str, formal: str) -> None:
    assert formal in name_forms(nickname)
    assert formal in nicknames()[nickname.lower()]


def test_nickname_pairs_share_a_canonical_name() -> None:
    assert canonical_first_name("Danny") == canonical_first_name("Dan") == "daniel"
    assert canonical_first_name("Daniel") == "daniel"


def test_first_name_keeps_middle_names_apart() -> None:
    assert standard_first_name("Jay-Dee  Ali") == ("jaydee", ("ali",))
    assert standard_first_name("J.") == ("j", ())
    assert standard_first_name("") == ("", ())
