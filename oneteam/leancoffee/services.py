"""Writes on a lean coffee board.

Like every app's services: keyword-only arguments, ``by`` the one acting (a
``User`` for facilitators, the ``Participant`` for what anyone taking part
does), each function in one transaction, a refused change raises
``BoardError`` with a message for the person, acting without the right role
raises ``PermissionDenied``.

Every write first locks the board's row (``SELECT … FOR UPDATE``; SQLite's
``IMMEDIATE`` transactions take the write lock), so changes to one board
happen one after another and each gets the next ``version``; so do one
person's votes, sent from several tabs at once. The numbered-slot constraint
on ``Vote`` is the database's own guard against a vote beyond the limit. The change is published
on the live channel when the transaction commits: a client that has been told
about a vote can find it in the database.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneteam.chapters.webhooks import announce
from oneteam.core import live
from oneteam.core.errors import ServiceError
from oneteam.core.slugs import save_with_unique_slug
from oneteam.events.models import Event

from . import permissions, selectors
from .models import MAX_MINUTES, MAX_VOTES, Board, Capture, Facilitator, Participant, RetroNote, Thumb, Topic, Vote

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and off screens
CODE_LENGTH = 6
SETTINGS = (
    "title", "votes_per_person", "allow_stacking", "timebox_minutes", "first_extension_minutes",
    "later_extension_minutes", "guests_allowed",
)
# Where a facilitator may move the board from each phase.
NEXT_PHASES = {
    Board.Phase.COLLECTING: {Board.Phase.VOTING},
    Board.Phase.VOTING: {Board.Phase.COLLECTING, Board.Phase.DISCUSSING},
    Board.Phase.DISCUSSING: {Board.Phase.VOTING, Board.Phase.RETROSPECTIVE},
    Board.Phase.RETROSPECTIVE: {Board.Phase.DISCUSSING, Board.Phase.CLOSED},
    Board.Phase.CLOSED: set(),
}
RESERVED_SLUGS = frozenset({"new", "join", "chapter", "event"})


@dataclass(frozen=True)
class Ballot:
    """What a vote or a take-back leaves: the person's votes left and on this topic, and the board's version."""

    left: int
    on_topic: int
    version: int


class BoardError(ServiceError):
    """A change to a lean coffee board that the rules refuse, with a message for the person."""


# --- Helpers -------------------------------------------------------------------


def _locked(board: Board) -> Board:
    """The board read again under its lock (its chapter and event are read only if a change needs them)."""
    return Board.objects.select_for_update().get(pk=board.pk)


def _require_facilitator(board: Board, by) -> None:
    if not permissions.can_facilitate(by, board):
        raise PermissionDenied(_("Only the board's facilitators can do this."))


def _require_participant(board: Board, by: Participant) -> Participant:
    if not isinstance(by, Participant) or by.board_id != board.pk:
        raise PermissionDenied(_("Join this board to take part."))
    if by.user_id is not None and not by.user.is_active:
        raise PermissionDenied(_("Join this board to take part."))
    if by.user_id is None and not board.guests_allowed:
        raise PermissionDenied(_("The facilitators have closed this board to guests."))
    return by


def _changed(board: Board, *, layout: bool = True) -> None:
    """Give the change the board's next version and publish the new state when it commits."""
    board.version += 1
    fields = ["version"]
    if layout:
        board.layout += 1
        fields.append("layout")
    Board.objects.filter(pk=board.pk).update(**{name: getattr(board, name) for name in fields})
    live.publish(board.channel, "board", selectors.live_state(board), id=board.version)


def _check_settings(data: dict) -> None:
    unknown = set(data) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Unknown board settings: {', '.join(sorted(unknown))}")
    if "title" in data and not str(data["title"]).strip():
        raise BoardError(_("Enter a title"), field="title")
    if "votes_per_person" in data and not 1 <= data["votes_per_person"] <= MAX_VOTES:
        raise BoardError(
            _("Votes per person must be between 1 and %(max)s") % {"max": MAX_VOTES}, field="votes_per_person"
        )
    for name in ("timebox_minutes", "first_extension_minutes", "later_extension_minutes"):
        if name in data and not 1 <= data[name] <= MAX_MINUTES:
            raise BoardError(_("Minutes must be between 1 and %(max)s") % {"max": MAX_MINUTES}, field=name)


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Board.objects.filter(join_code=code).exists():
            return code


