"""Rebuild the packaged place tables from the real public data (run by hand, not at runtime).

    python -m linewatch.simulate.data.build_places /work/shared/data

Reads the data.police.uk Leicestershire street files (snap points: "On or near <street>",
LSOA) and the packaged Code-Point Open postcodes, and writes

- ``street_points.csv.gz``: every distinct LLR snap point (id, lon, lat, location, LSOA);
- ``postcode_places.csv.gz``: each LLR postcode with its nearest snap point and the nearest
  snap point that names a street (used to make house addresses).
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CODEPOINT = HERE.parent.parent / "data" / "geography" / "codepoint_open_2014_08.csv.gz"
LLR_LA_NAMES = (
    "Blaby",
    "Charnwood",
    "Harborough",
    "Hinckley and Bosworth",
    "Leicester",
    "Melton",
    "North West Leicestershire",
    "Oadby and Wigston",
    "Rutland",
)
STREET_WORDS = (
    "Road",
    "Street",
    "Close",
    "Lane",
    "Avenue",
    "Way",
    "Drive",
    "Crescent",
    "Gardens",
    "Court",
    "Place",
    "Grove",
    "Walk",
    "Terrace",
    "Rise",
    "View",
    "Green",
    "Square",
    "Row",
    "Mews",
    "Hill",
    "Gate",
    "Croft",
    "Park",
    "Parade",
    "Fields",
    "Vale",
    "Meadow",
    "End",
)


def _is_street(location: str) -> bool:
    name = location.removeprefix("On or near ")
    return name.split(" ")[-1] in STREET_WORDS and not name.startswith(("Sports", "Park/"))


def main(shared: Path) -> None:
    """Write both tables from the shared data folder ``shared``."""
    points: dict[tuple[str, str], tuple[str, str, str]] = {}
    for path in sorted((shared / "police-uk-leicestershire-street").glob("*-street.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = row["LSOA name"].rsplit(" ", 1)[0]
                if row["Longitude"] and row["LSOA code"] and name in LLR_LA_NAMES:
                    key = (row["Longitude"], row["Latitude"])
                    points[key] = (row["Location"], row["LSOA code"], row["LSOA name"])
    ordered = sorted(points.items(), key=lambda kv: (kv[1][1], kv[1][0], kv[0]))
    with gzip.open(HERE / "street_points.csv.gz", "wt", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["point_id", "lon", "lat", "location", "lsoa_code", "lsoa_name"])
        for index, ((lon, lat), (location, code, name)) in enumerate(ordered):
            writer.writerow([index, lon, lat, location, code, name])
    lons = np.array([float(k[0]) for k, _ in ordered])
    lats = np.array([float(k[1]) for k, _ in ordered])
    street = np.array([_is_street(v[0]) for _, v in ordered])
    scale = np.cos(np.radians(52.65))
    with gzip.open(CODEPOINT, "rt", encoding="utf-8") as handle:
        postcodes = sorted(csv.DictReader(handle), key=lambda r: r["Postcode"])
    with gzip.open(HERE / "postcode_places.csv.gz", "wt", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "postcode",
                "easting",
                "northing",
                "la_code",
                "ward_code",
                "lat",
                "lon",
                "point_id",
                "street",
            ]
        )
        for row in postcodes:
            plat, plon = float(row["lat"]), float(row["lon"])
            dist = ((lons - plon) * scale) ** 2 + (lats - plat) ** 2
            nearest = int(np.argmin(dist))
            street_dist = np.where(street, dist, np.inf)
            street_name = ordered[int(np.argmin(street_dist))][1][0].removeprefix("On or near ")
            pc = row["Postcode"].replace(" ", "")
            pc = f"{pc[:-3]} {pc[-3:]}"
            writer.writerow(
                [
                    pc,
                    row["Eastings"],
                    row["Northings"],
                    row["Admin_district_code"],
                    row["Admin_ward_code"],
                    row["lat"],
                    row["lon"],
                    nearest,
                    street_name,
                ]
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
