"""Goal progress as a server-rendered SVG that reads well with and without sight.

Goal titles are long, so each row puts its title on a line of its own above a
bar scaled from 0 to 100%. Like ``events.charts``, the SVG carries
``role="img"`` with a ``<title>`` and ``<desc>``, has no style attribute (the
Content-Security-Policy forbids them) and pages show the same figures in a table.
"""

from __future__ import annotations

import hashlib
from html import escape

WIDTH = 640
ROW_HEIGHT = 56
BAR_HEIGHT = 20
PADDING = 8
VALUE_WIDTH = 56
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
TRACK_COLOUR = "#b1b4b6"
TEXT_COLOUR = "#0b0c0c"
MAX_LABEL = 70


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def percent_chart(title: str, description: str, rows: list[tuple[str, int]]) -> str:
    """One row per item: its label, then a bar from 0 to 100% with the figure after it."""
    digest = hashlib.sha1(repr((title, description, rows)).encode()).hexdigest()[:10]
    title_id, desc_id = f"chart-{digest}-title", f"chart-{digest}-desc"
    height = PADDING * 2 + ROW_HEIGHT * max(len(rows), 1)
    track = WIDTH - VALUE_WIDTH - PADDING * 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        top = PADDING + index * ROW_HEIGHT
        bar_top = top + 24
        width = round(track * min(max(value, 0), 100) / 100, 1)
        parts.append(f'<text x="{PADDING}" y="{top + 16}" fill="{TEXT_COLOUR}" font-size="16">'
                     f'{escape(_short(str(label)))}</text>')
        parts.append(f'<rect x="{PADDING}" y="{bar_top}" width="{track}" height="{BAR_HEIGHT}" fill="none" '
                     f'stroke="{TRACK_COLOUR}"/>')
        if width > 0:
            parts.append(f'<rect x="{PADDING}" y="{bar_top}" width="{width}" height="{BAR_HEIGHT}" '
                         f'fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{PADDING + track + PADDING}" y="{bar_top + BAR_HEIGHT / 2}" '
                     f'dominant-baseline="middle" fill="{TEXT_COLOUR}" font-size="16">{value}%</text>')
    parts.append("</svg>")
    return "".join(parts)
