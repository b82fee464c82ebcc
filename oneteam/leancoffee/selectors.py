"""Reads that the board pages, the live channel, exports and the API share.

Private captures and notes are left out unless the caller says the reader may
see them (``permissions.can_read_private``); the live channel never carries a
capture or a note at all, only counts, so nothing private can travel on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from oneteam.similarity import SimilarityIndex

from . import permissions
from .models import Board, Capture, Participant, RetroNote, Thumb, Topic, Vote

SIMILAR_LIMIT = 3
SIMILAR_MIN_SCORE = 0.0  # lexical matches share at least one stemmed word; that is enough for a hint


def visible_board(slug: str, user) -> Board | None:
    # Asked on every vote, so kept to one plain row: get(), not first() (whose ORDER BY doubles the
    # cost), and the chapter and event read only when something needs them (a page, an event's board).
    try:
        board = Board.objects.get(slug=slug)
    except Board.DoesNotExist:
        return None
    return board if permissions.can_see(user, board) else None


def board_for_code(code: str) -> Board | None:
    code = "".join(code.split()).upper()
    return Board.objects.select_related("chapter", "event").filter(join_code=code).first() if code else None


def vote_counts(board: Board) -> dict[int, int]:
    return dict(
        Vote.objects.filter(board=board).values("topic_id").annotate(n=Count("id")).values_list("topic_id", "n")
    )


def thumb_counts(board: Board) -> dict[str, int] | None:
    if board.current_topic_id is None:
        return None
    counts = dict(
        Thumb.objects.filter(topic_id=board.current_topic_id, round=board.extensions)
        .values("choice").annotate(n=Count("id")).values_list("choice", "n")
    )
    return {choice: counts.get(choice, 0) for choice in Thumb.Choice.values}


def live_state(board: Board) -> dict:
    """What every listener gets after each change: counts and the clock, never a text."""
    return {
        "v": board.version,
        "layout": board.layout,
        "phase": board.phase,
        "votes": {str(k): v for k, v in vote_counts(board).items()},
        "current": board.current_topic_id,
        "ends": board.timer_ends_at.isoformat() if board.timer_ends_at else None,
        "now": timezone.now().isoformat(),
        "thumbs": thumb_counts(board),
    }


def participant_of(board: Board, user, guest_ids: dict | None = None) -> Participant | None:
    """The reader's place on the board: their member seat, or the guest seat their session holds."""
    if getattr(user, "is_authenticated", False):
        return Participant.objects.filter(board=board, user=user).select_related("user").order_by().first()
    pk = (guest_ids or {}).get(str(board.pk))
    if pk is None or not board.guests_allowed:
        return None
    return Participant.objects.filter(board=board, pk=pk, user__isnull=True).first()


def topics(board: Board) -> list[Topic]:
    """The board's open topics with ``votes`` set: by votes (ties: earliest) once voting is over."""
    counts = vote_counts(board)
    listed = list(
        Topic.objects.filter(board=board).exclude(status=Topic.Status.MERGED).select_related("proposed_by__user")
    )
    merged: dict[int, list[Topic]] = {}
    for topic in Topic.objects.filter(board=board, status=Topic.Status.MERGED).order_by("created_at", "id"):
        merged.setdefault(topic.merged_into_id, []).append(topic)
    for topic in listed:
        topic.vote_count = counts.get(topic.pk, 0)
        topic.merged_titles = [m.title for m in merged.get(topic.pk, [])]
    if board.phase not in (Board.Phase.COLLECTING, Board.Phase.VOTING):
        listed.sort(key=lambda t: (-t.vote_count, t.created_at, t.pk))
    return listed


def captures(board: Board, *, include_private: bool) -> QuerySet[Capture]:
    queryset = Capture.objects.filter(topic__board=board).select_related("owner__user", "topic__board__chapter")
    return queryset if include_private else queryset.filter(private=False)


def retro_notes(board: Board, *, include_private: bool) -> QuerySet[RetroNote]:
    queryset = RetroNote.objects.filter(board=board)
    return queryset if include_private else queryset.filter(private=False)


@dataclass
class Column:
    kind: str
    label: str
    notes: list = field(default_factory=list)


def retro_columns(board: Board, *, include_private: bool) -> list[Column]:
    columns = {kind: Column(kind, label) for kind, label in RetroNote.Kind.choices}
    for note in retro_notes(board, include_private=include_private):
        columns[note.kind].notes.append(note)
    return list(columns.values())


