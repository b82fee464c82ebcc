"""Markdown in, safe HTML out: markdown-it-py renders, nh3 sanitises.

Nothing edits the HTML once nh3 has cleaned it. The GOV.UK classes are added
by nh3 itself (``set_tag_attribute_values``), so every attribute is written by
the one serialiser that escapes it. Replacing strings in the cleaned HTML, as
this module once did, let a link title such as ``"<a onclick=…"`` break out of
its attribute wherever nh3 left ``<`` unescaped inside attribute values.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
GOVUK_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "a": "govuk-link",
}


def _headings_start_at_level_2(state) -> None:
    """A core rule: a level-1 heading in the source becomes an ``<h2>``."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")
_md.core.ruler.push("oneteam_headings_start_at_level_2", _headings_start_at_level_2)


def render_markdown(text: str) -> str:
    """HTML for the text, with scripts, styles, event handlers and bad URLs removed.

    Headings start at level 2, so authored content never competes with the
    page's own title. Raw HTML in the source is escaped, not rendered.
    """
    return nh3.clean(
        _md.render(text.replace("\r\n", "\n")),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={tag: {"class": classes} for tag, classes in GOVUK_CLASSES.items()},
    )
