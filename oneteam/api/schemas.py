"""What the API sends and accepts.

Every error body is ``{"detail": "a sentence for a person"}``; validation
errors add ``errors``, the list of fields that were refused.
"""

import datetime as dt
import re
import typing
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema, field_validator


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _no_control_characters(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise ValueError(_("must not contain control characters"))
    return value


PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"  # the JSON Schema of "no control characters"


def _document_plain_text(schema: dict, model) -> None:
    """Say in the published schema what ``Input`` checks: every text has a ``pattern``."""
    for name, prop in schema.get("properties", {}).items():
        field = model.model_fields.get(name)
        if field is not None and SearchText in (field.annotation, *typing.get_args(field.annotation)):
            continue  # a search drops control characters instead of refusing them
        _add_pattern(prop)


def _add_pattern(prop: dict) -> None:
    if prop.get("type") == "string" and not {"pattern", "format", "enum", "const"} & prop.keys():
        prop["pattern"] = PLAIN_TEXT
    elif prop.get("type") == "array":
        _add_pattern(prop.get("items", {}))
    for option in prop.get("anyOf", []):
        _add_pattern(option)


class Input(Schema):
    """What the API accepts, in a body or a query: no control characters in any text.

    They can mean nothing in a title, a slug or a note, and PostgreSQL refuses a null
    character in any query, so a value holding one would otherwise end in a server
    error there. Checked after each field's own validation, so a search
    (``SearchText``) has already dropped its own; the published schema gives every
    other text the ``pattern`` that says so.
    """

    model_config = ConfigDict(json_schema_extra=_document_plain_text)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters_anywhere(cls, value):
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                _no_control_characters(text)
        return value


def plain_text(max_length: int):
    """Text of at most ``max_length`` characters without control characters.

    Refused with a readable message; the schema's pattern only documents the rule.
    """
    return Annotated[
        str,
        StringConstraints(max_length=max_length),
        AfterValidator(_no_control_characters),
        WithJsonSchema(
            {"type": "string", "maxLength": max_length, "pattern": PLAIN_TEXT}
        ),
    ]


# Search words of at most 200 characters as sent (the schema's maxLength counts them so, and
# schema-driven clients check it so); control characters can match nothing, so they are then dropped.
SearchText = Annotated[
    str, StringConstraints(max_length=200), AfterValidator(lambda value: CONTROL_CHARACTERS.sub("", value)),
]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value):
    """Accept dates written as YYYY-MM-DD only (not, say, a number of seconds since 1970)."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError(_("must be a date written as YYYY-MM-DD"))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


# --- Errors -------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(..., description="Why the request was refused, in words a person can act on.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(..., description="Where the refused value was: body, query or path, then its name.")
    msg: str = Field(..., description="What is wrong with it.")
    type: str = Field(..., description="A short machine-readable code for the problem.")


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut] = Field(..., description="Each refused value.")


# --- Shared pieces ------------------------------------------------------------


class CountryOut(Schema):
    code: str = Field(..., description="ISO 3166-1 alpha-2 code.", examples=["GB"])
    name: str = Field(..., examples=["United Kingdom"])


class ChapterRef(Schema):
    slug: str
    name: str
    url: str = Field(..., description="The chapter's web page.")
    api_url: str = Field(..., description="This chapter in the API.")


# --- Chapters -----------------------------------------------------------------

ChapterLevel = Literal["global", "country", "local"]
ChapterStatus = Literal["active", "dormant"]


class ChapterOut(Schema):
    slug: str
    name: str
    level: ChapterLevel
    country: CountryOut | None = Field(..., description="Empty for the global chapter and for chapters that span countries.")
    city: str = Field(..., description="City, council or department; may be empty.")
    parent: ChapterRef | None = Field(..., description="The chapter this one is part of; null for the global chapter.")
    member_count: int
    status: ChapterStatus = Field(
        ..., description="`dormant` when an older chapter has had no event for months and has none planned."
    )
    url: str
    api_url: str


class OrganiserOut(Schema):
    name: str = Field(..., description="The organiser's public name.")
    profile_url: str | None = Field(..., description="Their public profile, or null when they keep it private.")


class EventSummaryOut(Schema):
    slug: str
    title: str
    format: str
    start: dt.datetime = Field(..., description="ISO 8601 with the offset of the event's time zone.")
    end: dt.datetime = Field(..., description="ISO 8601 with the offset of the event's time zone.")
    timezone: str = Field(..., description="The event's IANA time zone.", examples=["Europe/London"])
    url: str
    api_url: str


class ChapterDetailOut(ChapterOut):
    description: str = Field(..., description="Markdown.")
    rhythm: str = Field(..., description="How often the chapter meets, in the organisers' words.")
    contact_email: str = Field(..., description="The chapter's contact address, if the organisers gave one.")
    organisers: list[OrganiserOut]
    upcoming_events: list[EventSummaryOut] = Field(..., description="Published events still to come, soonest first.")


# --- Events -------------------------------------------------------------------

EventFormat = Literal["lean_coffee", "unconference", "meetup", "workshop", "other"]


class EventOut(EventSummaryOut):
    status: Literal["published", "cancelled"]
    chapter: ChapterRef
    venue: str = Field(..., description="Where it happens in person; empty for online-only events.")
    online_url: str = Field(..., description="The link to join online; empty for in-person-only events.")
    capacity: int = Field(..., description="Number of places.")
    places_left: int
    waiting_count: int = Field(..., description="People on the waiting list.")
    ical_url: str = Field(..., description="The event as an iCalendar (.ics) file.")


class EventDetailOut(EventOut):
    description: str = Field(..., description="Markdown.")


# --- Registrations ------------------------------------------------------------


class RegistrationIn(Input):
    accessibility_needs: plain_text(2000) = Field(
        "",
        description="Anything the organisers should know to make the event work for you. "
        "Only the organisers see it.",
    )


class RegistrationOut(Schema):
    status: Literal["confirmed", "waiting"]
    position: int | None = Field(..., description="Your place on the waiting list (1 is next); null with a place.")


class RegistrationStatusOut(Schema):
    status: Literal["confirmed", "waiting", "cancelled", "not_registered"]
    position: int | None = Field(..., description="Your place on the waiting list (1 is next); null otherwise.")
    accessibility_needs: str = Field(..., description="What you told the organisers; empty if nothing.")


class CancellationOut(Schema):
    status: Literal["cancelled"]
    promoted: bool = Field(..., description="Whether your place went to the first person on the waiting list.")


# --- People -------------------------------------------------------------------


class OrganisationOut(Schema):
    name: str
    slug: str
    url: str


class FreeAgentOut(Schema):
    skills: list[str] = Field(..., description="Skills the person offers to other teams.")
    days_per_month: int = Field(..., description="Days a month they can give.")


class PersonOut(Schema):
    id: int
    name: str
    url: str
    organisation: OrganisationOut | None = Field(None, description="Only when the person shows it.")
    profession: str | None = Field(None, description="Only when the person shows it.")
    country: CountryOut | None = Field(None, description="Only when the person shows it.")
    languages: list[str] | None = Field(None, description="Only when the person shows their skills and languages.")
    skills: list[str] | None = Field(None, description="Only when the person shows their skills and languages.")
    free_agent: FreeAgentOut | None = Field(
        None, description="Only when the person is available as a free agent and shows it."
    )
