"""The trends settings: a Django setting of the same name wins, else the environment variable.

``LINEWATCH_SUPPRESS_BELOW``      counts from 1 to this minus one are suppressed in partner and
                                  public reports (default 5)
``LINEWATCH_MAP_TILE_URL``        a tile server URL template for the maps (default none: the
                                  boundaries are the base layer, no internet needed)
``LINEWATCH_MAP_TILE_ATTRIBUTION`` the attribution the tile server asks for
``LINEWATCH_POPULATION_FILE``     a CSV ``area_code,population,year`` for rates per 1,000
                                  residents (default none: no rates, said in words)
"""

from __future__ import annotations

import os
from functools import lru_cache

from django.conf import settings

from linewatch.core.trends import DEFAULT_THRESHOLD, PopulationFileError, PopulationTable
from linewatch.core.trends import load_population as _load_population
from linewatch.web.configuration import ConfigurationError


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


def suppression_threshold() -> int:
    text = _setting("LINEWATCH_SUPPRESS_BELOW", str(DEFAULT_THRESHOLD))
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(
            f"LINEWATCH_SUPPRESS_BELOW={text!r}: expected a whole number of at least 1"
        )
    return value


def map_tile_url() -> str:
    return _setting("LINEWATCH_MAP_TILE_URL", "")


def map_tile_attribution() -> str:
    return _setting("LINEWATCH_MAP_TILE_ATTRIBUTION", "")


@lru_cache(maxsize=4)
def _population(path: str) -> PopulationTable:
    try:
        return _load_population(path or None)
    except PopulationFileError as error:
        raise ConfigurationError(f"LINEWATCH_POPULATION_FILE: {error}") from error


def population_table() -> PopulationTable:
    """The configured population figures (none when ``LINEWATCH_POPULATION_FILE`` is unset)."""
    return _population(_setting("LINEWATCH_POPULATION_FILE", ""))
