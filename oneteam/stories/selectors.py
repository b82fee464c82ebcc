"""Reads about stories that pages, feeds, the API and other apps' sections share.

Every public list starts from ``published()``: a draft never reaches anyone
but its authors, whichever way they look.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import permissions
from .models import Story, Theme


def published() -> QuerySet[Story]:
    return (
        Story.objects.filter(status=Story.Status.PUBLISHED, published_at__isnull=False)
        .select_related("chapter")
        .prefetch_related("authors", "principles")
        .order_by("-published_at", "-pk")
    )


def story_list(*, kind: str | None = None, language: str | None = None, chapter_slug: str | None = None,
               principle_slug: str | None = None, theme_slug: str | None = None, query: str = "") -> QuerySet[Story]:
    stories = published()
    if kind:
        stories = stories.filter(kind=kind)
    if language:
        stories = stories.filter(language=language)
    if chapter_slug:
        stories = stories.filter(chapter__slug=chapter_slug)
    if principle_slug:
        stories = stories.filter(principles__slug=principle_slug)
    if theme_slug:
        stories = stories.filter(themes__slug=theme_slug)
    for word in query.split()[:10]:
        stories = stories.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            | Q(transcript__icontains=word)
        )
    return stories.distinct()


def episodes() -> QuerySet[Story]:
    return published().filter(kind=Story.Kind.PODCAST)


def visible_story(slug: str, user) -> Story | None:
    story = Story.objects.select_related("chapter").filter(slug=slug).first()
    if story is None or not permissions.can_see(user, story):
        return None
    return story


def drafts_of(user) -> QuerySet[Story]:
    if not getattr(user, "is_authenticated", False):
        return Story.objects.none()
    return Story.objects.filter(Q(authors=user) | Q(created_by=user)).distinct().order_by("-updated_at")


def chapter_stories(chapter, limit: int = 10) -> list[Story]:
    return list(published().filter(chapter=chapter)[:limit])


def principle_stories(principle, limit: int = 50) -> list[Story]:
    return list(published().filter(principles=principle)[:limit])


def goal_stories(goal) -> list[Story]:
    return list(published().filter(goals=goal))


def event_stories(event) -> list[Story]:
    return list(published().filter(events=event))


def theme(slug: str) -> Theme | None:
    return Theme.objects.filter(slug=slug).first()


def themes_in_use() -> QuerySet[Theme]:
    return Theme.objects.filter(stories__status=Story.Status.PUBLISHED).distinct().order_by("name")


class UnknownMember(ValueError):
    """An entry of the co-authors field that names nobody, or more than one person."""

    def __init__(self, entry: str, ambiguous: bool = False):
        super().__init__(entry)
        self.entry, self.ambiguous = entry, ambiguous


def members_named(entries: list[str], *, known=()) -> list:
    """The active members each entry names: an e-mail address, or a public name (people in ``known``, the story's
    current authors, first, so the names the form shows come back as the same people). Raises ``UnknownMember``."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True)
    found = []
    for entry in entries:
        mine = [person for person in known if person.public_name.casefold() == entry.casefold()]
        if len(mine) == 1:
            matches = mine
        elif "@" in entry:
            matches = list(people.filter(email__iexact=entry)[:2])
        else:
            matches = list(people.filter(display_name__iexact=entry)[:2])
        if not matches:
            raise UnknownMember(entry)
        if len(matches) > 1:
            raise UnknownMember(entry, ambiguous=True)
        if matches[0] not in found:
            found.append(matches[0])
    return found
