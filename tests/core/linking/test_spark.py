"""The same linkage on Splink's Spark backend (pyspark local mode) gives the same links.

Parameters are trained once on DuckDB and carried to Spark by ``link_new_persons(...,
model=...)``: the comparisons are rebuilt in Spark SQL and scored there, so blocking,
comparison levels, scoring and clustering all run on Spark. Training on Spark runs the
same code (``link_persons(..., backend="spark")``) but takes minutes even on 50 records,
because every EM iteration is a Spark job.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from linewatch.core.linking import link_new_persons, link_persons

from .people import population

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime"),
]


def test_spark_and_duckdb_give_the_same_links() -> None:
    records, truth = population(people=40, duplicates=12)
    records = [dataclasses.replace(r, address="", phone="") for r in records]
    trained = link_persons(records)
    on_duckdb = link_new_persons([], {}, records, model=trained.model)
    on_spark = link_new_persons([], {}, records, model=trained.model, backend="spark")
    assert on_spark.entity_of == on_duckdb.entity_of == trained.entity_of
    duckdb_pairs = {(p.left_id, p.right_id): p for p in on_duckdb.pairs}
    spark_pairs = {(p.left_id, p.right_id): p for p in on_spark.pairs}
    assert set(spark_pairs) == set(duckdb_pairs)
    for key, pair in spark_pairs.items():
        assert pair.probability == pytest.approx(duckdb_pairs[key].probability, abs=1e-6)
        assert pair.comparisons == duckdb_pairs[key].comparisons
    linked = sum(1 for record, entity in on_spark.entity_of.items() if record != entity)
    assert linked >= 10  # the duplicates were found, not just agreed on
    assert all(truth[r] == truth[e] for r, e in on_spark.entity_of.items())
