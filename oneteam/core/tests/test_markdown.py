"""Markdown a person typed becomes HTML that cannot run script, and looks like GOV.UK."""

from __future__ import annotations

import re

import nh3
import pytest

from oneteam.core.markdown import GOVUK_CLASSES, render_markdown
from oneteam.core.testing import HOSTILE_MARKDOWN, tags_with_attributes, unsafe_parts


def assert_govuk_classes(html: str) -> None:
    for tag, attributes in tags_with_attributes(html):
        if tag in GOVUK_CLASSES:
            assert attributes.get("class") == GOVUK_CLASSES[tag], f"<{tag}> without its GOV.UK class in {html!r}"


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_without_executable_content(source):
    html = render_markdown(source)
    assert unsafe_parts(html) == [], html
    assert "<script" not in html.lower()
    assert_govuk_classes(html)


def test_ordinary_markdown_gets_govuk_classes_and_starts_at_level_2():
    html = render_markdown(
        "# Title\n\n## Part\n\n### Detail\n\nSee [the guide](https://example.org/guide \"A guide\").\n\n"
        "- one\n- two\n\n1. first\n2. second\n"
    )
    tags = tags_with_attributes(html)
    assert [tag for tag, _ in tags if tag.startswith("h")] == ["h2", "h2", "h3"]
    assert {tag for tag, _ in tags} >= {"p", "ul", "ol", "h2", "h3", "a"}
    assert_govuk_classes(html)
    link = next(attributes for tag, attributes in tags if tag == "a")
    assert link == {
        "href": "https://example.org/guide",
        "title": "A guide",
        "class": "govuk-link",
        "rel": "noopener noreferrer nofollow",
    }


def _like_an_older_nh3(real_clean):
    """nh3.clean as releases before 0.3 serialised: ``<`` and ``>`` left raw inside attribute values.

    (Checked against nh3 0.2.17, the floor this project once declared.)
    """

    def clean(html, **options):
        cleaned = real_clean(html, **options)
        return re.sub(
            r'="([^"]*)"',
            lambda m: '="' + m.group(1).replace("&lt;", "<").replace("&gt;", ">") + '"',
            cleaned,
        )

    return clean


@pytest.mark.parametrize("tag", ["a", "p", "ul", "h2"])
def test_a_link_title_cannot_break_out_of_its_attribute_whatever_nh3_leaves_unescaped(monkeypatch, tag):
    """Once, GOV.UK classes were added by replacing ``<a `` and ``<p>`` in nh3's output.

    With an nh3 that left ``<`` raw inside attributes, a title holding
    ``<a onmouseover=…`` gained a ``class="…"`` whose quote closed the title,
    and the handler became a real attribute: stored XSS.
    """
    monkeypatch.setattr(nh3, "clean", _like_an_older_nh3(nh3.clean))
    title = f"<{tag}>  <{tag} onmouseover=alert(1) x="
    html = render_markdown(f'[click](https://example.org "{title}")')
    assert unsafe_parts(html) == [], html
    links = [attributes for name, attributes in tags_with_attributes(html) if name == "a"]
    assert len(links) == 1
    assert set(links[0]) == {"href", "title", "class", "rel"}
    assert links[0]["title"] == title
    assert links[0]["class"] == "govuk-link"


def test_the_shared_checker_finds_what_it_should():
    """unsafe_parts is the oracle for every app's Markdown tests: it must not pass everything."""
    assert unsafe_parts('<p class="govuk-body">fine <a href="https://example.org">link</a></p>') == []
    for bad in [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="JaVa&#x09;Script:alert(1)">x</a>',
        '<a href=" data:text/html,x">x</a>',
        '<a title="x" class="govuk-link" onmouseover=alert(1) ">x</a>',
        '<p style="color: red">x</p>',
        "<iframe src=x></iframe>",
        "<svg onload=alert(1)>",
    ]:
        assert unsafe_parts(bad), bad
