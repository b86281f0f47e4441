"""The peers ``python -m bench linking`` runs against our pipeline.

- **Plain Splink**, configured as its own documentation does: the FEBRL3 and FEBRL4
  examples (``docs/demos/examples/duckdb/febrl3`` / ``febrl4``, the "detailed" model) and,
  for the simulated people, the ``deduplicate_50k_synthetic`` example
  (ForenameSurnameComparison, DateOfBirthComparison, PostcodeComparison), adapted to the
  columns the data has. By default the FEBRL models leave out ``soc_sec_id`` so every
  linker sees the same fields (our person fields have no identity number);
  ``with_ssn=True`` is the documented model as written.
  For the simulated people Splink gets the cleaning an analyst would do in SQL first:
  lower-case names, dates read in the agencies' common formats, postcodes upper-cased
  with one space, phones as their last ten digits.
- **recordlinkage**, its documented deduplication/linking recipe widened: candidate
  pairs from blocks on given name, surname, date of birth and postcode; Jaro-Winkler
  (0.85) on names and street, exact on the rest; a pair links when more than three of
  the comparisons agree (the docs' ``features.sum(axis=1) > 3``).

Every peer clusters what it links (Splink at the same 0.95 threshold as ours; connected
components of recordlinkage's pairs), so all are scored on entities.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb

from bench.linking_data import LinkCase, components

THRESHOLD = 0.95
U_PAIRS = 1e6


def _splink_entities(linker: object, frame_ids: list[str]) -> dict[str, str]:
    predictions = linker.inference.predict(threshold_match_probability=0.2)  # type: ignore[attr-defined]
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(  # type: ignore[attr-defined]
        predictions, threshold_match_probability=THRESHOLD
    ).as_pandas_dataframe()
    entity_of = {
        str(k): str(v) for k, v in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    }
    for record in frame_ids:
        entity_of.setdefault(record, record)
    return entity_of


def plain_splink_febrl(case: LinkCase, *, with_ssn: bool = False) -> dict[str, str]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    link_only = "source_dataset" in case.frame
    ssn = [block_on("soc_sec_id")] if with_ssn else []
    if link_only:
        rules: list[Any] = [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            *ssn,
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ]
        comparisons: list[Any] = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            *([cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2])] if with_ssn else []),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ]
        deterministic: list[Any] = [*ssn, block_on("given_name", "surname", "date_of_birth")]
        recall = 0.8
        em_rules = [block_on("date_of_birth"), block_on("postcode")]
    else:
        rules = [
            *ssn,
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ]
        comparisons = [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            *([cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2])] if with_ssn else []),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ]
        deterministic = [
            *ssn,
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name and "
            "l.date_of_birth = r.date_of_birth",
        ]
        recall = 0.9
        em_rules = [block_on("date_of_birth"), block_on("postcode")]
    frame = case.frame.replace({"": None})
    db_api = DuckDBAPI()
    if link_only:
        tables = [
            db_api.register(part.drop(columns=["source_dataset"]), table_name=f"febrl_{name}")
            for name, part in frame.groupby("source_dataset")
        ]
    else:
        tables = [db_api.register(frame)]
    settings = SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(tables if link_only else tables[0], settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=2)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    entity_of = _splink_entities(linker, list(case.frame["unique_id"]))
    return {_febrl_id(k): v for k, v in entity_of.items()}


def _febrl_id(record: str) -> str:
    # link_only clusters name records "<source>-__-<id>"; our ids are the raw rec_ids
    return record.split("-__-")[-1]


_CLEAN_PEOPLE = """
select
    unique_id,
    nullif(lower(trim(first_name)), '') as first_name,
    nullif(lower(trim(surname)), '') as surname,
    nullif(lower(trim(first_name)) || ' ' || lower(trim(surname)), ' ')
        as first_name_surname_concat,
    cast(coalesce(
        try_strptime(left(trim(dob), 10), '%Y-%m-%d'),
        try_strptime(trim(dob), '%d/%m/%Y'),
        try_strptime(trim(dob), '%d-%m-%Y'),
        try_strptime(trim(dob), '%d.%m.%Y')
    ) as date) as dob,
    case when length(regexp_replace(upper(postcode), '[^A-Z0-9]', '', 'g')) between 5 and 7
        then regexp_replace(regexp_replace(upper(postcode), '[^A-Z0-9]', '', 'g'),
                            '(...)$', ' \\1')
    end as postcode,
    nullif(lower(trim(gender)), '') as gender,
    nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 10), '') as phone
from people
"""


def plain_splink_people(case: LinkCase) -> dict[str, str]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    connection = duckdb.connect()
    connection.register("people", case.frame)
    cleaned = connection.sql(_CLEAN_PEOPLE).df()
    rules: list[Any] = [
        block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode", "first_name"),
        block_on("postcode", "surname"),
        block_on("substr(postcode,1,3)", "dob"),
        block_on("substr(postcode,1,3)", "first_name"),
        block_on("substr(postcode,1,3)", "surname"),
        block_on("substr(first_name,1,2)", "substr(surname,1,2)", "year(dob)"),
        block_on("phone"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("phone"),
        ],
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(cleaned), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("first_name", "surname", "dob"),
            block_on("substr(first_name,1,2)", "surname", "substr(postcode,1,2)"),
            block_on("dob", "postcode"),
        ],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=2)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return _splink_entities(linker, list(case.frame["unique_id"]))


def recordlinkage_febrl(case: LinkCase) -> dict[str, str]:
    import recordlinkage

    frame = case.frame.set_index("unique_id").replace({"": None})
    indexer = recordlinkage.Index()
    for column in ("given_name", "surname", "date_of_birth", "postcode"):
        indexer.block(column)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.exact("street_number", "street_number")
    compare.exact("postcode", "postcode")
    if "source_dataset" in frame:
        left = frame[frame["source_dataset"] == "a"]
        right = frame[frame["source_dataset"] == "b"]
        pairs = indexer.index(left, right)
        features = compare.compute(pairs, left, right)
    else:
        pairs = indexer.index(frame)
        features = compare.compute(pairs, frame)
    matches = features[features.sum(axis=1) > 3].index
    return components(list(frame.index), [(str(a), str(b)) for a, b in matches])
