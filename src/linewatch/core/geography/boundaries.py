"""Packaged LLR boundary layers (LAD 2013, ward 2013, LSOA 2011) with an STRtree each.

Geometries are ONS generalised clipped boundaries in WGS84. A few source polygons
self-intersect, so they are repaired with ``make_valid`` on load. Each layer is built once.

For speed the tree does not hold the areas themselves but their pieces cut on a grid of
:data:`TILE_DEGREES` squares: a point-in-polygon test against a piece of a few dozen vertices
is far cheaper than one against a district of thousands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from linewatch.core.geography.errors import UnknownArea
from linewatch.core.geography.reference_data import read_bytes

ObjectArray = NDArray[np.object_]

#: Side of the grid squares the areas are cut into for the tree (about 1.4 km by 2.2 km).
TILE_DEGREES = 0.02
#: Areas with at most this many vertices are kept whole.
SMALL_AREA_VERTICES = 100


@dataclass(frozen=True, eq=False)
class AreaLayer:
    """One boundary layer: codes, names, the authority of each area, geometries and a tree."""

    kind: str
    vintage: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    authority_codes: tuple[str, ...]
    geometries: ObjectArray
    tree: shapely.STRtree = field(repr=False)
    _piece_area: NDArray[np.intp] = field(repr=False)
    _codes_or_none: ObjectArray = field(repr=False)
    _index: dict[str, int] = field(repr=False)

    @classmethod
    def build(
        cls,
        kind: str,
        vintage: str,
        codes: tuple[str, ...],
        names: tuple[str, ...],
        authority_codes: tuple[str, ...],
        geometries: ObjectArray,
    ) -> AreaLayer:
        """Build the layer and its STRtree; ``codes`` must be unique."""
        # The trailing None lets index -1 ("no area") map to None in one numpy take.
        codes_or_none = np.array([*codes, None], dtype=object)
        index = {code: i for i, code in enumerate(codes)}
        pieces, piece_area = _cut_on_grid(geometries)
        return cls(
            kind,
            vintage,
            codes,
            names,
            authority_codes,
            geometries,
            shapely.STRtree(pieces),
            piece_area,
            codes_or_none,
            index,
        )

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def index_of(self, code: str) -> int:
        """Position of ``code``; raises :class:`UnknownArea` when it is not in the layer."""
        try:
            return self._index[code]
        except KeyError:
            raise UnknownArea(
                f"{code!r} is not an LLR {self.kind} code ({self.vintage}); expected one of "
                f"the {len(self.codes)} codes such as {self.codes[0]!r}"
            ) from None

    def name_of(self, code: str) -> str:
        """The area's name, e.g. ``"Charnwood 012B"`` for an LSOA."""
        return self.names[self.index_of(code)]

    def authority_of(self, code: str) -> str:
        """The GSS code of the local authority that contains the area."""
        return self.authority_codes[self.index_of(code)]

    def geometry_of(self, code: str) -> shapely.Geometry:
        """The area's WGS84 (lon/lat) polygon."""
        geometry: shapely.Geometry = self.geometries[self.index_of(code)]
        return geometry

    def codes_in(self, authority_code: str) -> tuple[str, ...]:
        """Codes of the areas in one local authority, in code order."""
        return tuple(c for c, la in zip(self.codes, self.authority_codes, strict=True)
                     if la == authority_code)  # fmt: skip

    def indices_at(self, lons: ArrayLike, lats: ArrayLike) -> NDArray[np.intp]:
        """For each WGS84 point the index of the area that covers it, or -1 for none.

        A point on a shared edge goes to the area with the lowest index, so the answer is
        deterministic.
        """
        points = shapely.points(np.asarray(lons, np.float64), np.asarray(lats, np.float64))
        flat = np.atleast_1d(points).ravel()
        point_idx, piece_idx = self.tree.query(flat, predicate="intersects")
        area_idx = self._piece_area[piece_idx]
        result = np.full(flat.shape, -1, dtype=np.intp)
        if point_idx.size:
            order = np.lexsort((area_idx, point_idx))
            point_idx, area_idx = point_idx[order], area_idx[order]
            first = np.flatnonzero(np.r_[True, point_idx[1:] != point_idx[:-1]])
            result[point_idx[first]] = area_idx[first]
        return result.reshape(np.shape(points))

    def codes_at(self, lons: ArrayLike, lats: ArrayLike) -> ObjectArray:
        """For each WGS84 point the code of the area that covers it, or None outside."""
        result: ObjectArray = self._codes_or_none[self.indices_at(lons, lats)]
        return result


