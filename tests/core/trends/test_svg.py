"""The server-drawn charts and map: well-formed SVG, accessible, and nothing suppressed drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from linewatch.core.trends import CountTable, Quarter, SourceCount, area_map, bar_chart
from linewatch.core.trends.series import category_trend

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


Q4 = Quarter(2020, 4)


def _table() -> CountTable:
    return CountTable.tally(
        [
            SourceCount("E07000130", Q4, "street_crime", "Drugs", "", 42),
            SourceCount("E07000130", Q4.previous(), "street_crime", "Drugs", "", 3),
        ]
    )


def test_a_bar_per_quarter_with_data_labelled_for_screen_readers() -> None:
    trend = category_trend(_table(), "E07000130", Q4, "drugs", threshold=5, suppress=False)
    root = parse(bar_chart(trend, chart_id="c"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Drug offences (police.uk), by quarter"  # type: ignore[union-attr]
    description = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "Q4 2020: 42" in description
    assert "Q3 2020: 3" in description
    assert "Q2 2020: no data" in description
    assert len(root.findall(f"{SVG}rect")) == 2


def test_report_charts_have_no_bar_tooltips_but_the_same_bars_and_description() -> None:
    trend = category_trend(_table(), "E07000130", Q4, "drugs", threshold=5, suppress=False)
    page, report = bar_chart(trend, chart_id="c"), bar_chart(trend, chart_id="c", tooltips=False)
    page_root, report_root = parse(page), parse(report)
    assert [r.find(f"{SVG}title").text for r in page_root.findall(f"{SVG}rect")] == [  # type: ignore[union-attr]
        "Q3 2020: 3",
        "Q4 2020: 42",
    ]
    assert all(r.find(f"{SVG}title") is None for r in report_root.findall(f"{SVG}rect"))
    assert [r.attrib for r in report_root.findall(f"{SVG}rect")] == [
        r.attrib for r in page_root.findall(f"{SVG}rect")
    ]
    assert report_root.find(f"{SVG}desc").text == page_root.find(f"{SVG}desc").text  # type: ignore[union-attr]


def test_suppressed_counts_are_not_drawn() -> None:
    trend = category_trend(_table(), "E07000130", Q4, "drugs", threshold=5, suppress=True)
    svg = bar_chart(trend, chart_id="c")
    root = parse(svg)
    assert len(root.findall(f"{SVG}rect")) == 1
    assert "&lt;5" in svg
    assert ">3<" not in svg


def test_the_map_shades_each_lsoa_of_the_authority() -> None:
    svg = area_map("E07000133", {"E01025908": 12}, title="Melton <test>", suppress_below=5)
    root = parse(svg)
    lsoas = [p for p in root.iter(f"{SVG}path") if p.get("data-lsoa")]
    assert len(lsoas) > 20
    assert all(p.get("data-lsoa", "").startswith("E01") for p in lsoas)
    assert "Melton &lt;test&gt;" in svg
    assert "fewer than 5" in svg
    assert "1 to 4" not in svg