# --- Boards and facilitators ------------------------------------------------------


@transaction.atomic
def create_board(*, by, chapter=None, event: Event | None = None, **data) -> Board:
    """A board for a lean coffee event, or a standalone board of a chapter."""
    if event is not None:
        event = Event.objects.select_for_update().select_related("chapter").get(pk=event.pk)
        chapter = event.chapter
        if event.format != Event.Format.LEAN_COFFEE:
            raise BoardError(_("Only a lean coffee event can have a board."))
        if event.is_cancelled:
            raise BoardError(_("This event is cancelled."))
        if Board.objects.filter(event=event).exists():
            raise BoardError(_("This event already has a board."))
        data.setdefault("title", event.title)
    if chapter is None:
        raise TypeError("create_board needs a chapter or an event")
    if not permissions.can_create_for_chapter(by, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can start a board."))
    _check_settings(data)
    board = Board(chapter=chapter, event=event, created_by=by, join_code=_new_code(), **data)
    return save_with_unique_slug(board, board.title, reserved=RESERVED_SLUGS, fallback="lean-coffee")


@transaction.atomic
def update_board(*, board: Board, by, **data) -> Board:
    """Change the settings. The votes rules are fixed once voting has started."""
    board = _locked(board)
    _require_facilitator(board, by)
    _check_settings(data)
    if board.is_closed:
        raise BoardError(_("This board is closed."))
    voted = Vote.objects.filter(board=board).exists()
    for name in ("votes_per_person", "allow_stacking"):
        if name in data and data[name] != getattr(board, name) and voted:
            raise BoardError(_("People have voted, so the voting rules can no longer change."), field=name)
    for name, value in data.items():
        setattr(board, name, value)
    board.save(update_fields=list(data))
    _changed(board)
    return board


@transaction.atomic
def add_facilitator(*, board: Board, by, user) -> Facilitator:
    board = _locked(board)
    _require_facilitator(board, by)
    if not user.is_active:
        raise BoardError(_("That account is not active."))
    facilitator, _created = Facilitator.objects.get_or_create(board=board, user=user)
    return facilitator


@transaction.atomic
def remove_facilitator(*, board: Board, by, user) -> None:
    board = _locked(board)
    _require_facilitator(board, by)
    Facilitator.objects.filter(board=board, user=user).delete()


# --- Joining ---------------------------------------------------------------------


def join_as_member(*, board: Board, by) -> Participant:
    """The signed-in person's place on the board (made the first time they take part).

    Asked on every vote, so finding an existing place is one read, outside any
    transaction; only making a new one writes (in its own transaction).
    """
    if not permissions.can_take_part_as_member(by, board):
        raise PermissionDenied(_("Sign in to take part."))
    participant = Participant.objects.filter(board=board, user=by).order_by().first()  # no ORDER BY: one row at most
    if participant is not None:
        participant.user = by
        return participant
    try:
        with transaction.atomic():
            return Participant.objects.create(board=board, user=by)
    except IntegrityError:  # the same person joined from another tab a moment ago
        return Participant.objects.get(board=board, user=by)


@transaction.atomic
def join_as_guest(*, board: Board, name: str) -> Participant:
    board = _locked(board)
    if not permissions.can_join_as_guest(board):
        raise BoardError(_("This board does not take guests."))
    name = " ".join(name.split())
    if not name:
        raise BoardError(_("Enter your name"), field="name")
    if len(name) > 60:
        raise BoardError(_("Your name must be 60 characters or fewer"), field="name")
    return Participant.objects.create(board=board, guest_name=name)


# --- Topics and votes ---------------------------------------------------------------


@transaction.atomic
def propose_topic(*, board: Board, by: Participant, title: str, detail: str = "") -> Topic:
    board = _locked(board)
    _require_participant(board, by)
    if not board.takes_topics:
        raise BoardError(_("Topics can only be proposed while collecting and voting."))
    title, detail = " ".join(title.split()), " ".join(detail.split())
    if not title:
        raise BoardError(_("Enter a topic"), field="title")
    if len(title) > 150:
        raise BoardError(_("A topic must be 150 characters or fewer"), field="title")
    if len(detail) > 200:
        raise BoardError(_("The detail must be 200 characters or fewer"), field="detail")
    topic = Topic.objects.create(board=board, title=title, detail=detail, proposed_by=by)
    _changed(board)
    return topic


def _board_topic(board: Board, topic: Topic | int) -> Topic:
    """The topic (or topic id), read again under the board's lock; refused if it belongs to another board."""
    fresh = Topic.objects.filter(pk=getattr(topic, "pk", topic), board=board).order_by().first()
    if fresh is None:
        raise BoardError(_("That topic is not on this board."))
    return fresh


@transaction.atomic
def vote(*, board: Board, topic: Topic, by: Participant) -> Ballot:
    """Put one of the person's dots on the topic."""
    board = _locked(board)
    _require_participant(board, by)
    topic = _board_topic(board, topic)
    if not board.is_voting:
        raise BoardError(_("Voting is not open."))
    if topic.status != Topic.Status.TO_DISCUSS:
        raise BoardError(_("That topic is no longer open for votes."))
    mine = list(Vote.objects.filter(participant=by).values_list("slot", "topic_id"))
    on_topic = sum(1 for _slot, topic_id in mine if topic_id == topic.pk)
    if on_topic and not board.allow_stacking:
        raise BoardError(_("You have already voted for this topic."))
    taken = {slot for slot, _topic in mine}
    free = [slot for slot in range(1, board.votes_per_person + 1) if slot not in taken]
    if not free:
        raise BoardError(_("You have used all your votes. Take one back to vote for another topic."))
    try:  # no savepoint needed: a refused insert ends the whole transaction, which changes nothing else
        Vote.objects.create(board=board, topic=topic, participant=by, slot=free[0])
    except IntegrityError:  # cannot happen under the board's lock; the constraint is the last guard
        raise BoardError(_("You have used all your votes. Take one back to vote for another topic.")) from None
    _changed(board, layout=False)
    return Ballot(left=len(free) - 1, on_topic=on_topic + 1, version=board.version)


@transaction.atomic
def unvote(*, board: Board, topic: Topic, by: Participant) -> Ballot:
    """Take back one of the person's dots from the topic."""
    board = _locked(board)
    _require_participant(board, by)
    topic = _board_topic(board, topic)
    if not board.is_voting:
        raise BoardError(_("Voting is not open."))
    mine = list(Vote.objects.filter(participant=by).values_list("pk", "topic_id", "slot"))
    here = sorted((slot, pk) for pk, topic_id, slot in mine if topic_id == topic.pk)
    if not here:
        raise BoardError(_("You have no vote on that topic."))
    Vote.objects.filter(pk=here[-1][1]).delete()
    _changed(board, layout=False)
    return Ballot(left=board.votes_per_person - len(mine) + 1, on_topic=len(here) - 1, version=board.version)


@transaction.atomic
def merge_topics(*, board: Board, by, source: Topic, target: Topic) -> Topic:
    """Fold ``source`` into ``target``: its votes move across, nobody gains a vote.

    A vote keeps its slot, so nobody holds more votes than before. When
    stacking is not allowed, a person who voted for both keeps one vote on
    the merged topic and gets the other back.
    """
    board = _locked(board)
    _require_facilitator(board, by)
    source, target = _board_topic(board, source), _board_topic(board, target)
    if not board.takes_topics:
        raise BoardError(_("Topics can only be merged while collecting and voting."))
    if source.pk == target.pk:
        raise BoardError(_("Choose two different topics."), field="target")
    if source.status != Topic.Status.TO_DISCUSS or target.status != Topic.Status.TO_DISCUSS:
        raise BoardError(_("Only topics still to discuss can be merged."))
    if not board.allow_stacking:  # without stacking, nobody holds two votes on one topic
        on_target = Vote.objects.filter(topic=target).values_list("participant_id", flat=True)
        Vote.objects.filter(topic=source, participant_id__in=list(on_target)).delete()
    Vote.objects.filter(topic=source).update(topic=target)
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    source.status, source.merged_into = Topic.Status.MERGED, target
    source.save(update_fields=["status", "merged_into"])
    _changed(board)
    return target


@transaction.atomic
def remove_topic(*, board: Board, by, topic: Topic) -> None:
    """Take an abusive or mistaken card off the board; its votes go back to their owners."""
    board = _locked(board)
    _require_facilitator(board, by)
    topic = _board_topic(board, topic)
    if board.current_topic_id == topic.pk:
        board.current_topic, board.timer_ends_at, board.extensions = None, None, 0
        board.save(update_fields=["current_topic", "timer_ends_at", "extensions"])
    topic.delete()
    _changed(board)


# --- Phases and the timer --------------------------------------------------------------


@transaction.atomic
def set_phase(*, board: Board, by, phase: str, announce_notes: bool = True) -> Board:
    """Move the board on. Closing publishes the notes and announces them to the chapter's channel, unless
    ``announce_notes`` is False (replaying a past board, as the demo loader does: that news is old)."""
    board = _locked(board)
    _require_facilitator(board, by)
    if phase not in Board.Phase.values:
        raise BoardError(_("Choose a phase from the list."), field="phase")
    if phase == board.phase:
        return board
    if phase not in NEXT_PHASES[board.phase]:
        raise BoardError(
            _("The board cannot go from %(now)s to %(next)s.")
            % {"now": board.get_phase_display(), "next": Board.Phase(phase).label}
        )
    if board.current_topic_id is not None:
        Topic.objects.filter(pk=board.current_topic_id).update(status=Topic.Status.DISCUSSED)
        board.current_topic, board.timer_ends_at, board.extensions = None, None, 0
    board.phase = phase
    board.closed_at = timezone.now() if phase == Board.Phase.CLOSED else None
    board.save(update_fields=["phase", "closed_at", "current_topic", "timer_ends_at", "extensions"])
    _changed(board)
    if phase == Board.Phase.CLOSED and announce_notes:  # closing publishes the notes (closed is final: once)
        _announce_notes(board)
    return board


def _announce_notes(board: Board) -> None:
    """Post the published notes to the chapter's Slack or Teams channel, if it has one: public items only."""
    if not permissions.is_public(board):
        return  # a draft event's board is not public: nothing of it leaves the site
    link = settings.SITE_URL + (board.event.get_absolute_url() + "#lean-coffee" if board.event_id is not None
                                else board.get_absolute_url())
    notes = selectors.notes(board, include_private=False)
    lines = [_("The notes of the lean coffee “%(title)s” are published: %(link)s") % {"title": board.title,
                                                                                         "link": link}]
    if notes.topics:
        lines.append(_("We talked about: %(topics)s") % {"topics": "; ".join(t.title for t in notes.topics)})
    actions = [c.text for t in notes.topics for c in t.captured if c.is_action]
    if actions:
        lines.append(_("Actions: %(actions)s") % {"actions": "; ".join(actions)})
    announce(board.chapter, "\n".join(lines))


@transaction.atomic
def start_topic(*, board: Board, by, topic: Topic) -> Board:
    """Discuss this topic now: the one before is done, and the timebox starts."""
    board = _locked(board)
    _require_facilitator(board, by)
    topic = _board_topic(board, topic)
    if not board.is_discussing:
        raise BoardError(_("Move the board to discussing first."))
    if topic.status != Topic.Status.TO_DISCUSS:
        raise BoardError(_("That topic is not waiting to be discussed."))
    Topic.objects.filter(board=board, status=Topic.Status.DISCUSSING).update(status=Topic.Status.DISCUSSED)
    now = timezone.now()
    topic.status, topic.started_at = Topic.Status.DISCUSSING, now
    topic.save(update_fields=["status", "started_at"])
    board.current_topic = topic
    board.timer_ends_at = now + dt.timedelta(minutes=board.timebox_minutes)
    board.extensions = 0
    board.save(update_fields=["current_topic", "timer_ends_at", "extensions"])
    _changed(board)
    return board


@transaction.atomic
def extend_topic(*, board: Board, by) -> Board:
    """More time for the current topic: the first extension, then the shorter ones."""
    board = _locked(board)
    _require_facilitator(board, by)
    if board.current_topic_id is None:
        raise BoardError(_("No topic is being discussed."))
    start = max(board.timer_ends_at or timezone.now(), timezone.now())
    board.timer_ends_at = start + dt.timedelta(minutes=board.next_extension_minutes)
    board.extensions += 1
    board.save(update_fields=["timer_ends_at", "extensions"])
    _changed(board)
    return board


@transaction.atomic
def finish_topic(*, board: Board, by) -> Board:
    board = _locked(board)
    _require_facilitator(board, by)
    if board.current_topic_id is None:
        raise BoardError(_("No topic is being discussed."))
    Topic.objects.filter(pk=board.current_topic_id).update(status=Topic.Status.DISCUSSED)
    board.current_topic, board.timer_ends_at, board.extensions = None, None, 0
    board.save(update_fields=["current_topic", "timer_ends_at", "extensions"])
    _changed(board)
    return board


@transaction.atomic
def thumb(*, board: Board, by: Participant, choice: str) -> Thumb:
    """Keep going, either way, or move on: once the timebox has run out, one thumb a round (changeable)."""
    board = _locked(board)
    _require_participant(board, by)
    if choice not in Thumb.Choice.values:
        raise BoardError(_("Choose keep going, either way or move on."), field="choice")
    if board.current_topic_id is None:
        raise BoardError(_("No topic is being discussed."))
    if not board.timer_over:
        raise BoardError(_("The thumbs vote opens when the time is up."))
    thumb, _created = Thumb.objects.update_or_create(
        topic_id=board.current_topic_id, participant=by, round=board.extensions, defaults={"choice": choice}
    )
    _changed(board, layout=False)
    return thumb


# --- Captures and the 4Ls ----------------------------------------------------------------


@transaction.atomic
def add_capture(
    *, board: Board, by, topic: Topic, kind: str, text: str, owner: Participant | None = None,
    owner_name: str = "", due: dt.date | None = None, private: bool = False,
) -> Capture:
    board = _locked(board)
    _require_facilitator(board, by)
    topic = _board_topic(board, topic)
    if topic.is_merged:
        raise BoardError(_("That topic was merged into another."))
    if board.is_closed:
        raise BoardError(_("This board is closed."))
    text = " ".join(text.split())
    if not text:
        raise BoardError(_("Enter the insight or action"), field="text")
    if kind not in Capture.Kind.values:
        raise BoardError(_("Choose insight or action"), field="kind")
    if owner is not None and owner.board_id != board.pk:
        raise BoardError(_("The owner must be taking part in this board."), field="owner")
    if kind == Capture.Kind.INSIGHT and (owner is not None or owner_name.strip() or due):
        raise BoardError(_("Only an action has an owner and a due date."), field="kind")
    capture = Capture.objects.create(
        topic=topic, kind=kind, text=text[:500], owner=owner, owner_name=owner_name.strip()[:120], due=due,
        private=private,
    )
    _changed(board)
    return capture


@transaction.atomic
def add_retro_note(*, board: Board, by: Participant, kind: str, text: str) -> RetroNote:
    board = _locked(board)
    _require_participant(board, by)
    if not board.is_retrospective:
        raise BoardError(_("Notes go on the board during the retrospective."))
    if kind not in RetroNote.Kind.values:
        raise BoardError(_("Choose liked, learned, lacked or longed for"), field="kind")
    text = " ".join(text.split())
    if not text:
        raise BoardError(_("Enter your note"), field="text")
    if len(text) > 300:
        raise BoardError(_("A note must be 300 characters or fewer"), field="text")
    note = RetroNote.objects.create(board=board, kind=kind, text=text, by=by)
    _changed(board)
    return note


def _item(board: Board, kind: str, pk: int) -> Capture | RetroNote:
    if kind == "capture":
        item = Capture.objects.filter(pk=pk, topic__board=board).first()
    elif kind == "note":
        item = RetroNote.objects.filter(pk=pk, board=board).first()
    else:
        item = None
    if item is None:
        raise BoardError(_("That item is not on this board."))
    return item


@transaction.atomic
def set_private(*, board: Board, by, kind: str, pk: int, private: bool) -> Capture | RetroNote:
    """Keep an insight, action or note to the facilitators (or open it again), before or after closing."""
    board = _locked(board)
    _require_facilitator(board, by)
    item = _item(board, kind, pk)
    item.private = private
    item.save(update_fields=["private"])
    _changed(board)
    return item


@transaction.atomic
def remove_item(*, board: Board, by, kind: str, pk: int) -> None:
    """Take an abusive or mistaken capture or note off the board."""
    board = _locked(board)
    _require_facilitator(board, by)
    _item(board, kind, pk).delete()
    _changed(board)
