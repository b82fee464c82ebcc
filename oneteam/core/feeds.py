"""Feeds a page advertises in its head, as ``<link rel="alternate">``.

A view (or a section another app adds to a page) calls ``advertise`` with the
request; ``base.html`` lists what was advertised. So an app can add its feed
to a page that belongs to an app below it without that app knowing.
"""

from __future__ import annotations

from dataclasses import dataclass

RSS = "application/rss+xml"
ATOM = "application/atom+xml"


@dataclass(frozen=True)
class AlternateFeed:
    title: str
    url: str
    type: str = RSS


def advertise(request, title: str, url: str, type: str = RSS) -> None:
    feeds = getattr(request, "alternate_feeds", None)
    if feeds is None:
        feeds = request.alternate_feeds = []
    feed = AlternateFeed(str(title), url, type)
    if feed not in feeds:
        feeds.append(feed)
