"""Who may do what on a lean coffee board: decided here, once, and asked everywhere else.

- **Seeing** a board: anyone who may see its event (published events are
  public; a draft's board is for its organisers), and anyone for a chapter's
  standalone board.
- **Facilitating** (moving the phase, the timer, captures, merging, removing
  a card, marking an item private): the chapter's organisers and the board's
  co-facilitators.
- **Taking part** (proposing, voting, thumbs, 4Ls notes): any signed-in
  member, and guests who joined with the link or code while the facilitators
  allow guests. Each is a ``Participant`` of the board.
- **Private** captures and notes are read by facilitators only, on every
  surface (the board, the live channel, the event page, exports, the API).
"""

from __future__ import annotations

from oneteam.chapters.permissions import can_organise
from oneteam.events import permissions as event_permissions

from .models import Board, Facilitator


def can_create_for_chapter(user, chapter) -> bool:
    return can_organise(user, chapter)


def is_public(board: Board) -> bool:
    """Anyone may read it: a chapter's standalone board, or the board of a public event (never a draft's)."""
    return board.event_id is None or event_permissions.is_public(board.event)


def can_see(user, board: Board) -> bool:
    if board.event_id is not None:
        return event_permissions.can_see(user, board.event)
    return True


def can_facilitate(user, board: Board) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if can_organise(user, board.chapter):
        return True
    return Facilitator.objects.filter(board=board, user=user).exists()


def can_take_part_as_member(user, board: Board) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and can_see(user, board))


def can_join_as_guest(board: Board) -> bool:
    return board.guests_allowed and not board.is_closed


def can_read_private(user, board: Board) -> bool:
    return can_facilitate(user, board)


def can_take_forward(user, capture) -> bool:
    """Turn a captured action into further work (a goal's action, a microaction): its owner and the facilitators,
    once the board is in its retrospective or closed. Nobody else, so a private action is never offered to others."""
    if not capture.is_action or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    board = capture.topic.board
    if board.phase not in (Board.Phase.RETROSPECTIVE, Board.Phase.CLOSED):
        return False
    if capture.owner_id is not None and capture.owner.user_id == user.pk and can_see(user, board):
        return True
    return can_facilitate(user, board)