def _cut_on_grid(geometries: ObjectArray) -> tuple[ObjectArray, NDArray[np.intp]]:
    """Cut each geometry on the tile grid; return the pieces and the area index of each."""
    area_of_tile: list[int] = []
    tiles: list[shapely.Geometry] = []
    sizes = shapely.get_num_coordinates(geometries)
    for i, (min_x, min_y, max_x, max_y) in enumerate(shapely.bounds(geometries)):
        if sizes[i] <= SMALL_AREA_VERTICES:
            tiles.append(shapely.box(min_x, min_y, max_x, max_y))
            area_of_tile.append(i)
            continue
        xs = np.arange(np.floor(min_x / TILE_DEGREES), np.ceil(max_x / TILE_DEGREES))
        ys = np.arange(np.floor(min_y / TILE_DEGREES), np.ceil(max_y / TILE_DEGREES))
        gx, gy = (g.ravel() * TILE_DEGREES for g in np.meshgrid(xs, ys))
        tiles.extend(shapely.box(gx, gy, gx + TILE_DEGREES, gy + TILE_DEGREES))
        area_of_tile.extend([i] * gx.size)
    owners = np.asarray(area_of_tile, dtype=np.intp)
    pieces = shapely.intersection(geometries[owners], np.asarray(tiles, dtype=object))
    keep = shapely.area(pieces) > 0
    return pieces[keep], owners[keep]


def _load_layer(
    file_name: str, kind: str, vintage: str, code_key: str, name_key: str, la_key: str
) -> AreaLayer:
    raw = read_bytes(file_name)
    properties = [f["properties"] for f in json.loads(raw)["features"]]
    # One GEOS parse of the whole collection is several times faster than one per feature.
    geometries = shapely.get_parts(shapely.from_geojson(raw))
    invalid = ~shapely.is_valid(geometries)
    geometries[invalid] = shapely.make_valid(
        geometries[invalid], method="structure", keep_collapsed=False
    )
    return AreaLayer.build(
        kind=kind,
        vintage=vintage,
        codes=tuple(p[code_key] for p in properties),
        names=tuple(p[name_key] for p in properties),
        authority_codes=tuple(p[la_key] for p in properties),
        geometries=geometries,
    )


@lru_cache(maxsize=1)
def authority_boundaries() -> AreaLayer:
    """The nine LLR local authority districts (LAD 2013)."""
    return _load_layer("lad2013.geojson.gz", "local authority", "LAD 2013",
                       "LAD13CD", "LAD13NM", "LAD13CD")  # fmt: skip


@lru_cache(maxsize=1)
def ward_boundaries() -> AreaLayer:
    """The 171 LLR electoral wards (wards 2013; Code-Point Open 2014 uses the same codes)."""
    return _load_layer("wards2013.geojson.gz", "ward", "wards 2013",
                       "WD13CD", "WD13NM", "LAD13CD")  # fmt: skip


@lru_cache(maxsize=1)
def lsoa_boundaries() -> AreaLayer:
    """The 611 LLR lower layer super output areas (LSOA 2011, as used by police.uk)."""
    return _load_layer("lsoa2011.geojson.gz", "LSOA", "LSOA 2011",
                       "LSOA11CD", "LSOA11NM", "LAD13CD")  # fmt: skip
