"""The Splink model for people: comparisons, blocking rules and how it is trained.

Every comparison level carries a human label (shown to analysts in the review queue).
Only plain SQL with bare identifiers (``=``, ``instr``, ``substr``, ``length``; double quotes
would be string literals on Spark) and Splink's dialect-aware levels (Jaro-Winkler,
Levenshtein) are used, so the same settings run on DuckDB and on Spark.
m and u are never set by hand: u comes from random sampling, m from EM (:func:`train`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.exceptions import SplinkException

from linewatch.core.linking.person_blocking import blocking_rules, training_rules

__all__ = [
    "FIELDS",
    "SEED",
    "blocking_rules",
    "settings_for",
    "settings_from_model",
    "train",
]

SEED = 20071103
#: The fields a comparison exists for, in output order; the key is the comparison's name.
FIELDS = ("first_name", "surname", "dob", "gender", "address", "postcode", "town", "phone")


def _level(sql: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, label_for_charts=label)


def _null(*columns: str) -> ComparisonLevelCreator:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return cll.CustomLevel(sql, label_for_charts="missing on one side").configure(
        is_null_level=True
    )


def _else() -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(label_for_charts="different")


def _jw(column: str, threshold: float) -> ComparisonLevelCreator:
    return cll.JaroWinklerLevel(column, threshold).configure(
        label_for_charts=f"Jaro-Winkler >= {threshold}"
    )


def _in_list(list_column: str) -> str:
    # first_bar is the first name between bars ("|jay|"), so no string is built per pair.
    return f"(instr({list_column}_l, first_bar_r) > 0 OR instr({list_column}_r, first_bar_l) > 0)"


_REVERSED = "first_name_l = surname_r AND surname_l = first_name_r"


def first_name_comparison(columns: set[str]) -> ComparisonCreator:
    nickname = f"(first_canon_l = first_canon_r OR {_in_list('first_forms')})"
    initial = (
        "((length(first_name_l) = 1 OR length(first_name_r) = 1) AND "
        "substr(first_name_l, 1, 1) = substr(first_name_r, 1, 1))"
    )
    alias = _in_list("alias_names")
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="first name, nicknames and aliases",
        comparison_levels=[
            _null("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            _level(nickname, "nickname or known form"),
            _level(_REVERSED, "swapped with the surname"),
            _jw("first_name", 0.92),
            _level(initial, "initial agrees"),
            _level("first_key_l = first_key_r", "sounds alike"),
            *([_level(alias, "matches an alias")] if "alias_names" in columns else []),
            _jw("first_name", 0.8),
            _else(),
        ],
    )


def surname_comparison() -> ComparisonCreator:
    part = (
        "(surname_1_l = surname_1_r OR surname_1_l = surname_2_r OR "
        "surname_2_l = surname_1_r OR surname_2_l = surname_2_r)"
    )
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname, double-barrelled parts and sound",
        comparison_levels=[
            _null("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            _level(_REVERSED, "swapped with the first name"),
            _jw("surname", 0.92),
            _level(part, "one part of a double-barrelled name agrees"),
            _level("surname_key_l = surname_key_r", "sounds alike"),
            _jw("surname", 0.8),
            _else(),
        ],
    )


def dob_comparison() -> ComparisonCreator:
    same_year = "dob_year_l = dob_year_r"
    same_month = f"{same_year} AND dob_month_l = dob_month_r"
    swapped = f"{same_year} AND dob_day_l = dob_month_r AND dob_month_l = dob_day_r"
    # Levenshtein, not Damerau-Levenshtein: DuckDB's Damerau-Levenshtein is ~8x slower.
    typo = cll.LevenshteinLevel("dob", 2).configure(
        label_for_charts="one or two digits different (typo or transposition)"
    )
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth with swaps and partial dates",
        comparison_levels=[
            _null("dob_year"),
            _level("dob_l = dob_r", "exact"),
            _level(swapped, "day/month swapped"),
            _level(
                f"{same_month} AND (dob_day_l IS NULL OR dob_day_r IS NULL)",
                "year and month agree, day missing",
            ),
            typo,
            _level(
                f"{same_year} AND (dob_month_l IS NULL OR dob_month_r IS NULL)",
                "year agrees, month missing",
            ),
            _level(same_month, "year and month agree, day differs"),
            _level(same_year, "same year"),
            _else(),
        ],
    )


def address_comparison(columns: set[str]) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="address words",
        comparison_levels=[
            _null("address"),
            _level("address_l = address_r", "exact"),
            *(
                [
                    _level(
                        "address_number_l = address_number_r AND address_street_l = "
                        "address_street_r",
                        "same house number and street",
                    )
                ]
                if "address_number" in columns
                else []
            ),
            cll.JaroWinklerLevel("address", 0.9).configure(label_for_charts="Jaro-Winkler >= 0.9"),
            _level("address_street_l = address_street_r", "same street"),
            # A UK unit postcode covers about 15 addresses, so a different address at a
            # different UK postcode is one fact (the person moved, or is someone else) that
            # the postcode comparison already weighs: counted here too, a move would be
            # penalised twice (Splink takes comparisons as independent). Not for postcodes
            # that are not UK ones (FEBRL's cover whole suburbs), where the address adds news.
            *(
                [
                    cll.CustomLevel(
                        "postcode_district_l IS NOT NULL AND postcode_district_r IS NOT NULL "
                        "AND postcode_l <> postcode_r"
                    ).configure(
                        label_for_charts="different, at a different postcode (weighed there)",
                        is_null_level=True,
                    )
                ]
                if "postcode_district" in columns
                else []
            ),
            _else(),
        ],
    )


def postcode_comparison(columns: set[str]) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="postcode, sector and district",
        comparison_levels=[
            _null("postcode"),
            cll.ExactMatchLevel("postcode", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            cll.LevenshteinLevel("postcode", 1).configure(
                label_for_charts="one character different"
            ),
            *(
                [
                    _level("postcode_sector_l = postcode_sector_r", "same sector"),
                    _level("postcode_district_l = postcode_district_r", "same district"),
                ]
                if "postcode_district" in columns
                else []
            ),
            _else(),
        ],
    )


def _exact_comparison(column: str, description: str, fuzzy: bool = False) -> ComparisonCreator:
    levels = [_null(column), _level(f"{column}_l = {column}_r", "exact")]
    if fuzzy:
        levels.append(_jw(column, 0.9))
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[*levels, _else()],
    )


def phone_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_description="phone (E.164)",
        comparison_levels=[
            _null("phone"),
            _level("phone_l = phone_r", "exact"),
            cll.LevenshteinLevel("phone", 1).configure(label_for_charts="one digit different"),
            _else(),
        ],
    )


_BUILDERS: dict[str, Callable[[set[str]], ComparisonCreator]] = {
    "first_name": first_name_comparison,
    "surname": lambda columns: surname_comparison(),
    "dob": lambda columns: dob_comparison(),
    "gender": lambda columns: _exact_comparison("gender", "gender"),
    "address": address_comparison,
    "postcode": postcode_comparison,
    "town": lambda columns: _exact_comparison("town", "town", fuzzy=True),
    "phone": lambda columns: phone_comparison(),
}


def settings_for(
    fields: Iterable[str], columns: Iterable[str] = (), frame: pd.DataFrame | None = None
) -> SettingsCreator:
    """Splink settings comparing the ``fields`` that have data (see :data:`FIELDS`),
    blocking as :func:`blocking_rules` does for the standardised ``frame``.

    ``columns`` are the standardised columns with data: a level whose columns are empty
    everywhere (aliases, UK postcode sectors in foreign data) is left out, because it can
    never fire and would only slow u estimation (its count never reaches the early stop).
    """
    present = [field for field in FIELDS if field in set(fields)]
    filled = set(columns)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[_BUILDERS[field](filled) for field in present],
        blocking_rules_to_generate_predictions=list[Any](blocking_rules(present, frame)),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


# What Splink raises when a sample is too small to estimate from (a prior of 0 or 1, an
# empty block): training then keeps what it has and carries on.
_TOO_LITTLE_DATA = (ValueError, ZeroDivisionError, ArithmeticError, SplinkException)


def _prior(linker: Any) -> float:
    value: float = linker._settings_obj._probability_two_random_records_match
    return value


def train(
    linker: Any,
    fields: Iterable[str],
    max_pairs: float,
    records: int,
    frame: pd.DataFrame | None = None,
) -> None:
    """Estimate λ from near-certain matches, u by seeded random sampling, m by EM.

    On inputs too small for an estimate (a few dozen records, say) a step that cannot be
    estimated is skipped: λ then stays at one expected match per record (1 / records), and
    m values EM could not reach keep Splink's defaults. Nothing is tuned by hand.
    """
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
    fallback_prior = min(0.5, 1.0 / max(records, 2))
    linker._settings_obj._probability_two_random_records_match = fallback_prior
    if deterministic:
        with suppress(*_TOO_LITTLE_DATA):
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    if not 0.0 < _prior(linker) < 1.0:
        linker._settings_obj._probability_two_random_records_match = fallback_prior
    # One pass, no probe: our rare levels (nickname, swapped names or day/month) never reach
    # Splink's early-stop count among random pairs, so chunking only adds queries.
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=SEED, num_chunks=1)
    for rule in training_rules(present, frame):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except _TOO_LITTLE_DATA:
            with suppress(*_TOO_LITTLE_DATA):
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule,
                    estimate_without_term_frequencies=True,
                    fix_probability_two_random_records_match=True,
                )


def settings_from_model(
    model: Mapping[str, Any], sql_dialect: str, frame: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Settings for ``sql_dialect`` carrying a trained ``model``'s parameters.

    A saved Splink model holds SQL for the backend it was trained on (DuckDB's Jaro-Winkler
    is not Spark's), so the comparisons are rebuilt for the target backend and λ, m and u
    copied across level by level (matched on comparison and label).
    """
    trained_levels: dict[tuple[str, str], Mapping[str, Any]] = {}
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            trained_levels[(comparison["output_column_name"], level.get("label_for_charts"))] = (
                level
            )
    fields = [c["output_column_name"] for c in model["comparisons"]]
    from linewatch.core.linking.standardise import COLUMNS

    fresh = settings_for(fields, COLUMNS, frame).create_settings_dict(sql_dialect)
    comparisons = []
    for comparison in fresh["comparisons"]:
        name = comparison["output_column_name"]
        levels = []
        for level in comparison["comparison_levels"]:
            trained = trained_levels.get((name, level.get("label_for_charts")))
            if trained is None:
                continue
            for key in ("m_probability", "u_probability"):
                if trained.get(key) is not None:
                    level[key] = trained[key]
            levels.append(level)
        comparison["comparison_levels"] = levels
        comparisons.append(comparison)
    fresh["comparisons"] = comparisons
    fresh["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    return fresh
