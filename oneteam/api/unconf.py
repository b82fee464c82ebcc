"""Unconferences: pitches with their interest counts, marking interest, and the grid in the scheduler's format.

``/instance`` answers exactly the input of ``oneteam schedule`` and ``/grid``
exactly its output, so anyone can re-score or re-solve a published grid with
the same engine. Both are public once the organisers publish the grid; until
then only the organisers get them (signed in, or with their API token).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError, HttpError

from oneteam.unconf import permissions, selectors, services
from oneteam.unconf.models import Pitch

from . import links
from .auth import signed_in, token_auth
from .schemas import ErrorOut, ValidationErrorOut

router = Router()


class UnconferenceOut(Schema):
    slug: str
    title: str
    event_slug: str
    start: str = Field(..., description="When the event starts, ISO 8601 in its own time zone.")
    timezone: str
    pitching: str = Field(..., description="advance, on_the_day or both.")
    pitches_open: bool
    grid_published: bool
    url: str
    instance_url: str | None = Field(None, description="The scheduler's input, when you may see it.")
    grid_url: str | None = Field(None, description="The current grid in the scheduler's output format.")


class PitchOut(Schema):
    id: int
    title: str
    description: str
    kind: str = Field(..., description="discussion, workshop or show_and_tell.")
    theme: str | None
    status: str = Field(..., description="proposed or scheduled (withdrawn and merged pitches are not listed).")
    hosts: list[str] = Field(..., description="Public names of the hosts who accepted.")
    interest: int = Field(..., description="How many people marked interest.")
    url: str


class UnconferenceDetailOut(UnconferenceOut):
    pitches: list[PitchOut]


class InterestOut(Schema):
    interested: bool
    interest: int


def _caller(request: HttpRequest):
    """The person calling: their API token if they sent one, else their website session (or nobody)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = token_auth.authenticate(request, header[7:].strip())
        if user is None:
            raise AuthenticationError()
        return user
    return request.user


def _unconference(request: HttpRequest, slug: str):
    user = getattr(request, "auth", None) or _caller(request)
    unconference = selectors.visible_unconference(slug, user) if links.is_slug(slug) else None
    if unconference is None:
        raise HttpError(404, _("There is no unconference at this address."))
    return unconference, user


def _out(request, unconference, user) -> dict:
    event = unconference.event
    grid = permissions.can_see_grid(user, unconference)
    return {
        "slug": unconference.slug, "title": unconference.title, "event_slug": event.slug,
        "start": event.start.astimezone(event.tz).isoformat(), "timezone": event.timezone,
        "pitching": unconference.pitching, "pitches_open": unconference.pitches_open,
        "grid_published": unconference.grid_published,
        "url": links.absolute(request, "unconf:detail", unconference.slug),
        "instance_url": links.absolute(request, "api:unconf_instance", unconference.slug) if grid else None,
        "grid_url": links.absolute(request, "api:unconf_grid", unconference.slug) if grid else None,
    }


@router.get("", response={200: list[UnconferenceOut], 401: ErrorOut}, url_name="unconf_list",
            summary="List unconferences",
            description="Unconferences of published events, those still to come first. `instance_url` and `grid_url` "
            "are given when you may see the grid (it is published, or you organise it). 401 for an unknown token.")
def list_unconferences(request: HttpRequest):
    user = _caller(request)
    return [_out(request, u, user) for u in selectors.unconference_list(user)]


@router.get("/{slug}", response={200: UnconferenceDetailOut, 401: ErrorOut, 404: ErrorOut}, url_name="unconf_detail",
            summary="One unconference and its pitches",
            description="The open pitches with their hosts and interest counts. Who marked interest is never shown.")
def unconference_detail(request: HttpRequest, slug: str):
    unconference, user = _unconference(request, slug)
    grid = permissions.can_see_grid(user, unconference)
    pitches = [
        {"id": p.pk, "title": p.title, "description": p.description, "kind": p.kind,
         "theme": p.theme.name if p.theme else None,
         "status": p.status if grid else Pitch.Status.PROPOSED,
         "hosts": [h.user.public_name for h in p.accepted_hosts], "interest": p.interest_count,
         "url": request.build_absolute_uri(p.get_absolute_url())}
        for p in sorted(selectors.pitch_list(unconference), key=lambda p: p.pk)
    ]
    return {**_out(request, unconference, user), "pitches": pitches}


def _grid_visible(request: HttpRequest, slug: str):
    unconference, user = _unconference(request, slug)
    if not permissions.can_see_grid(user, unconference):
        raise HttpError(404, _("The grid of this unconference is not published yet."))
    return unconference


EXACT = {"200": {"description": "Exactly the JSON of the scheduler contract (see the description)."}}


@router.get("/{slug}/instance", response={401: ErrorOut, 404: ErrorOut}, url_name="unconf_instance",
            summary="The grid's problem, as `oneteam schedule` reads it", openapi_extra={"responses": EXACT},
            description="Exactly the input format of `oneteam schedule`: rooms, slots (ISO 8601 in the event's "
            "zone), sessions with hosts and pins, interests and unavailable room-slots. People are pseudonyms, "
            "stable within one unconference. Public once the grid is published.")
def instance(request: HttpRequest, slug: str):
    unconference = _grid_visible(request, slug)
    return JsonResponse(selectors.build_instance(unconference).to_dict())


@router.get("/{slug}/grid", response={401: ErrorOut, 404: ErrorOut}, url_name="unconf_grid",
            summary="The current grid, as `oneteam schedule` prints it", openapi_extra={"responses": EXACT},
            description="Exactly the output format of `oneteam schedule`: assignments, unscheduled sessions, "
            "metrics (clashes, overflow, missed, lost) scored by the engine's own evaluator against `/instance`, "
            "and the lower bound of the last generation (null once interest changed since). "
            "Public once the grid is published.")
def grid(request: HttpRequest, slug: str):
    unconference = _grid_visible(request, slug)
    return JsonResponse(selectors.grid_output(unconference))


def _open_pitch(request, slug: str, pitch_id: int):
    unconference, user = _unconference(request, slug)
    pitch = selectors.visible_pitch(unconference, pitch_id, request.auth)
    if pitch is None:
        raise HttpError(404, _("There is no such pitch."))
    return pitch


@router.put("/{slug}/pitches/{pitch_id}/interest", auth=signed_in, response={200: InterestOut, 401: ErrorOut,
            403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}, summary="Mark your interest",
            description="Say you want to go. Marking twice counts once. 409 when the pitch is no longer open.")
def mark_interest(request: HttpRequest, slug: str, pitch_id: int):
    pitch = _open_pitch(request, slug, pitch_id)
    try:
        services.mark_interest(pitch=pitch, by=request.auth)
    except services.UnconfError as exc:
        raise HttpError(409, exc.message) from None
    return {"interested": True, "interest": selectors.interest_count(pitch)}


@router.delete("/{slug}/pitches/{pitch_id}/interest", auth=signed_in, response={200: InterestOut, 401: ErrorOut,
               403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}, summary="Withdraw your interest",
               description="Say you no longer want to go. Answers the pitch's interest count either way.")
def remove_interest(request: HttpRequest, slug: str, pitch_id: int):
    pitch = _open_pitch(request, slug, pitch_id)
    services.remove_interest(pitch=pitch, by=request.auth)
    return {"interested": False, "interest": selectors.interest_count(pitch)}
