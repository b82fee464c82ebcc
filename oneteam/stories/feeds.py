"""RSS 2.0 feeds through Django's syndication framework: every story, a chapter's,
a principle's, and the podcast (with enclosures and iTunes tags podcast apps read).

Each feed lists what ``selectors.published()`` gives, so drafts never appear.
"""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from oneteam.chapters.models import Chapter
from oneteam.core.markdown import render_markdown
from oneteam.goals import selectors as goal_selectors

from . import selectors
from .models import Story

ITEMS = 30
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class StoryFeed(Feed):
    """Every link is absolute, built from the request's own address (not the sites framework's
    placeholder domain). Each request works on its own copy of the feed, so that is thread-safe."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def feed_url(self, obj=None) -> str:
        return self.absolute(self.request.path)

    def title(self, obj=None) -> str:
        return _("OneTeam stories")

    def link(self, obj=None) -> str:
        return self.absolute(reverse("stories:list"))

    def description(self, obj=None) -> str:
        return _("Blog posts, case studies, #MyOneTeamGov pieces, event write-ups and podcast episodes.")

    def stories(self, obj):
        return selectors.published()

    def items(self, obj=None):
        return list(self.stories(obj)[:ITEMS])

    def item_title(self, story: Story) -> str:
        return story.title

    def item_description(self, story: Story) -> str:
        intro = f"<p>{escape(story.summary)}</p>" if story.summary else ""
        return intro + render_markdown(story.body)

    def item_link(self, story: Story) -> str:
        return self.absolute(story.get_absolute_url())

    def item_pubdate(self, story: Story):
        return story.published_at

    def item_updateddate(self, story: Story):
        return story.updated_at

    def item_author_name(self, story: Story) -> str:
        return ", ".join(str(person.public_name) for person in story.authors.all())

    def item_categories(self, story: Story) -> list[str]:
        return [str(story.get_kind_display())] + [p.name for p in story.principles.all()]


class ChapterFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Chapter, slug=slug)

    def title(self, obj=None) -> str:
        return _("Stories from %(chapter)s") % {"chapter": obj.name}

    def link(self, obj=None) -> str:
        return self.absolute(obj.get_absolute_url())

    def description(self, obj=None) -> str:
        return _("Stories from OneTeam's %(chapter)s chapter.") % {"chapter": obj.name}

    def stories(self, obj):
        return selectors.published().filter(chapter=obj)


class PrincipleFeed(StoryFeed):
    def get_object(self, request, slug):
        principle = goal_selectors.principle(slug)
        if principle is None:
            raise Http404
        return principle

    def title(self, obj=None) -> str:
        return _("Stories: %(principle)s") % {"principle": obj.name}

    def link(self, obj=None) -> str:
        return self.absolute(obj.get_absolute_url())

    def description(self, obj=None) -> str:
        return obj.summary

    def stories(self, obj):
        return selectors.published().filter(principles=obj)


class PodcastRss(Rss201rev2Feed):
    """RSS 2.0 with the iTunes namespace podcast apps look for."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", "OneTeam")
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:category", attrs={"text": "Government"})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["duration"])
        handler.addQuickElement("itunes:explicit", "false")


class PodcastFeed(StoryFeed):
    feed_type = PodcastRss

    def title(self, obj=None) -> str:
        return _("The OneTeam podcast")

    def link(self, obj=None) -> str:
        return self.absolute(reverse("stories:podcast"))

    def description(self, obj=None) -> str:
        return _("Conversations with public servants reforming how government works. Every episode has a transcript.")

    def stories(self, obj):
        return selectors.episodes()

    def item_description(self, story: Story) -> str:
        transcript = self.absolute(reverse("stories:detail", args=[story.slug]) + "#transcript")
        return (f"<p>{escape(story.summary)}</p>" if story.summary else "") + render_markdown(story.body) + (
            f'<p><a href="{escape(transcript)}">{escape(_("Read the transcript"))}</a></p>'
        )

    def item_enclosures(self, story: Story):
        if story.audio_file:
            url = self.absolute(reverse("stories:audio", args=[story.slug]))
        else:
            url = story.audio_url
        return [Enclosure(url, str(story.audio_bytes), story.audio_type or "audio/mpeg")]

    def item_extra_kwargs(self, story: Story) -> dict:
        return {"duration": str(story.duration_seconds)}
