"""Server-rendered SVG for chapters: a health trend and a map of points.

Like ``events.charts``: ``role="img"`` with a ``<title>`` and ``<desc>``, no
``style`` attribute (the Content-Security-Policy refuses it), every label
escaped, and the page shows the same figures in a table beside it. Neither
needs JavaScript nor anything from another site: the map is the chapters'
points on a plain grid of latitude and longitude, with no map tiles to fail.
"""

from __future__ import annotations

import hashlib
from html import escape

COLUMN_COLOUR = "#1d70b8"  # GOV.UK blue, 5.2:1 on white
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
STATUS_COLOURS = {  # each at least 3:1 against the white background
    "thriving": "#00703c", "steady": "#1d70b8", "at_risk": "#b58840", "dormant": "#505a5f",
}
STATUS_SHAPES = {"thriving": "circle", "steady": "square", "at_risk": "diamond", "dormant": "cross"}


def _ids(*parts) -> tuple[str, str]:
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:10]
    return f"chart-{digest}-title", f"chart-{digest}-desc"


def _open(width: int, height: int, title: str, description: str) -> list[str]:
    title_id, desc_id = _ids(title, description, width, height)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="arial, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


def column_chart(title: str, description: str, columns: list[tuple[str, float]]) -> str:
    """Vertical columns, oldest on the left: a trend over time. A zero draws no column but keeps its label."""
    width, height, top, bottom, side = 640, 240, 28, 40, 16
    track = height - top - bottom
    slot = (width - 2 * side) / max(len(columns), 1)
    largest = max((value for _label, value in columns), default=0) or 1
    parts = _open(width, height, title, description)
    parts.append(f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" '
                 f'stroke="{GRID_COLOUR}" stroke-width="1"/>')
    for index, (label, value) in enumerate(columns):
        centre = side + slot * index + slot / 2
        column = round(track * max(value, 0) / largest, 1)
        if column > 0:
            parts.append(f'<rect x="{centre - slot * 0.3:.1f}" y="{height - bottom - column:.1f}" '
                         f'width="{slot * 0.6:.1f}" height="{column}" fill="{COLUMN_COLOUR}"/>')
        parts.append(f'<text x="{centre:.1f}" y="{height - bottom - column - 8:.1f}" text-anchor="middle" '
                     f'fill="{TEXT_COLOUR}" font-size="16">{escape(f"{value:g}")}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{height - 14}" text-anchor="middle" fill="{TEXT_COLOUR}" '
                     f'font-size="14">{escape(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}" fill="{colour}"/>'
    return (f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x - 5:.1f},{y + 5:.1f} '
            f'L{x + 5:.1f},{y - 5:.1f}" stroke="{colour}" stroke-width="3"/>')


def point_map(title: str, description: str, points: list[tuple[str, float, float, str]]) -> str:
    """Chapters as points on an equirectangular grid: (label, latitude, longitude, status).

    The status is drawn by shape as well as colour, so colour is never the only cue.
    """
    width, height = 720, 360
    parts = _open(width, height, title, description)
    parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f3f2f1"/>')
    for longitude in range(-180, 181, 30):
        x = (longitude + 180) / 360 * width
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="{GRID_COLOUR}" stroke-width="0.5"/>')
    for latitude in range(-90, 91, 30):
        y = (90 - latitude) / 180 * height
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="0.5"/>')
    for label, latitude, longitude, status in points:
        x = (longitude + 180) / 360 * width
        y = (90 - latitude) / 180 * height
        parts.append(f"<g><title>{escape(label)}</title>"
                     f"{_marker(STATUS_SHAPES.get(status, 'circle'), x, y, STATUS_COLOURS.get(status, TEXT_COLOUR))}</g>")
    parts.append("</svg>")
    return "".join(parts)
