"""Helpers that every app's tests share (this module imports no test runner).

``HOSTILE_MARKDOWN`` is the regression list for anything that turns text a
person typed into HTML: each app that renders Markdown (events, chapters and
later stories and goals) runs its renderer over the whole list and checks the
result with ``unsafe_parts``. Add to the list whenever a new trick is found.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HOSTILE_MARKDOWN: tuple[str, ...] = (
    # Script elements, inline and as blocks.
    "<script>alert(1)</script>",
    "Hello <script src=https://evil.example/x.js></script> world",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "<body onload=alert(1)>",
    "# <img src=x onerror=alert(1)> heading",
    # Dangerous URL schemes, in every spelling.
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript&#58;alert(1))",
    "[click](&#0000106&#0000097vascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](java&#10;script:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](java\u0000script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](VBScript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](DATA:text/html,<script>alert(1)</script>)",
    "![picture](javascript:alert(1))",
    "![picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    '[click][evil]\n\n[evil]: https://example.org "title" onclick="alert(1)"',
    # Frames, plugins and elements that change the whole page.
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    # Breaking out of an attribute: quotes and backticks in titles and URLs.
    '[click](https://example.org "title" onmouseover="alert(1)")',
    '[click](https://example.org "<a onmouseover=alert(1) ")',
    '[click](https://example.org "<p onmouseover=alert(1) ")',
    "[click](https://example.org '\" onmouseover=\"alert(1)')",
    '[click](https://example.org/"onmouseover="alert(1))',
    "[click](https://example.org/`onmouseover=alert(1)`)",
    '[click](https://example.org "`onmouseover=alert(1)`")',
    '![picture](https://example.org/x.png" onerror="alert(1))',
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    # SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    # Styles.
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<p style="background: url(javascript:alert(1))">styled</p>',
    '<div style="position: fixed; inset: 0">cover the page</div>',
    # Raw HTML blocks and comments.
    "<div>\n<script>alert(1)</script>\n</div>",
    "<details open ontoggle=alert(1)>\n\n*text*\n\n</details>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Autolinks.
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "<https://example.org/?q=<script>alert(1)</script>>",
    # Hostile content inside the structures that get GOV.UK classes.
    "- <script>alert(1)</script>\n- [click](javascript:alert(1))",
    "1. <img src=x onerror=alert(1)>\n2. two",
    "## [click](javascript:alert(1))\n\n### <iframe src=x></iframe>",
    "> <script>alert(1)</script>",
    "| <script>alert(1)</script> |\n|---|\n| [click](javascript:alert(1)) |",
)

EXECUTABLE_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "meta", "link", "form", "svg", "math", "template", "noscript", "portal",
})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "ping",
})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these before reading a scheme


class _Inspector(HTMLParser):
    """Parses HTML as a browser would and notes everything that could run code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in EXECUTABLE_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name in {"style", "srcdoc"}:
                self.problems.append(f"{name}= attribute on <{tag}>")
            elif name in URL_ATTRIBUTES:
                # The parser has already decoded character references, as a browser does.
                url = _IGNORED_IN_URLS.sub("", value).lower()
                if url.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
            elif not re.fullmatch(r"[a-z][a-z0-9:_-]*", name):
                self.problems.append(f"malformed attribute name {name!r} on <{tag}> (a broken-out attribute?)")

    handle_startendtag = handle_starttag


def unsafe_parts(fragment: str) -> list[str]:
    """What in this HTML could run script, load a frame or plugin, or restyle the page.

    An empty list means the fragment is safe to put in a page as it is.
    """
    inspector = _Inspector()
    inspector.feed(fragment)
    inspector.close()
    return inspector.problems


def tags_with_attributes(fragment: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag in the HTML, in order, with its attributes as the browser reads them."""
    found: list[tuple[str, dict[str, str]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, {name: value or "" for name, value in attrs}))

        handle_startendtag = handle_starttag

    collector = Collector(convert_charrefs=True)
    collector.feed(fragment)
    collector.close()
    return found
