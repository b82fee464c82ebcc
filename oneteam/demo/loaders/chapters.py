"""chapters.toml: chapters, who belongs to them, and how far their starter checklist got.

Each chapter is started by the first organiser listed, through
``chapters.services.start_chapter``; nothing starts the global chapter, so it
is created directly with that organiser. Members join through ``join``.
Every other organiser became one the only way there is: the chapter's first
organiser invites them (``invite_organiser``) and they accept
(``accept_invitation``). The checklist is ticked through ``tick``.

What happened long ago is history, not something a person does today: a
chapter's age, when each person joined, when an invitation was answered and
when a checklist step was ticked are set with a direct update once the
service has made the record.
"""

from __future__ import annotations

from oneteam.chapters import services
from oneteam.chapters.checklist import STARTER_CHECKLIST
from oneteam.chapters.models import Chapter, ChecklistItem, Membership, OrganiserInvitation
from oneteam.chapters.selectors import organisers, pending_invitations

from ..context import Checker, Context, DemoDataError, pin_slug, where, where_in

FILE = "chapters.toml"

CHAPTER_FIELDS = {"name": str, "level": str, "age_days": int}
CHAPTER_OPTIONAL = {"parent": str, "country": str, "city": str, "rhythm": str, "description": str}
STEP_KEYS = [step.key for step in STARTER_CHECKLIST]
CO_ORGANISER_STEP = services.CO_ORGANISER_STEP
# The level a chapter's parent may have, by the chapter's own level.
PARENT_LEVELS = {
    Chapter.Level.COUNTRY: {Chapter.Level.GLOBAL},
    Chapter.Level.LOCAL: {Chapter.Level.GLOBAL, Chapter.Level.COUNTRY},
}


def _section(data: dict, name: str) -> dict:
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"chapters": dict, "memberships": dict, "checklists": dict})
    chapters = _section(data, "chapters")
    for slug in chapters:
        checker.define("chapter", slug, where(FILE, "chapters", slug), FILE)

    levels: dict[str, str] = {}
    for slug, spec in chapters.items():
        place = where(FILE, "chapters", slug)
        if checker.table(spec, place, required=CHAPTER_FIELDS, optional=CHAPTER_OPTIONAL):
            _check_chapter(slug, spec, place, levels, checker)
        levels[slug] = spec.get("level") if isinstance(spec, dict) else None

    memberships = _section(data, "memberships")
    organiser_counts: dict[str, int] = {}
    for slug, spec in memberships.items():
        place = where(FILE, "memberships", slug)
        checker.refer("chapter", slug, place)
        if not checker.table(spec, place, required={"organisers": list}, optional={"members": list}):
            continue
        seen: set[str] = set()
        for role in ("organisers", "members"):
            listed = checker.texts(spec.get(role, []), where_in(place, role))
            for index, email in listed:
                spot = where_in(where_in(place, role), index)
                if checker.refer("person", email, spot) and email in seen:
                    checker.problem(spot, f"{email} is listed twice in this chapter")
                seen.add(email)
            if role == "organisers":
                organiser_counts[slug] = len(listed)
                if not listed:
                    checker.problem(place, "a chapter needs an organiser: the first one listed starts it")
    for slug in chapters:
        if slug not in memberships:
            checker.problem(
                where(FILE, "chapters", slug),
                f"no [memberships.{slug}] table: its first organiser is the person who starts it",
            )

    checklists = _section(data, "checklists")
    for slug, steps in checklists.items():
        place = where(FILE, "checklists", slug)
        if checker.refer("chapter", slug, place) and levels.get(slug) == Chapter.Level.GLOBAL:
            checker.problem(place, "the global chapter has no starter checklist")
        if not checker.table(steps, place, optional={key: int for key in STEP_KEYS}):
            continue
        for key, days in steps.items():
            if days < 0:
                checker.problem(where_in(place, key), "days ago cannot be negative")
    for slug in chapters:
        # Accepting an invitation ticks the co-organiser step there and then;
        # the data says when that happened, or the demo would say "today".
        steps = checklists.get(slug)
        if (levels.get(slug) != Chapter.Level.GLOBAL and organiser_counts.get(slug, 0) >= 2
                and not (isinstance(steps, dict) and CO_ORGANISER_STEP in steps)):
            checker.problem(
                where(FILE, "checklists", slug),
                f"the chapter has co-organisers, so say how many days ago {CO_ORGANISER_STEP!r} was ticked",
            )


