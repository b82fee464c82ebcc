"""Chapter health and the global view: where the movement is thriving and where help is needed."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from oneteam.chapters import health, selectors

from . import links
from .chapters import chapter_or_404
from .schemas import ChapterRef, CountryOut, ErrorOut, Input, ValidationErrorOut

router = Router()

HealthStatus = str


class ReasonOut(Schema):
    text: str = Field(..., description="The reason in words.")
    kind: str = Field(..., description="single_organiser, missed_ritual, falling or other.")
    serious: bool = Field(..., description="Enough on its own to make the chapter at risk.")
    good: bool = Field(..., description="Something going well rather than a warning.")


class NextEventOut(Schema):
    title: str
    start: dt.datetime = Field(..., description="With the offset of the event's own time zone.")
    timezone: str
    url: str


class MonthOut(Schema):
    ending: dt.date = Field(..., description="The last day of a 30-day stretch.")
    events: int = Field(..., description="Published meetings held.")
    people: int = Field(..., description="Confirmed places at them.")


class HealthOut(Schema):
    chapter: ChapterRef
    status: HealthStatus = Field(..., description="thriving, steady, at_risk or dormant.", examples=["steady"])
    status_label: str
    reasons: list[ReasonOut]
    meets_every_days: int
    events_recent: int = Field(..., description="Published meetings in the last 90 days.")
    events_expected: int = Field(..., description="What the chapter's rhythm asks for in 90 days.")
    days_since_last_event: int | None
    organisers: int
    members_joined: int
    members_left: int
    attendance_recent: float | None
    attendance_earlier: float | None
    feedback_recent: float | None
    feedback_earlier: float | None
    next_event: NextEventOut | None
    months: list[MonthOut]


class WorldRowOut(Schema):
    chapter: ChapterRef
    country: CountryOut | None
    status: HealthStatus
    status_label: str
    warnings: list[str] = Field(..., description="What needs attention, in words.")
    next_event: NextEventOut | None
    contact_email: str = Field(..., description="The chapter's public contact address; empty when it has none.")
    latitude: float | None
    longitude: float | None
    health_url: str


class WorldFilters(Input):
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.",
                                examples=["GB"])


def _next_event(request: HttpRequest, value: dict | None) -> dict | None:
    if not value:
        return None
    return {**value, "url": request.build_absolute_uri(value["url"])}


@router.get(
    "/chapters",
    response={200: list[WorldRowOut], 422: ValidationErrorOut},
    url_name="health_world",
    summary="The global view",
    description="Every chapter by country, with its health (as the worker last worked it out), the reasons that "
    "need attention, its next published meeting and its contact address.",
)
def world(request: HttpRequest, filters: Query[WorldFilters]):
    rows = selectors.world(country=filters.country.upper() if filters.country else None)
    return [
        {
            "chapter": links.chapter_ref(request, row.chapter), "country": links.country(row.chapter.country),
            "status": row.status, "status_label": row.status_label, "warnings": row.reasons,
            "next_event": _next_event(request, row.next_event), "contact_email": row.contact,
            "latitude": row.latitude, "longitude": row.longitude,
            "health_url": links.absolute(request, "chapters:health", row.chapter.slug),
        }
        for row in rows
    ]


@router.get(
    "/chapters/{slug}",
    response={200: HealthOut, 404: ErrorOut},
    url_name="health_detail",
    summary="One chapter's health",
    description="Worked out now from published meetings, sign-ups, feedback, organisers and members: the status, "
    "the reasons in words and the figures behind them.",
)
def chapter_health(request: HttpRequest, slug: str):
    chapter = chapter_or_404(slug)
    assessment = health.assess(chapter)
    figures = assessment.figures
    return {
        "chapter": links.chapter_ref(request, chapter),
        "status": assessment.status, "status_label": assessment.label,
        "reasons": health.reasons_as_data(assessment),
        **{key: figures[key] for key in (
            "meets_every_days", "events_recent", "events_expected", "days_since_last_event", "organisers",
            "members_joined", "members_left", "attendance_recent", "attendance_earlier", "feedback_recent",
            "feedback_earlier", "months")},
        "next_event": _next_event(request, figures["next_event"]),
    }
