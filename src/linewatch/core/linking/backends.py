"""Where Splink runs: DuckDB in memory (default) or Spark in local mode.

Both get the same standardised table and the same settings; only the database API and
the way a pandas frame is handed over differ (Spark needs an explicit all-text schema,
because a column that is blank in every row has no type to infer).
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import cache
from typing import Any

import pandas as pd

__all__ = ["BACKENDS", "UnknownBackend", "database_api", "register"]

BACKENDS = ("duckdb", "spark")


class UnknownBackend(ValueError):
    pass


@cache
def spark_session() -> Any:
    """One local Spark session for the process (2 threads, few shuffle partitions)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: no network needed
    session = (
        SparkSession.builder.master("local[2]")
        .appName("linewatch-linking")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "false")
        # Splink's Jaro-Winkler and other string similarities are Scala UDFs in this jar.
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(
        os.path.join(tempfile.gettempdir(), "linewatch-spark-checkpoints")
    )
    return session


def database_api(backend: str) -> Any:
    """A fresh Splink database API for ``backend`` (``"duckdb"`` or ``"spark"``)."""
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        from splink import SparkAPI

        api: Any = SparkAPI
        return api(spark_session=spark_session(), break_lineage_method="persist")
    raise UnknownBackend(f"unknown linkage backend {backend!r}; choose from {', '.join(BACKENDS)}")


def register(db_api: Any, backend: str, frame: pd.DataFrame, name: str) -> Any:
    """Hand the standardised ``frame`` to the backend as a Splink table named ``name``."""
    if backend == "spark":
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(column, StringType(), True) for column in frame])
        rows = [
            tuple(None if value is None else str(value) for value in row)
            for row in frame.itertuples(index=False, name=None)
        ]
        table = spark_session().createDataFrame(rows, schema=schema)
        return db_api.register(table, table_name=name)
    return db_api.register(frame, table_name=name)
