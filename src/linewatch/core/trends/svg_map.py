"""A server-rendered SVG map of one local authority: its LSOAs shaded by a count, with the
authority's outline (British National Grid, so distances are true). Used in the PDF report,
where Leaflet cannot run."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from html import escape

import numpy as np
import shapely

from linewatch.core.geography import authority_boundaries, lsoa_boundaries, wgs84_to_bng_arrays

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


@lru_cache(maxsize=16)
def _authority_shapes(
    la_code: str,
) -> tuple[shapely.Geometry, tuple[tuple[str, shapely.Geometry], ...]]:
    """The authority's outline and its LSOAs in BNG, simplified for drawing."""
    authorities = authority_boundaries()
    outline = to_bng(authorities.geometries[authorities.codes.index(la_code)])
    layer = lsoa_boundaries()
    lsoas = tuple(
        (code, shapely.simplify(to_bng(layer.geometries[i]), SIMPLIFY_M, preserve_topology=True))
        for i, code in enumerate(layer.codes)
        if layer.authority_codes[i] == la_code
    )
    return shapely.simplify(outline, SIMPLIFY_M, preserve_topology=True), lsoas


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
) -> str:
    """SVG of the authority ``la_code`` with each LSOA shaded by its count.

    With ``suppress_below`` the shading classes below the threshold merge into one
    "fewer than N" class, so the map shows nothing a suppressed table would not.
    """
    outline, lsoas = _authority_shapes(la_code)
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
        f'data-map="{escape(la_code)}"><title>{escape(title)}</title>'
    ]
    for code, shape in lsoas:
        count = counts_by_lsoa.get(code, 0)
        colour = next(c for low, c, _ in classes if count >= low)
        path = _path(shape, to_svg)
        parts.append(
            f'<path d="{path}" fill="{colour}" stroke="#ffffff" stroke-width="0.5" '
            f'data-lsoa="{escape(code)}"/>'
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
