"""The Splink model for people: comparisons, blocking rules and how it is trained.

Every comparison level carries a human label (shown to analysts in the review queue).
Only plain SQL (``=``, ``instr``, ``||``) and Splink's dialect-aware levels (Jaro-Winkler,
Damerau-Levenshtein) are used, so the same settings run on DuckDB and on Spark.
m and u are never set by hand: u comes from random sampling, m from EM (:func:`train`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

__all__ = ["FIELDS", "SEED", "blocking_rules", "settings_for", "train"]

SEED = 20071103
#: The fields a comparison exists for, in output order; the key is the comparison's name.
FIELDS = ("first_name", "surname", "dob", "gender", "address", "postcode", "town", "phone")


def _level(sql: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, label_for_charts=label)


def _null(*columns: str) -> ComparisonLevelCreator:
    sql = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return cll.CustomLevel(sql, label_for_charts="missing on one side").configure(
        is_null_level=True
    )


def _else() -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(label_for_charts="different")


def _jw(column: str, threshold: float) -> ComparisonLevelCreator:
    return cll.JaroWinklerLevel(column, threshold).configure(
        label_for_charts=f"Jaro-Winkler >= {threshold}"
    )


def _in_list(list_column: str, name_column: str) -> str:
    return (
        f"(instr(\"{list_column}_l\", '|' || \"{name_column}_r\" || '|') > 0 OR "
        f"instr(\"{list_column}_r\", '|' || \"{name_column}_l\" || '|') > 0)"
    )


def first_name_comparison() -> ComparisonCreator:
    nickname = f'("first_canon_l" = "first_canon_r" OR {_in_list("first_forms", "first_name")})'
    initial = (
        '((length("first_name_l") = 1 OR length("first_name_r") = 1) AND '
        'substr("first_name_l", 1, 1) = substr("first_name_r", 1, 1))'
    )
    alias = (
        f"({_in_list('alias_names', 'first_name')} OR "
        f'("alias_names_l" IS NOT NULL AND {_in_list("alias_names", "first_canon")}))'
    )
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="first name, nicknames and aliases",
        comparison_levels=[
            _null("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            _level(nickname, "nickname or known form"),
            _jw("first_name", 0.92),
            _level(initial, "initial agrees"),
            _level('"first_key_l" = "first_key_r"', "sounds alike"),
            _level(alias, "matches an alias"),
            _jw("first_name", 0.8),
            _else(),
        ],
    )


def surname_comparison() -> ComparisonCreator:
    part = (
        '("surname_1_l" = "surname_1_r" OR "surname_1_l" = "surname_2_r" OR '
        '"surname_2_l" = "surname_1_r" OR "surname_2_l" = "surname_2_r")'
    )
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname, double-barrelled parts and sound",
        comparison_levels=[
            _null("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            _jw("surname", 0.92),
            _level(part, "one part of a double-barrelled name agrees"),
            _level('"surname_key_l" = "surname_key_r"', "sounds alike"),
            _jw("surname", 0.8),
            _else(),
        ],
    )


def dob_comparison() -> ComparisonCreator:
    same_year = '"dob_year_l" = "dob_year_r"'
    same_month = f'{same_year} AND "dob_month_l" = "dob_month_r"'
    swapped = f'{same_year} AND "dob_day_l" = "dob_month_r" AND "dob_month_l" = "dob_day_r"'
    typo = cll.DamerauLevenshteinLevel("dob", 1).configure(
        label_for_charts="one digit different or transposed"
    )
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth with swaps and partial dates",
        comparison_levels=[
            _null("dob_year"),
            _level('"dob_l" = "dob_r"', "exact"),
            _level(swapped, "day/month swapped"),
            _level(
                f'{same_month} AND ("dob_day_l" IS NULL OR "dob_day_r" IS NULL)',
                "year and month agree, day missing",
            ),
            typo,
            _level(
                f'{same_year} AND ("dob_month_l" IS NULL OR "dob_month_r" IS NULL)',
                "year agrees, month missing",
            ),
            _level(same_month, "year and month agree, day differs"),
            _level(same_year, "same year"),
            _else(),
        ],
    )


def address_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="address words",
        comparison_levels=[
            _null("address"),
            _level('"address_l" = "address_r"', "exact"),
            _level(
                '"address_number_l" = "address_number_r" AND "address_street_l" = '
                '"address_street_r"',
                "same house number and street",
            ),
            cll.JaroWinklerLevel("address", 0.9).configure(label_for_charts="Jaro-Winkler >= 0.9"),
            _level('"address_street_l" = "address_street_r"', "same street"),
            _else(),
        ],
    )


def postcode_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="postcode, sector and district",
        comparison_levels=[
            _null("postcode"),
            cll.ExactMatchLevel("postcode", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            cll.DamerauLevenshteinLevel("postcode", 1).configure(
                label_for_charts="one character different"
            ),
            _level('"postcode_sector_l" = "postcode_sector_r"', "same sector"),
            _level('"postcode_district_l" = "postcode_district_r"', "same district"),
            _else(),
        ],
    )


def _exact_comparison(column: str, description: str) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[_null(column), _level(f'"{column}_l" = "{column}_r"', "exact"), _else()],
    )


def phone_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_description="phone (E.164)",
        comparison_levels=[
            _null("phone"),
            _level('"phone_l" = "phone_r"', "exact"),
            cll.DamerauLevenshteinLevel("phone", 1).configure(
                label_for_charts="one digit different or transposed"
            ),
            _else(),
        ],
    )


_BUILDERS = {
    "first_name": first_name_comparison,
    "surname": surname_comparison,
    "dob": dob_comparison,
    "gender": lambda: _exact_comparison("gender", "gender"),
    "address": address_comparison,
    "postcode": postcode_comparison,
    "town": lambda: _exact_comparison("town", "town"),
    "phone": phone_comparison,
}


def blocking_rules(fields: Iterable[str]) -> list[BlockingRuleCreator]:
    """Candidate pairs for UK people: rules over fields that have data in this input."""
    present = set(fields)
    rules: list[tuple[set[str], BlockingRuleCreator]] = [
        ({"surname", "dob"}, block_on("surname_key", "dob_year")),
        ({"first_name", "dob"}, block_on("first_key", "dob")),
        ({"first_name", "surname"}, block_on("first_key", "surname_key")),
        ({"dob", "postcode"}, block_on("dob_year", "postcode")),
        ({"surname", "postcode"}, block_on("surname_1", "postcode_district")),
        ({"first_name", "postcode"}, block_on("first_canon", "postcode")),
        ({"phone"}, block_on("phone")),
        ({"dob", "address"}, block_on("dob_year", "address_street")),
    ]
    chosen = [rule for needed, rule in rules if needed <= present]
    if not chosen:
        chosen = [
            block_on(field) for field in ("surname", "first_name", "postcode") if field in present
        ]
    return chosen


def settings_for(fields: Iterable[str]) -> SettingsCreator:
    """Splink settings comparing the ``fields`` that have data (see :data:`FIELDS`)."""
    present = [field for field in FIELDS if field in set(fields)]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[_BUILDERS[field]() for field in present],
        blocking_rules_to_generate_predictions=list[Any](blocking_rules(present)),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


def _training_rules(present: set[str]) -> list[BlockingRuleCreator]:
    """EM sessions: each trains every comparison not in its rule; together they cover all."""
    options: list[tuple[set[str], BlockingRuleCreator]] = [
        ({"dob"}, block_on("dob")),
        ({"first_name", "surname"}, block_on("first_key", "surname_key")),
        ({"postcode"}, block_on("postcode")),
        ({"surname"}, block_on("surname")),
    ]
    chosen = [rule for needed, rule in options if needed <= present]
    return chosen[:2] if len(chosen) >= 2 else chosen


def train(linker: Any, fields: Iterable[str], max_pairs: float) -> None:
    """Estimate λ from near-certain matches, u by seeded random sampling, m by EM."""
    present = set(fields)
    deterministic = [
        rule
        for needed, rule in (
            ({"first_name", "surname", "dob"}, block_on("first_name", "surname", "dob")),
            ({"first_name", "surname", "postcode"}, block_on("first_name", "surname", "postcode")),
            ({"phone"}, block_on("phone")),
        )
        if needed <= present
    ]
    if deterministic:
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=SEED)
    for rule in _training_rules(present):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