def _check_chapter(slug: str, spec: dict, place: str, levels: dict[str, str], checker: Checker) -> None:
    if spec["age_days"] < 1:
        checker.problem(where_in(place, "age_days"), "a chapter is at least one day old")
    if not checker.choice(spec["level"], Chapter.Level.values, where_in(place, "level")):
        return
    parent = spec.get("parent")
    if spec["level"] == Chapter.Level.GLOBAL:
        if parent is not None:
            checker.problem(where_in(place, "parent"), "the global chapter belongs to no other chapter")
        return
    if spec["level"] == Chapter.Level.COUNTRY and not spec.get("country"):
        checker.problem(place, "a country chapter needs a 'country' code such as GB")
    if parent is None:
        checker.problem(place, "'parent' is missing: every chapter but the global one belongs to another")
    elif checker.refer("chapter", parent, where_in(place, "parent")):
        if parent not in levels:
            checker.problem(where_in(place, "parent"), f"define {parent!r} above the chapters that belong to it")
        elif levels[parent] not in PARENT_LEVELS[spec["level"]]:
            checker.problem(
                where_in(place, "parent"), f"a {spec['level']} chapter cannot belong to a {levels[parent]} one"
            )


def load(data: dict, ctx: Context) -> None:
    memberships = data.get("memberships", {})
    started: set[str] = set()
    # The file lists every parent above its children (checked), so parents exist first.
    for slug, spec in data.get("chapters", {}).items():
        chapter = Chapter.objects.filter(slug=slug).first()
        if chapter is None:
            founder = ctx.get("person", memberships[slug]["organisers"][0])
            chapter = _start(slug, spec, founder, ctx)
            started.add(slug)
        ctx.keep("chapter", slug, chapter)

    for slug, spec in memberships.items():
        _memberships(ctx.get("chapter", slug), spec, data["chapters"][slug]["age_days"], ctx)

    # A chapter that was already there keeps whatever its organisers ticked since.
    for slug, steps in data.get("checklists", {}).items():
        if slug in started:
            _checklist(ctx.get("chapter", slug), steps, ctx)


def _start(slug: str, spec: dict, founder, ctx: Context) -> Chapter:
    details = {
        "name": spec["name"], "country": spec.get("country", ""), "city": spec.get("city", ""),
        "rhythm": spec.get("rhythm", ""), "description": spec.get("description", ""),
        "contact_email": founder.email,
    }
    if spec["level"] == Chapter.Level.GLOBAL:
        # No service starts the global chapter: an instance has one, set up with it.
        chapter = Chapter.objects.create(slug=slug, level=Chapter.Level.GLOBAL, **details)
        Membership.objects.create(chapter=chapter, user=founder, role=Membership.Role.ORGANISER)
        ctx.count(2)
    else:
        chapter = services.start_chapter(
            by=founder, level=spec["level"], parent=ctx.get("chapter", spec["parent"]), **details
        )
        pin_slug(chapter, slug)
        ctx.count(2 + len(STARTER_CHECKLIST))  # the chapter, its founder's membership, its checklist
    # History: the chapter, and its founder's place in it, began age_days ago.
    began = ctx.days_ago(spec["age_days"])
    Chapter.objects.filter(pk=chapter.pk).update(created_at=began)
    Membership.objects.filter(chapter=chapter, user=founder).update(joined_at=began)
    chapter.created_at = began
    return chapter


def _memberships(chapter: Chapter, spec: dict, age_days: int, ctx: Context) -> None:
    """Add whoever is missing, in the order listed: organisers first, a week apart."""
    listed = [(email, True) for email in spec["organisers"]] + [(email, False) for email in spec.get("members", [])]
    for position, (email, organiser) in enumerate(listed):
        person = ctx.get("person", email)
        if Membership.objects.filter(chapter=chapter, user=person).exists():
            continue  # whatever role they hold now is theirs
        joined = ctx.days_ago(max(age_days - 7 * position, 1))
        if organiser:
            membership = _co_organiser(chapter, person, joined, ctx)
        else:
            membership = services.join(chapter=chapter, by=person)
            ctx.count()
        Membership.objects.filter(pk=membership.pk).update(joined_at=joined)


def _co_organiser(chapter: Chapter, person, joined, ctx: Context) -> Membership:
    current = organisers(chapter)
    if not current:
        raise DemoDataError(
            f"{chapter.name} has no organiser left to invite {person.email}; add one in the admin and run it again"
        )
    services.invite_organiser(chapter=chapter, by=current[0], email=person.email)
    invitation = pending_invitations(chapter).get(email=person.email)
    membership = services.accept_invitation(invitation=invitation, by=person)
    # History: the invitation was sent and accepted back when they took the role on
    # (which also keeps today's invitations within the inviter's hourly allowance).
    OrganiserInvitation.objects.filter(pk=invitation.pk).update(created_at=joined, answered_at=joined)
    ctx.count(2)  # the invitation and the membership
    return membership


def _checklist(chapter: Chapter, steps: dict[str, int], ctx: Context) -> None:
    """Tick the steps the organisers had done, then date each tick back to when they did it."""
    organiser = organisers(chapter)[0]
    for key, days in steps.items():
        item = services.tick(chapter=chapter, by=organiser, key=key, done=True)
        ChecklistItem.objects.filter(pk=item.pk).update(done_at=ctx.days_ago(days))
