"""Server-rendered SVG bar charts of a category over quarters: the same markup goes into the
web page and the PDF (no JavaScript, no inline styles; presentation attributes only)."""

from __future__ import annotations

from html import escape

from linewatch.core.trends.series import CategoryTrend

WIDTH, HEIGHT = 520, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 28, 42
BAR = "#1d70b8"
CURRENT = "#003078"
MUTED = "#b1b4b6"
TEXT = "#0b0c0c"


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    for step in (1, 2, 2.5, 5):
        magnitude = int(10 ** (len(str(value)) - 1))
        top = int(step * magnitude)
        if top >= value:
            return top
    return int(10 ** len(str(value)))


def bar_chart(trend: CategoryTrend, *, chart_id: str, tooltips: bool = True) -> str:
    """An accessible SVG bar chart of ``trend.history`` (the last bar is the report quarter).

    Every value is in the chart's ``<desc>``; ``tooltips`` adds a ``<title>`` to each bar for
    the web page. Reports leave them out: a PDF shows no tooltip, and WeasyPrint takes about
    0.4 s of CPU per report drawing them.
    """
    values = [s.value for _, s in trend.history]
    top = _nice_max(max([v for v in values if v is not None] or [0]))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / max(1, len(trend.history))
    title = f"{trend.label}, by quarter"
    described = "; ".join(f"{q.short_label}: {s.text}" for q, s in trend.history)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lw-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'data-chart="{escape(trend.category)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
        f'<text x="{MARGIN_LEFT}" y="16" font-size="13" font-weight="bold" fill="{TEXT}" '
        f'font-family="Arial, sans-serif">{escape(title)}</text>',
    ]
    for tick in (0, top // 2, top):
        y = MARGIN_TOP + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="{TEXT}" font-family="Arial, sans-serif">{tick:,}</text>'
        )
    last = len(trend.history) - 1
    for i, (quarter, value) in enumerate(trend.history):
        x = MARGIN_LEFT + i * slot + slot * 0.15
        w = slot * 0.7
        label_y = HEIGHT - MARGIN_BOTTOM + 14
        if value.value is not None:
            h = plot_h * value.value / top
            y = MARGIN_TOP + plot_h - h
            colour = CURRENT if i == last else BAR
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"'
                + (
                    f"><title>{escape(quarter.short_label)}: {escape(value.text)}</title></rect>"
                    if tooltips
                    else "/>"
                )
                + f'<text x="{x + w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                f'fill="{TEXT}" font-family="Arial, sans-serif">{value.value:,}</text>'
            )
        else:
            note = "no data" if value.no_data else value.text.replace("fewer than ", "<")
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{MARGIN_TOP + plot_h - 4:.1f}" font-size="9" '
                f'text-anchor="middle" fill="#505a5f" font-family="Arial, sans-serif">'
                f"{escape(note)}</text>"
            )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{label_y:.1f}" font-size="10" text-anchor="middle" '
            f'fill="{TEXT}" font-family="Arial, sans-serif">Q{quarter.number}</text>'
            f'<text x="{x + w / 2:.1f}" y="{label_y + 12:.1f}" font-size="9" text-anchor="middle" '
            f'fill="#505a5f" font-family="Arial, sans-serif">{quarter.year}</text>'
        )
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{MARGIN_TOP + plot_h}" '
        f'y2="{MARGIN_TOP + plot_h}" stroke="{TEXT}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
