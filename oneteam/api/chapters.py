"""Chapters: the global chapter, country chapters and local ones."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneteam.chapters import selectors
from oneteam.chapters.models import Chapter
from oneteam.events import selectors as event_selectors

from . import links
from .pagination import PageNumbers
from .schemas import ChapterDetailOut, ChapterLevel, ChapterOut, ErrorOut, Input, SearchText, ValidationErrorOut

router = Router()


class ChapterFilters(Input):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code: chapters in that country.",
        examples=["GB"],
    )
    level: ChapterLevel | None = Field(None, description="Only chapters at this level.")
    q: SearchText | None = Field(None, description="Words in the name, city or description.")


def chapter_out(request: HttpRequest, chapter: Chapter) -> dict:
    return {
        "slug": chapter.slug,
        "name": chapter.name,
        "level": chapter.level,
        "country": links.country(chapter.country),
        "city": chapter.city,
        "parent": links.chapter_ref(request, chapter.parent) if chapter.parent else None,
        "member_count": chapter.member_count,
        "status": chapter.status,
        "url": links.absolute(request, "chapters:detail", chapter.slug),
        "api_url": links.absolute(request, "api:chapter_detail", chapter.slug),
    }


def organiser_out(request: HttpRequest, person) -> dict:
    """An organiser as the public sees them: never their e-mail address."""
    public = person.profile_public and person.is_active
    return {
        "name": str(person.public_name),
        "profile_url": links.absolute(request, "people:profile", person.pk) if public else None,
    }


class ChapterList:
    """Items for the paginator, turned into dicts page by page."""

    def __init__(self, request: HttpRequest, queryset):
        self.request = request
        self.queryset = queryset

    def all(self):
        return self.queryset

    def __getitem__(self, window: slice) -> list[dict]:
        return [chapter_out(self.request, chapter) for chapter in self.queryset[window]]


@router.get(
    "",
    response={200: list[ChapterOut], 422: ValidationErrorOut},
    url_name="chapter_list",
    summary="List chapters",
    description="Every chapter, the global one first, then country chapters, then local ones, each by name. "
    "`country` also matches local chapters whose parent is in that country.",
)
@paginate(PageNumbers)
def list_chapters(request: HttpRequest, filters: Query[ChapterFilters]):
    chapters = selectors.chapter_list(country=filters.country.upper() if filters.country else None, q=filters.q)
    if filters.level:
        chapters = chapters.filter(level=filters.level)
    return ChapterList(request, chapters)


@router.get(
    "/{slug}",
    response={200: ChapterDetailOut, 404: ErrorOut},
    url_name="chapter_detail",
    summary="One chapter",
    description="A chapter with its organisers (public names only), how many members it has and its "
    "upcoming published events.",
)
def chapter_detail(request: HttpRequest, slug: str):
    chapter = chapter_or_404(slug)
    return {
        **chapter_out(request, chapter),
        "description": chapter.description,
        "rhythm": chapter.rhythm,
        "contact_email": chapter.contact_email,
        "organisers": [organiser_out(request, person) for person in selectors.organisers(chapter)],
        "upcoming_events": [
            links.event_summary(request, event) for event in event_selectors.chapter_events(chapter)["upcoming"]
        ],
    }


def chapter_or_404(slug: str):
    """The chapter at ``slug`` (with what its page shows), or the API's 404 with a reason."""
    if not links.is_slug(slug):
        raise HttpError(404, _("There is no chapter at this address."))
    try:
        return selectors.chapter_detail(slug)
    except Http404:
        raise HttpError(404, _("There is no chapter at this address.")) from None
