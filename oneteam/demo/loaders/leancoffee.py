"""leancoffee.toml: the boards of lean coffee events, their topics, votes, notes and phase.

Each board is started by its event's chapter's first organiser
(``create_board``), people take part through ``join_as_member``,
``propose_topic`` and ``vote``, the organiser moves it along with
``set_phase``, ``start_topic``, ``add_capture`` and ``finish_topic``, and the
4Ls go in with ``add_retro_note``, exactly as on the site. A board that exists
already is left as it is: what happened on it stands.
"""

from __future__ import annotations

import datetime as dt

from oneteam.chapters.selectors import organisers
from oneteam.leancoffee import services
from oneteam.leancoffee.models import Board, RetroNote

from ..context import Checker, Context, pin_slug, where, where_in

FILE = "leancoffee.toml"
BOARD_OPTIONAL = {"topics": list, "retro": dict, "votes_per_person": int, "guests_allowed": bool}
TOPIC_FIELDS = {"by": str, "title": str}
TOPIC_OPTIONAL = {"detail": str, "votes": list, "discussed": bool, "insights": list, "actions": list}
ACTION_FIELDS = {"text": str}
ACTION_OPTIONAL = {"owner": str, "owner_name": str, "due_in_days": int, "private": bool}
PHASES = [value for value in Board.Phase.values]


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"boards": dict})
    for slug, spec in data.get("boards", {}).items() if isinstance(data.get("boards"), dict) else []:
        place = where(FILE, "boards", slug)
        checker.refer("event", slug, place)
        if not checker.table(spec, place, required={"phase": str}, optional=BOARD_OPTIONAL):
            continue
        checker.choice(spec["phase"], PHASES, where_in(place, "phase"))
        for index, topic in enumerate(spec.get("topics", [])):
            spot = where_in(where_in(place, "topics"), index)
            if not checker.table(topic, spot, required=TOPIC_FIELDS, optional=TOPIC_OPTIONAL):
                continue
            checker.refer("person", topic["by"], where_in(spot, "by"))
            for n, email in checker.texts(topic.get("votes", []), where_in(spot, "votes")):
                checker.refer("person", email, where_in(where_in(spot, "votes"), n))
            checker.texts(topic.get("insights", []), where_in(spot, "insights"))
            for n, action in enumerate(topic.get("actions", [])):
                at = where_in(where_in(spot, "actions"), n)
                if checker.table(action, at, required=ACTION_FIELDS, optional=ACTION_OPTIONAL) and "owner" in action:
                    checker.refer("person", action["owner"], where_in(at, "owner"))
        retro = spec.get("retro", {})
        for kind, notes in retro.items():
            checker.choice(kind, RetroNote.Kind.values, where_in(where_in(place, "retro"), kind))
            checker.texts(notes, where_in(where_in(place, "retro"), kind))


def load(data: dict, ctx: Context) -> None:
    for slug, spec in data.get("boards", {}).items():
        event = ctx.get("event", slug)
        board = Board.objects.filter(event=event).first()
        if board is None:
            board = _run(slug, spec, event, ctx)
        ctx.keep("board", slug, board)


def _move(board: Board, organiser, phase: str) -> Board:
    order = PHASES
    while order.index(board.phase) < order.index(phase):
        board = services.set_phase(board=board, by=organiser, phase=order[order.index(board.phase) + 1],
                                   announce_notes=False)  # a past board: no news for the chapter's channel
    return board


def _run(slug: str, spec: dict, event, ctx: Context) -> Board:
    organiser = organisers(event.chapter)[0]
    board = services.create_board(
        by=organiser, event=event, votes_per_person=spec.get("votes_per_person", 3),
        guests_allowed=spec.get("guests_allowed", False),
    )
    pin_slug(board, slug)
    ctx.count()
    seats = {}

    def seat(email):
        if email not in seats:
            seats[email] = services.join_as_member(board=board, by=ctx.get("person", email))
        return seats[email]

    topics = []
    for topic in spec.get("topics", []):
        made = services.propose_topic(board=board, by=seat(topic["by"]), title=topic["title"],
                                      detail=topic.get("detail", ""))
        topics.append((made, topic))
        ctx.count()
    target = spec["phase"]
    if PHASES.index(target) >= PHASES.index("voting"):
        board = _move(board, organiser, "voting")
        for made, topic in topics:
            for email in topic.get("votes", []):
                services.vote(board=board, topic=made, by=seat(email))
                ctx.count()
    if PHASES.index(target) >= PHASES.index("discussing"):
        board = _move(board, organiser, "discussing")
        for made, topic in topics:
            if not topic.get("discussed"):
                continue
            board = services.start_topic(board=board, by=organiser, topic=made)
            for text in topic.get("insights", []):
                services.add_capture(board=board, by=organiser, topic=made, kind="insight", text=text)
                ctx.count()
            for action in topic.get("actions", []):
                due = ctx.now.date() + dt.timedelta(days=action["due_in_days"]) if "due_in_days" in action else None
                services.add_capture(
                    board=board, by=organiser, topic=made, kind="action", text=action["text"],
                    owner=seat(action["owner"]) if "owner" in action else None,
                    owner_name=action.get("owner_name", ""), due=due, private=action.get("private", False),
                )
                ctx.count()
            board = services.finish_topic(board=board, by=organiser)
    if PHASES.index(target) >= PHASES.index("retrospective"):
        board = _move(board, organiser, "retrospective")
        for kind, notes in spec.get("retro", {}).items():
            for text in notes:
                services.add_retro_note(board=board, by=seat(organiser.email), kind=kind, text=text)
                ctx.count()
    return _move(board, organiser, target)
