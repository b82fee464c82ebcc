"""goals.toml: the year's goals with their actions, owners and helpers, and the microactions library.

Goals are set by the first organiser of their chapter (the global one for the
movement's goals) through ``create_goal``; actions, status changes, "I'll help"
and log entries go through the services too. Microactions are suggested by a
person, curated by the global chapter's first organiser, and committed to and
marked done by the people listed.
"""

from __future__ import annotations

import datetime as dt

from oneteam.chapters.selectors import organisers
from oneteam.goals import services
from oneteam.goals.models import Action, Commitment, Goal, Microaction
from oneteam.goals.principles import PRINCIPLES, ensure_principles

from ..context import Checker, Context, pin_slug, where, where_in

FILE = "goals.toml"
PRINCIPLE_SLUGS = [slug for slug, _name, _summary in PRINCIPLES]
GOAL_FIELDS = {"title": str, "why": str, "first_action": str, "owners": list}
GOAL_OPTIONAL = {"chapter": str, "plan": str, "status": str, "principles": list, "helpers": list, "actions": list,
                 "updates": list}
ACTION_FIELDS = {"title": str}
ACTION_OPTIONAL = {"owner": str, "due_in_days": int, "status": str, "helpers": list}
MICRO_FIELDS = {"title": str, "suggested_by": str}
MICRO_OPTIONAL = {"description": str, "principles": list, "goals": list, "committed": list, "done": list,
                  "status": str}


def _people(checker: Checker, value, place: str) -> None:
    for index, email in checker.texts(value, place):
        checker.refer("person", email, where_in(place, index))


def _principles(checker: Checker, value, place: str) -> None:
    for index, slug in checker.texts(value, place):
        checker.choice(slug, PRINCIPLE_SLUGS, where_in(place, index))


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"goals": dict, "microactions": dict})
    for slug, spec in data.get("goals", {}).items():
        place = where(FILE, "goals", slug)
        checker.define("goal", slug, place, FILE)
        if not checker.table(spec, place, required=GOAL_FIELDS, optional=GOAL_OPTIONAL):
            continue
        if "chapter" in spec:
            checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
        checker.choice(spec.get("status", "active"), Goal.Status.values, where_in(place, "status"))
        _people(checker, spec["owners"], where_in(place, "owners"))
        _people(checker, spec.get("helpers", []), where_in(place, "helpers"))
        _principles(checker, spec.get("principles", []), where_in(place, "principles"))
        checker.texts(spec.get("updates", []), where_in(place, "updates"))
        for index, action in enumerate(spec.get("actions", [])):
            spot = where_in(where_in(place, "actions"), index)
            if checker.table(action, spot, required=ACTION_FIELDS, optional=ACTION_OPTIONAL):
                if "owner" in action:
                    checker.refer("person", action["owner"], where_in(spot, "owner"))
                checker.choice(action.get("status", "todo"), Action.Status.values, where_in(spot, "status"))
                _people(checker, action.get("helpers", []), where_in(spot, "helpers"))
    for slug, spec in data.get("microactions", {}).items():
        place = where(FILE, "microactions", slug)
        checker.define("microaction", slug, place, FILE)
        if not checker.table(spec, place, required=MICRO_FIELDS, optional=MICRO_OPTIONAL):
            continue
        checker.refer("person", spec["suggested_by"], where_in(place, "suggested_by"))
        checker.choice(spec.get("status", "listed"), Microaction.Status.values, where_in(place, "status"))
        _principles(checker, spec.get("principles", []), where_in(place, "principles"))
        for index, goal in checker.texts(spec.get("goals", []), where_in(place, "goals")):
            checker.refer("goal", goal, where_in(where_in(place, "goals"), index))
        _people(checker, spec.get("committed", []), where_in(place, "committed"))
        committed = set(spec.get("committed", []))
        for index, email in checker.texts(spec.get("done", []), where_in(place, "done")):
            if email not in committed:
                checker.problem(where_in(where_in(place, "done"), index), f"{email} is not in committed")


def _setter(ctx: Context, chapter_key: str | None):
    chapter = ctx.get("chapter", chapter_key or "global")
    return organisers(chapter)[0], (ctx.get("chapter", chapter_key) if chapter_key else None)


def load(data: dict, ctx: Context) -> None:
    ensure_principles()
    principles = services.principles_by_slug
    for slug, spec in data.get("goals", {}).items():
        goal = Goal.objects.filter(slug=slug).first()
        if goal is None:
            goal = _create_goal(slug, spec, ctx, principles)
        ctx.keep("goal", slug, goal)

    curator, _chapter = _setter(ctx, None)
    for slug, spec in data.get("microactions", {}).items():
        item = Microaction.objects.filter(slug=slug).first()
        if item is None:
            item = services.suggest_microaction(
                by=ctx.get("person", spec["suggested_by"]), title=spec["title"],
                description=spec.get("description", ""), principles=principles(spec.get("principles", [])),
                goals=[ctx.get("goal", g) for g in spec.get("goals", [])],
            )
            pin_slug(item, slug)
            if spec.get("status", "listed") != "suggested":
                item = services.curate(microaction=item, by=curator, status=spec.get("status", "listed"))
            ctx.count()
        ctx.keep("microaction", slug, item)
        if not item.is_listed:
            continue
        done = set(spec.get("done", []))
        for email in spec.get("committed", []):
            person = ctx.get("person", email)
            if Commitment.objects.filter(microaction=item, user=person).exists():
                continue
            services.commit(microaction=item, by=person)
            if email in done:
                services.mark_done(microaction=item, by=person)
            ctx.count()


def _create_goal(slug: str, spec: dict, ctx: Context, principles) -> Goal:
    setter, chapter = _setter(ctx, spec.get("chapter"))
    owners = [ctx.get("person", email) for email in spec["owners"]]
    goal = services.create_goal(
        by=setter, chapter=chapter, title=spec["title"], why=spec["why"], plan=spec.get("plan", ""),
        first_action=spec["first_action"], status=spec.get("status", "active"), year=ctx.now.year,
        owners=owners, principles=principles(spec.get("principles", [])),
    )
    pin_slug(goal, slug)
    for email in spec.get("helpers", []):
        services.help_with(by=ctx.get("person", email), goal=goal)
    for action_spec in spec.get("actions", []):
        due = None
        if "due_in_days" in action_spec:
            due = ctx.now.date() + dt.timedelta(days=action_spec["due_in_days"])
        owner = ctx.get("person", action_spec["owner"]) if "owner" in action_spec else None
        action = services.add_action(goal=goal, by=setter, title=action_spec["title"], owner=owner, due=due)
        for email in action_spec.get("helpers", []):
            services.help_with(by=ctx.get("person", email), goal=goal, action=action)
        if action_spec.get("status", "todo") != "todo":
            services.set_action_status(action=action, by=setter, status=action_spec["status"])
    for text in spec.get("updates", []):
        services.post_update(goal=goal, by=owners[0], text=text)
    ctx.count()
    return goal