@dataclass
class BoardPage:
    board: Board
    participant: Participant | None
    can_facilitate: bool
    to_discuss: list[Topic]
    discussing: list[Topic]
    discussed: list[Topic]
    all_topics: list[Topic]
    my_votes: dict[int, int]
    votes_left: int
    thumbs: dict[str, int] | None
    my_thumb: str | None
    columns: list[Column]
    participants: list[Participant]

    @property
    def thumb_rows(self) -> list[tuple[str, str, int]]:
        counts = self.thumbs or {}
        return [(choice, label, counts.get(choice, 0)) for choice, label in Thumb.Choice.choices]

    @property
    def current(self) -> Topic | None:
        return self.discussing[0] if self.discussing else None


def board_page(board: Board, user, participant: Participant | None) -> BoardPage:
    can_facilitate = permissions.can_facilitate(user, board)
    listed = topics(board)
    caught: dict[int, list[Capture]] = {}
    for capture in captures(board, include_private=can_facilitate):
        caught.setdefault(capture.topic_id, []).append(capture)
    for topic in listed:
        topic.captured = caught.get(topic.pk, [])
    my_votes: dict[int, int] = {}
    my_thumb = None
    if participant is not None:
        for topic_id in Vote.objects.filter(participant=participant).values_list("topic_id", flat=True):
            my_votes[topic_id] = my_votes.get(topic_id, 0) + 1
        if board.current_topic_id:
            my_thumb = (
                Thumb.objects.filter(topic_id=board.current_topic_id, participant=participant, round=board.extensions)
                .values_list("choice", flat=True).first()
            )
    for topic in listed:
        topic.mine = my_votes.get(topic.pk, 0)
    return BoardPage(
        board=board,
        participant=participant,
        can_facilitate=can_facilitate,
        to_discuss=[t for t in listed if t.status == Topic.Status.TO_DISCUSS],
        discussing=[t for t in listed if t.status == Topic.Status.DISCUSSING],
        discussed=[t for t in listed if t.status == Topic.Status.DISCUSSED],
        all_topics=listed,
        my_votes=my_votes,
        votes_left=board.votes_per_person - sum(my_votes.values()),
        thumbs=thumb_counts(board),
        my_thumb=my_thumb,
        columns=retro_columns(board, include_private=can_facilitate),
        participants=list(Participant.objects.filter(board=board).select_related("user")) if can_facilitate else [],
    )


@dataclass
class Notes:
    """What a board produced, for the event page and the exports."""

    board: Board
    topics: list[Topic]
    columns: list[Column]

    @property
    def has_retro(self) -> bool:
        return any(c.notes for c in self.columns)

    @property
    def is_empty(self) -> bool:
        return not any(t.captured for t in self.topics) and not any(c.notes for c in self.columns)


def notes(board: Board, *, include_private: bool = False) -> Notes:
    listed = [t for t in topics(board) if t.status != Topic.Status.TO_DISCUSS or board.is_closed]
    caught: dict[int, list[Capture]] = {}
    for capture in captures(board, include_private=include_private):
        caught.setdefault(capture.topic_id, []).append(capture)
    for topic in listed:
        topic.captured = caught.get(topic.pk, [])
    discussed = [t for t in listed if t.status in (Topic.Status.DISCUSSED, Topic.Status.DISCUSSING) or t.captured]
    return Notes(board, discussed, retro_columns(board, include_private=include_private))


def event_board(event) -> Board | None:
    return Board.objects.filter(event=event).select_related("chapter", "event").first()


def chapter_boards(chapter) -> QuerySet[Board]:
    return Board.objects.filter(chapter=chapter, event__isnull=True)


def my_actions(user) -> QuerySet[Capture]:
    """Actions the person owns on closed boards they may see (their own private ones included)."""
    if not getattr(user, "is_authenticated", False):
        return Capture.objects.none()
    return (
        Capture.objects.filter(kind=Capture.Kind.ACTION, owner__user=user)
        .filter(Q(topic__board__event__isnull=True) | Q(topic__board__event__published_at__isnull=False))
        .select_related("topic__board__chapter", "owner")
        .order_by("due", "created_at")
    )


def similar_topics(board: Board, text: str, *, exclude: int | None = None) -> list[Topic]:
    """Topics already on the board that read like ``text`` (lexical similarity is plenty here)."""
    text = text.strip()
    if not text:
        return []
    candidates = {
        str(t.pk): t for t in Topic.objects.filter(board=board).exclude(status=Topic.Status.MERGED) if t.pk != exclude
    }
    if not candidates:
        return []
    index = SimilarityIndex.build([(key, f"{t.title}\n{t.detail}") for key, t in candidates.items()])
    matches = index.search(text, k=SIMILAR_LIMIT)
    return [candidates[m.id] for m in matches if m.score > SIMILAR_MIN_SCORE]
