"""Published stories and podcast episodes (drafts never appear here)."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneteam.stories import selectors
from oneteam.stories import services as story_services
from oneteam.stories.models import LANGUAGE_CODES, Story

from . import links
from .goals import Listing
from .pagination import PageNumbers
from .schemas import ErrorOut, Input, SearchText, ValidationErrorOut

router = Router()


class EpisodeOut(Schema):
    audio_url: str
    audio_type: str
    audio_bytes: int
    duration_seconds: int


class StoryOut(Schema):
    slug: str
    title: str
    summary: str
    kind: str = Field(..., description="blog, case_study, my_oneteam, write_up or podcast.")
    language: str = Field(..., description="A language code such as en or cy.")
    published_at: dt.datetime
    authors: list[str]
    chapter: str | None
    principles: list[str]
    themes: list[str]
    reading_minutes: int
    episode: EpisodeOut | None = Field(..., description="For podcast episodes: the audio and its length.")
    url: str
    api_url: str


class StoryDetailOut(StoryOut):
    body: str = Field(..., description="The story in Markdown.")
    transcript: str
    goals: list[str] = Field(..., description="Slugs of the goals the story links to.")
    events: list[str] = Field(..., description="Slugs of the events the story links to.")
    projects: list[str] = Field(..., description="Slugs of the public work-register projects the story links to.")


class StoryFilters(Input):
    kind: str | None = Field(None, max_length=20, description="Only stories of this kind.")
    language: str | None = Field(None, max_length=5, description="Only stories in this language.")
    chapter: str | None = Field(None, max_length=140, description="A chapter's slug.")
    principle: str | None = Field(None, max_length=60, description="A principle's slug.")
    q: SearchText | None = Field(None, description="Words that must all appear in the story.")


def story_out(request: HttpRequest, story: Story) -> dict:
    episode = None
    if story.is_podcast:
        audio = links.absolute(request, "stories:audio", story.slug) if story.audio_file else story.audio_url
        episode = {"audio_url": audio, "audio_type": story.audio_type, "audio_bytes": story.audio_bytes,
                   "duration_seconds": story.duration_seconds}
    return {
        "slug": story.slug, "title": story.title, "summary": story.summary, "kind": story.kind,
        "language": story.language, "published_at": story.published_at,
        "authors": [str(p.public_name) for p in story.authors.all()],
        "chapter": story.chapter.slug if story.chapter else None,
        "principles": [p.slug for p in story.principles.all()], "themes": [t.name for t in story.themes.all()],
        "reading_minutes": story.reading_minutes, "episode": episode,
        "url": links.absolute(request, "stories:detail", story.slug),
        "api_url": links.absolute(request, "api:story_detail", story.slug),
    }


@router.get("", response={200: list[StoryOut], 422: ValidationErrorOut}, url_name="story_list",
            summary="List published stories", description="Newest first. Drafts are never listed.")
@paginate(PageNumbers)
def story_list(request: HttpRequest, filters: Query[StoryFilters]):
    slugs = [filters.chapter, filters.principle]
    if any(s and not links.is_slug(s) for s in slugs) or (filters.kind and filters.kind not in Story.Kind.values) \
            or (filters.language and filters.language not in LANGUAGE_CODES):
        return Listing(request, Story.objects.none(), story_out)
    stories = selectors.story_list(kind=filters.kind, language=filters.language, chapter_slug=filters.chapter,
                                   principle_slug=filters.principle, query=filters.q or "").prefetch_related("themes")
    return Listing(request, stories, story_out)


@router.get("/{slug}", response={200: StoryDetailOut, 404: ErrorOut}, url_name="story_detail", summary="One story",
            description="A published story in Markdown, with the transcript of a podcast episode.")
def story_detail(request: HttpRequest, slug: str):
    story = selectors.published().filter(slug=slug).first() if links.is_slug(slug) else None
    if story is None:
        raise HttpError(404, _("There is no published story at this address."))
    return {
        **story_out(request, story), "body": story.body, "transcript": story.transcript,
        "goals": [g.slug for g in story.goals.all()],
        "events": [e.slug for e in story.events.all() if e.published_at],
        "projects": [p.slug for p in story_services.public_projects(story.projects.all())],
    }
