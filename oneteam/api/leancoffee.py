"""Lean coffee boards: the public state of a board, proposing topics and voting.

The same selectors and services as the board's pages: private captures and
notes are never in an answer, and votes obey the same limit and phases.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from oneteam.leancoffee import selectors, services
from oneteam.leancoffee.models import Board, Topic

from . import links
from .auth import signed_in
from .schemas import ErrorOut, Input, ValidationErrorOut

router = Router()

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


class CaptureOut(Schema):
    kind: str = Field(..., description="insight or action")
    text: str
    owner: str = Field("", description="Who owns an action (a participant's public name, or a name typed in).")
    due: dt.date | None = None


class TopicOut(Schema):
    id: int
    title: str
    detail: str
    status: str = Field(..., description="to_discuss, discussing or discussed")
    votes: int
    merged: list[str] = Field(..., description="Titles of topics merged into this one.")
    captures: list[CaptureOut]


class NoteOut(Schema):
    kind: str = Field(..., description="liked, learned, lacked or longed_for")
    text: str


class BoardOut(Schema):
    slug: str
    title: str
    url: str
    event_url: str | None
    phase: str = Field(..., description="collecting, voting, discussing, retrospective or closed")
    version: int = Field(..., description="Goes up with every change: the id of the live channel's messages.")
    votes_per_person: int
    allow_stacking: bool
    timebox_minutes: int
    current_topic: int | None
    timer_ends_at: dt.datetime | None
    topics: list[TopicOut]
    retrospective: list[NoteOut]


class TopicIn(Input):
    title: str = Field(..., min_length=1, max_length=150)
    detail: str = Field("", max_length=200)


class VoteOut(Schema):
    votes_left: int
    version: int


def _board(request: HttpRequest, slug: str) -> Board:
    user = request.auth if getattr(request, "auth", None) else request.user
    board = selectors.visible_board(slug, user) if links.is_slug(slug) else None
    if board is None:
        raise HttpError(404, _("There is no lean coffee board at this address."))
    return board


def _board_out(request: HttpRequest, board: Board) -> dict:
    caught: dict[int, list] = {}
    for capture in selectors.captures(board, include_private=False):
        caught.setdefault(capture.topic_id, []).append({
            "kind": capture.kind, "text": capture.text, "owner": capture.owner_display if capture.is_action else "",
            "due": capture.due,
        })
    return {
        "slug": board.slug, "title": board.title, "url": request.build_absolute_uri(board.get_absolute_url()),
        "event_url": request.build_absolute_uri(board.event.get_absolute_url()) if board.event_id else None,
        "phase": board.phase, "version": board.version, "votes_per_person": board.votes_per_person,
        "allow_stacking": board.allow_stacking, "timebox_minutes": board.timebox_minutes,
        "current_topic": board.current_topic_id, "timer_ends_at": board.timer_ends_at,
        "topics": [
            {"id": t.pk, "title": t.title, "detail": t.detail, "status": t.status, "votes": t.vote_count,
             "merged": t.merged_titles, "captures": caught.get(t.pk, [])}
            for t in selectors.topics(board)
        ],
        "retrospective": [{"kind": n.kind, "text": n.text} for n in selectors.retro_notes(board, include_private=False)],
    }


@router.get("/{slug}", response={200: BoardOut, 404: ErrorOut}, url_name="leancoffee_board",
            summary="A lean coffee board",
            description="Phase, settings, topics with their votes (ordered by votes once voting is over), the "
            "public insights and actions, and the 4Ls notes. Private items are never included.")
def board(request: HttpRequest, slug: str):
    return _board_out(request, _board(request, slug))


def _participant(request: HttpRequest, board: Board):
    try:
        return services.join_as_member(board=board, by=request.auth)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("You cannot take part in this board.")) from None


def _topic(board: Board, topic_id: int) -> Topic:
    topic = Topic.objects.filter(pk=topic_id, board=board).first()
    if topic is None:
        raise HttpError(404, _("That topic is not on this board."))
    return topic


@router.post("/{slug}/topics", auth=signed_in, response={201: TopicOut, **ERRORS}, summary="Propose a topic",
             description="While the board is collecting or voting. 409 in any other phase.")
def propose(request: HttpRequest, slug: str, payload: TopicIn):
    board = _board(request, slug)
    try:
        topic = services.propose_topic(board=board, by=_participant(request, board), title=payload.title,
                                       detail=payload.detail)
    except services.BoardError as exc:
        raise HttpError(409, exc.message) from None
    return Status(201, {"id": topic.pk, "title": topic.title, "detail": topic.detail, "status": topic.status, "votes": 0,
                 "merged": [], "captures": []})


def _vote(request, slug, topic_id, action):
    board = _board(request, slug)
    topic = _topic(board, topic_id)
    try:
        ballot = action(board=board, topic=topic, by=_participant(request, board))
    except services.BoardError as exc:
        raise HttpError(409, exc.message) from None
    return {"votes_left": ballot.left, "version": ballot.version}


@router.post("/{slug}/topics/{topic_id}/votes", auth=signed_in, response={200: VoteOut, **ERRORS},
             summary="Vote for a topic",
             description="One of your votes on the topic, while voting is open. 409 with the reason when it is "
             "refused: voting closed, no votes left, or a second vote on one topic where stacking is not allowed.")
def vote(request: HttpRequest, slug: str, topic_id: int):
    return _vote(request, slug, topic_id, services.vote)


@router.delete("/{slug}/topics/{topic_id}/votes", auth=signed_in, response={200: VoteOut, **ERRORS},
               summary="Take a vote back", description="Removes one of your votes from the topic, while voting is open.")
def unvote(request: HttpRequest, slug: str, topic_id: int):
    return _vote(request, slug, topic_id, services.unvote)
