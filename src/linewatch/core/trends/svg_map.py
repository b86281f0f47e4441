"""A server-rendered SVG map of one local authority: its LSOAs, wards or NPAs shaded by a
count, with the authority's outline (British National Grid, so distances are true). Used in
the PDF report, where Leaflet cannot run."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from html import escape

import numpy as np
import shapely

from linewatch.core.geography import (
    authority_boundaries,
    lsoa_boundaries,
    ward_boundaries,
    wgs84_to_bng_arrays,
)
from linewatch.core.trends.levels import Level, npa_of_ward

SIZE = 520
CLASSES = (  # (lowest count, colour, legend)
    (20, "#003078", "20 or more"),
    (10, "#1d70b8", "10 to 19"),
    (5, "#5694ca", "5 to 9"),
    (1, "#c2d7ec", "1 to 4"),
    (0, "#f3f2f1", "none"),
)


def to_bng(geometry: shapely.Geometry) -> shapely.Geometry:
    def project(coords: np.ndarray) -> np.ndarray:
        xs, ys = wgs84_to_bng_arrays(coords[:, 0], coords[:, 1], check=False)
        return np.column_stack([xs, ys])

    return shapely.transform(geometry, project)


#: Metres: the map is about 500 px across an authority of 20-40 km, so 40 m is under a pixel.
SIMPLIFY_M = 40.0


def _npa_shapes(la_code: str) -> dict[str, shapely.Geometry]:
    """Each NPA of the authority as the union of its wards (WGS84)."""
    layer = ward_boundaries()
    codes = layer.codes_in(la_code)
    groups: dict[str, list[shapely.Geometry]] = {}
    for code in codes:
        groups.setdefault(npa_of_ward(code, la_code), []).append(layer.geometry_of(code))
    return {npa: shapely.union_all(parts) for npa, parts in groups.items() if npa}


def sub_area_shapes(la_code: str, level: Level) -> dict[str, shapely.Geometry]:
    """The WGS84 polygons of the authority's sub-areas at ``level``, by code (NPA: name)."""
    if level is Level.NPA:
        return _npa_shapes(la_code)
    if level is Level.LA:
        return {la_code: authority_boundaries().geometry_of(la_code)}
    layer = ward_boundaries() if level is Level.WARD else lsoa_boundaries()
    return {code: layer.geometry_of(code) for code in layer.codes_in(la_code)}


@lru_cache(maxsize=16)
def _authority_shapes(
    la_code: str, level: Level = Level.LSOA
) -> tuple[shapely.Geometry, tuple[tuple[str, shapely.Geometry], ...]]:
    """The authority's outline and its sub-areas in BNG, simplified for drawing."""
    authorities = authority_boundaries()
    outline = to_bng(authorities.geometries[authorities.codes.index(la_code)])
    areas = tuple(
        (code, shapely.simplify(to_bng(shape), SIMPLIFY_M, preserve_topology=True))
        for code, shape in sub_area_shapes(la_code, level).items()
    )
    return shapely.simplify(outline, SIMPLIFY_M, preserve_topology=True), areas


def _path(geometry: shapely.Geometry, to_svg: object) -> str:
    polygons = getattr(geometry, "geoms", [geometry])
    commands = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [to_svg(x, y) for x, y in ring.coords]  # type: ignore[operator]
            commands.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(commands)


def area_map(
    la_code: str,
    counts_by_lsoa: Mapping[str, int],
    *,
    title: str,
    suppress_below: int | None = None,
    level: Level = Level.LSOA,
) -> str:
    """SVG of the authority ``la_code`` with each sub-area (LSOA by default) shaded by its
    count (``counts_by_lsoa``, by sub-area code).

    With ``suppress_below`` the shading classes below the threshold merge into one
    "fewer than N" class, so the map shows nothing a suppressed table would not.
    """
    outline, lsoas = _authority_shapes(la_code, level)
    minx, miny, maxx, maxy = outline.bounds
    scale = (SIZE - 20) / max(maxx - minx, maxy - miny)

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return 10 + (x - minx) * scale, 10 + (maxy - y) * scale

    height = 20 + (maxy - miny) * scale
    classes = list(CLASSES)
    if suppress_below:
        classes = [c for c in classes if c[0] >= suppress_below or c[0] == 0]
        classes.insert(-1, (1, "#c2d7ec", f"fewer than {suppress_below}"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lw-map-svg" role="img" '
        f'viewBox="0 0 {SIZE} {height + 30:.0f}" width="{SIZE}" height="{height + 30:.0f}" '
        f'data-map="{escape(la_code)}" data-level="{level.value}"><title>{escape(title)}</title>'
    ]
    for code, shape in lsoas:
        count = counts_by_lsoa.get(code, 0)
        colour = next(c for low, c, _ in classes if count >= low)
        path = _path(shape, to_svg)
        parts.append(
            f'<path d="{path}" fill="{colour}" stroke="#ffffff" stroke-width="0.5" '
            f'data-{level.value}="{escape(code)}"/>'
        )
    parts.append(
        f'<path d="{_path(outline, to_svg)}" fill="none" stroke="#0b0c0c" stroke-width="1.5"/>'
    )
    x = 10.0
    for _, colour, legend in reversed(classes):
        parts.append(
            f'<rect x="{x:.0f}" y="{height + 8:.0f}" width="12" height="12" fill="{colour}" '
            f'stroke="#505a5f" stroke-width="0.5"/><text x="{x + 16:.0f}" y="{height + 18:.0f}" '
            f'font-size="10" font-family="Arial, sans-serif" fill="#0b0c0c">{escape(legend)}</text>'
        )
        x += 22 + 6 * len(legend)
    parts.append("</svg>")
    return "".join(parts)
