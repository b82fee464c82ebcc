"""Small server-rendered SVG charts that read well with and without sight.

The SVG carries ``role="img"`` with a ``<title>`` and ``<desc>``; pages put the
same numbers in a table beside it. It has no ``style`` attribute, which the
Content-Security-Policy would refuse: its width is capped by the
``oneteam-chart`` class in ``frontend/scss/oneteam.scss``.
"""

from __future__ import annotations

import hashlib
from html import escape

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 56
ROW_HEIGHT = 36
BAR_HEIGHT = 24
PADDING = 8
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
TEXT_COLOUR = "#0b0c0c"


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(title: str, description: str, bars: list[tuple[str, float]]) -> str:
    """A horizontal bar chart as an SVG string; every label is escaped.

    Bars are scaled to the largest value; a value of zero draws no bar but
    still shows its label and number.
    """
    digest = hashlib.sha1(repr((title, description, bars)).encode()).hexdigest()[:10]
    title_id, desc_id = f"chart-{digest}-title", f"chart-{digest}-desc"
    height = PADDING * 2 + ROW_HEIGHT * max(len(bars), 1)
    largest = max((value for _label, value in bars), default=0) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PADDING * 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        top = PADDING + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        bar_width = round(track * max(value, 0) / largest, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - PADDING}" y="{middle}" dominant-baseline="middle" text-anchor="end" '
            f'fill="{TEXT_COLOUR}" font-size="16">{escape(str(label))}</text>'
        )
        if bar_width > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="{bar_width}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + bar_width + PADDING}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}" font-size="16">{escape(_number(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
