"""Linking person records: standardise, train by EM, score pairs, cluster with decisions."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from linewatch.core.linking.backends import database_api, register
from linewatch.core.linking.clustering import cluster, pair_key
from linewatch.core.linking.model import (
    SEED,
    blocking_rules,
    settings_for,
    settings_from_model,
    train,
)
from linewatch.core.linking.records import LinkResult, PersonRecord, ScoredPair, classify
from linewatch.core.linking.standardise import standardise_records

__all__ = ["PAIR_FLOOR", "TRAIN_RECORDS", "link_new_persons", "link_persons"]

#: Pairs scored below this probability are not returned (they are not worth a look).
PAIR_FLOOR = 0.05
#: Random pairs sampled to estimate u (seeded, so runs repeat). 300,000 gave the same F1
#: as 1,000,000 on FEBRL3, FEBRL4 and the simulated people in a third of the training time.
U_SAMPLE_PAIRS = 3e5
#: Inputs larger than this are trained on a seeded sample of this many records (λ, u and
#: m are per pair, so a uniform sample estimates the same values); all are then scored.
TRAIN_RECORDS = 200_000
# Which standardised column shows that a field has data at all.
_FIELD_COLUMNS = {
    "first_name": "first_name",
    "surname": "surname",
    "dob": "dob_year",
    "gender": "gender",
    "address": "address",
    "postcode": "postcode",
    "town": "town",
    "phone": "phone",
}


def _check(records: Sequence[PersonRecord], auto_link: float, review_floor: float) -> None:
    classify(auto_link, auto_link, review_floor)  # validates the thresholds
    seen: set[str] = set()
    duplicates: list[str] = []
    for record in records:
        if not record.record_id:
            raise ValueError("every record needs a record_id; one is blank")
        if record.record_id in seen:
            duplicates.append(record.record_id)
        seen.add(record.record_id)
    if duplicates:
        shown = ", ".join(repr(d) for d in sorted(set(duplicates))[:5])
        raise ValueError(f"record ids must be unique; repeated: {shown}")


def _present_fields(frame: pd.DataFrame) -> list[str]:
    return [field for field, column in _FIELD_COLUMNS.items() if frame[column].notna().any()]


def _filled_columns(frame: pd.DataFrame) -> list[str]:
    return [column for column in frame.columns if frame[column].notna().any()]


def _quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def _labels(linker: Any) -> dict[str, dict[int, str]]:
    labels: dict[str, dict[int, str]] = {}
    for comparison in linker._settings_obj.comparisons:
        labels[comparison.output_column_name] = {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
    return labels


def _frame(splink_frame: Any) -> pd.DataFrame:
    frame: pd.DataFrame = splink_frame.as_pandas_dataframe()
    return frame


def _scored_pairs(predictions: pd.DataFrame, labels: dict[str, dict[int, str]]) -> list[ScoredPair]:
    fields = list(labels)
    size = len(predictions)
    label_columns = []
    weight_columns = []
    for field in fields:
        gammas = predictions[f"gamma_{field}"].astype(int)
        label_columns.append(gammas.map(lambda g, f=field: labels[f].get(g, str(g))).tolist())
        weight = predictions[f"mw_{field}"].astype(float).fillna(0.0)
        if f"mw_tf_adj_{field}" in predictions:
            weight = weight + predictions[f"mw_tf_adj_{field}"].astype(float).fillna(0.0)
        weight_columns.append(weight.round(4).tolist())
    lefts = predictions["unique_id_l"].astype(str).tolist()
    rights = predictions["unique_id_r"].astype(str).tolist()
    probabilities = predictions["match_probability"].astype(float).tolist()
    match_weights = predictions["match_weight"].astype(float).tolist()
    pairs: list[ScoredPair] = []
    for index in range(size):
        left, right = pair_key(lefts[index], rights[index])
        pairs.append(
            ScoredPair(
                left_id=left,
                right_id=right,
                probability=probabilities[index],
                match_weight=match_weights[index],
                comparisons={f: label_columns[i][index] for i, f in enumerate(fields)},
                weights={f: weight_columns[i][index] for i, f in enumerate(fields)},
            )
        )
    pairs.sort(key=lambda pair: (-pair.probability, pair.left_id, pair.right_id))
    return pairs


def _best(
    ids: Sequence[str], pairs: Sequence[ScoredPair], decisions: Mapping[tuple[str, str], bool]
) -> dict[str, float]:
    best = dict.fromkeys(ids, 0.0)
    for pair in pairs:
        if decisions.get((pair.left_id, pair.right_id)) is False:
            continue
        for record in (pair.left_id, pair.right_id):
            if record in best and pair.probability > best[record]:
                best[record] = pair.probability
    for (left, right), confirmed in decisions.items():
        if confirmed and left in best and right in best:
            best[left] = best[right] = 1.0
    return best


def _normalised(decisions: Mapping[tuple[str, str], bool]) -> dict[tuple[str, str], bool]:
    return {pair_key(str(a), str(b)): bool(value) for (a, b), value in decisions.items()}


def _result(
    ids: Sequence[str],
    pairs: list[ScoredPair],
    auto_link: float,
    decisions: dict[tuple[str, str], bool],
    model: dict[str, Any] | None,
    existing_entity_of: Mapping[str, str] | None = None,
) -> LinkResult:
    links = [(p.left_id, p.right_id, p.probability) for p in pairs if p.probability >= auto_link]
    entity_of, conflicts = cluster(ids, links, decisions, existing_entity_of)
    return LinkResult(
        pairs=pairs,
        entity_of=entity_of,
        best_probability=_best(ids, pairs, decisions),
        model=model,
        conflicts=conflicts,
    )


def link_persons(
    records: Sequence[PersonRecord],
    *,
    backend: str = "duckdb",
    auto_link: float = 0.95,
    review_floor: float = 0.5,
    decisions: Mapping[tuple[str, str], bool] = {},
) -> LinkResult:
    """Resolve ``records`` into entities.

    Trains a Splink model on the records themselves (u by seeded random sampling, m by
    EM), scores candidate pairs, returns every pair with probability >= :data:`PAIR_FLOOR`,
    and clusters pairs at or above ``auto_link`` — with ``decisions`` (pair → confirmed?)
    overriding the model. Pairs between ``review_floor`` and ``auto_link`` are the review
    queue (see :func:`classify`). Raises ``ValueError`` for repeated or blank ids.

    >>> result = link_persons([PersonRecord("a", "Jay", "Smith"), PersonRecord("b")])
    >>> result.entity_of
    {'a': 'a', 'b': 'b'}
    """
    _check(records, auto_link, review_floor)
    chosen = _normalised(decisions)
    ids = [record.record_id for record in records]
    frame = standardise_records(records)
    fields = _present_fields(frame)
    if len(records) < 3 or not blocking_rules(fields):
        return _result(ids, [], auto_link, chosen, None)
    _quiet_splink()
    from splink import Linker

    db_api = database_api(backend)
    filled = _filled_columns(frame)
    if len(frame) <= TRAIN_RECORDS:
        table = register(db_api, backend, frame, "persons")
        linker = Linker(table, settings_for(fields, filled, frame), log_level=None)
        train(linker, fields, max_pairs=U_SAMPLE_PAIRS, records=len(frame), frame=frame)
    else:
        sample = frame.sample(n=TRAIN_RECORDS, random_state=SEED).reset_index(drop=True)
        sample_table = register(db_api, backend, sample, "persons_sample")
        trainer = Linker(sample_table, settings_for(fields, filled, sample), log_level=None)
        train(trainer, fields, max_pairs=U_SAMPLE_PAIRS, records=len(sample), frame=sample)
        trained = trainer.misc.save_model_to_json()
        settings = settings_from_model(trained, db_api.sql_dialect.sql_dialect_str, frame)
        table = register(db_api, backend, frame, "persons")
        linker = Linker(table, settings, log_level=None)
    predictions = linker.inference.predict(threshold_match_probability=PAIR_FLOOR)
    pairs = _scored_pairs(_frame(predictions), _labels(linker))
    model = linker.misc.save_model_to_json()
    return _result(ids, pairs, auto_link, chosen, model)


def link_new_persons(
    existing: Sequence[PersonRecord],
    existing_entity_of: Mapping[str, str],
    new: Sequence[PersonRecord],
    *,
    backend: str = "duckdb",
    auto_link: float = 0.95,
    review_floor: float = 0.5,
    decisions: Mapping[tuple[str, str], bool] = {},
    model: Mapping[str, Any] | None = None,
) -> LinkResult:
    """Link ``new`` records to ``existing`` ones (and to each other) without re-scoring
    existing pairs.

    With ``model`` (a previous :attr:`LinkResult.model`) the trained parameters are
    reused; otherwise they are trained once on existing and new records together.
    Only pairs involving a new record are scored and returned. Existing records keep
    their entity ids; a new record that links joins the entity of its best link (model
    links never merge two existing entities). ``entity_of`` covers every record.
    """
    _check([*existing, *new], auto_link, review_floor)
    chosen = _normalised(decisions)
    known = {str(k): str(v) for k, v in existing_entity_of.items()}
    ids = [record.record_id for record in (*existing, *new)]
    for record in existing:
        known.setdefault(record.record_id, record.record_id)
    if not new:
        return _result(ids, [], auto_link, chosen, dict(model) if model else None, known)
    old_frame = standardise_records(existing)
    new_frame = standardise_records(new)
    both = pd.concat([old_frame, new_frame], ignore_index=True)
    fields = _present_fields(both)
    if len(both) < 3 or not blocking_rules(fields):
        return _result(ids, [], auto_link, chosen, dict(model) if model else None, known)
    _quiet_splink()
    from splink import Linker

    db_api = database_api(backend)
    all_table = register(db_api, backend, both, "persons_all")
    if model is None:
        settings: Any = settings_for(fields, _filled_columns(both), both)
    else:
        settings = settings_from_model(model, db_api.sql_dialect.sql_dialect_str, both)
    linker = Linker(all_table, settings, log_level=None)
    if model is None:
        train(linker, fields, max_pairs=U_SAMPLE_PAIRS, records=len(both), frame=both)
    for comparison in linker._settings_obj.comparisons:
        for column in comparison._tf_adjustment_input_col_names:
            linker.table_management.compute_tf_table(column)
    new_table = register(db_api, backend, new_frame, "persons_new")
    frames = [
        _frame(
            linker.inference.predict_within(
                new_table, threshold_match_probability=PAIR_FLOOR, warning_mode="never"
            )
        )
    ]
    if len(old_frame):
        old_table = register(db_api, backend, old_frame, "persons_existing")
        frames.append(
            _frame(
                linker.inference.predict_between(
                    new_table,
                    old_table,
                    threshold_match_probability=PAIR_FLOOR,
                    warning_mode="never",
                )
            )
        )
    predictions = pd.concat(frames, ignore_index=True)
    pairs = _scored_pairs(predictions, _labels(linker))
    return _result(ids, pairs, auto_link, chosen, linker.misc.save_model_to_json(), known)
