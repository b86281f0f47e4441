"""Read the reference files packaged under ``linewatch/data/geography``.

Files are found with :mod:`importlib.resources`, so they load from a source tree or a wheel.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

DATA_PACKAGE = "linewatch"
DATA_DIR = ("data", "geography")


def resource(name: str) -> Traversable:
    """The packaged geography file called ``name``."""
    return files(DATA_PACKAGE).joinpath(*DATA_DIR, name)


def read_bytes(name: str) -> bytes:
    """The bytes of a packaged file, decompressed when the name ends in ``.gz``."""
    data = resource(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def read_text(name: str) -> str:
    """The UTF-8 text of a packaged file."""
    return read_bytes(name).decode("utf-8")


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a packaged CSV file, as dictionaries keyed by the header."""
    return list(csv.DictReader(io.StringIO(read_text(name))))


def read_geojson_features(name: str) -> list[dict[str, Any]]:
    """The features of a packaged GeoJSON FeatureCollection."""
    collection: dict[str, Any] = json.loads(read_bytes(name))
    features: list[dict[str, Any]] = collection["features"]
    return features
