"""unconf.toml: the global unconference's rooms, slots, themes, pitches, a crowd marking interest, and its grid.

Everything goes through ``oneteam.unconf.services`` (pitches by their hosts,
co-hosts by invitation and acceptance, interest person by person, the grid
by the scheduler), except creating the crowd's accounts: people have no
service of their own (see ``people.py``), and hashing a password three
hundred times would take minutes, so the crowd shares one hash of the demo
password.

Rerunning adds nothing: an unconference, room, theme, pitch or person that
exists is left alone, a crowd member who already marked interest marks no
more, and the grid is generated only while it is empty. The slots move with
the event, which ``events.py`` keeps in the future.
"""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from oneteam.chapters.selectors import organisers
from oneteam.people.models import User
from oneteam.unconf import services
from oneteam.unconf.models import ClosedCell, Host, Interest, Pitch, Placement, Room, Slot, Theme, Unconference

from ..constants import PERSON_PASSWORD
from ..context import Checker, Context, where, where_in

FILE = "unconf.toml"

UNCONF_FIELDS = {"pitching": str, "rooms": list, "slots": list}
UNCONF_OPTIONAL = {"themes": list, "closed": list, "crowd": int, "crowd_min": int, "crowd_max": int,
                   "crowd_seed": int, "grid_seconds": int, "grid_seed": int, "publish_grid": bool}
PITCH_FIELDS = {"title": str, "kind": str, "host": str}
PITCH_OPTIONAL = {"description": str, "theme": str, "cohosts": list, "pull": int}


def crowd_email(n: int) -> str:
    return f"attendee-{n:03d}@example.org"


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"unconferences": dict, "pitches": dict})
    specs = data.get("unconferences", {}) if isinstance(data.get("unconferences"), dict) else {}
    for slug, spec in specs.items():
        place = where(FILE, "unconferences", slug)
        checker.refer("event", slug, place)
        if not checker.table(spec, place, required=UNCONF_FIELDS, optional=UNCONF_OPTIONAL):
            continue
        checker.choice(spec["pitching"], Unconference.Pitching.values, where_in(place, "pitching"))
        names = set()
        for index, room in enumerate(spec["rooms"]):
            spot = where_in(where_in(place, "rooms"), index)
            if checker.table(room, spot, required={"name": str, "capacity": int}, optional={"accessibility": str}):
                names.add(room["name"])
                if room["capacity"] < 1:
                    checker.problem(spot, "a room holds at least one person")
        for index, slot in enumerate(spec["slots"]):
            spot = where_in(where_in(place, "slots"), index)
            if checker.table(slot, spot, required={"starts_at": dt.time, "minutes": int}) and slot["minutes"] < 1:
                checker.problem(spot, "a slot lasts at least a minute")
        for index, closed in enumerate(spec.get("closed", [])):
            spot = where_in(where_in(place, "closed"), index)
            if not (isinstance(closed, list) and len(closed) == 2 and closed[0] in names
                    and isinstance(closed[1], int) and 1 <= closed[1] <= len(spec["slots"])):
                checker.problem(spot, "expected [room name, slot number counted from 1]")
        if spec.get("crowd_min", 1) > spec.get("crowd_max", 1):
            checker.problem(place, "crowd_min is more than crowd_max")
    pitches = data.get("pitches", {}) if isinstance(data.get("pitches"), dict) else {}
    for slug, items in pitches.items():
        place = where(FILE, "pitches", slug)
        if slug not in specs:
            checker.problem(place, f"no [unconferences.{slug}] table")
            continue
        themes = set(specs[slug].get("themes", []))
        titles = set()
        for index, pitch in enumerate(items if isinstance(items, list) else []):
            spot = where_in(place, index)
            if not checker.table(pitch, spot, required=PITCH_FIELDS, optional=PITCH_OPTIONAL):
                continue
            checker.choice(pitch["kind"], Pitch.Kind.values, where_in(spot, "kind"))
            checker.refer("person", pitch["host"], where_in(spot, "host"))
            for n, email in checker.texts(pitch.get("cohosts", []), where_in(spot, "cohosts")):
                checker.refer("person", email, where_in(where_in(spot, "cohosts"), n))
            if "theme" in pitch and pitch["theme"] not in themes:
                checker.problem(where_in(spot, "theme"), f"{pitch['theme']!r} is not one of the themes")
            if not 1 <= pitch.get("pull", 1) <= 5:
                checker.problem(where_in(spot, "pull"), "pull runs from 1 to 5")
            if pitch["title"] in titles:
                checker.problem(where_in(spot, "title"), "this title is used twice")
            titles.add(pitch["title"])


def load(data: dict, ctx: Context) -> None:
    for slug, spec in data.get("unconferences", {}).items():
        event = ctx.get("event", slug)
        organiser = organisers(event.chapter)[0]
        unconference = Unconference.objects.filter(event=event).first()
        if unconference is None:
            unconference = services.create_unconference(event=event, by=organiser, pitching=spec["pitching"])
            ctx.count()
        for name in spec.get("themes", []):
            if not Theme.objects.filter(unconference=unconference, name=name).exists():
                services.add_theme(unconference=unconference, by=organiser, name=name)
                ctx.count()
        for room in spec["rooms"]:
            if not Room.objects.filter(unconference=unconference, name=room["name"]).exists():
                services.add_room(unconference=unconference, by=organiser, **room)
                ctx.count()
        slots = _slots(unconference, spec, organiser, ctx)
        if not ClosedCell.objects.filter(room__unconference=unconference).exists() and spec.get("closed"):
            rooms = {r.name: r.pk for r in Room.objects.filter(unconference=unconference)}
            services.set_closed_cells(unconference=unconference, by=organiser,
                                      closed={(rooms[name], slots[n - 1].pk) for name, n in spec["closed"]})
        pitches = _pitches(unconference, data.get("pitches", {}).get(slug, []), ctx)
        _crowd(unconference, spec, pitches, ctx)
        services.refresh_similarity(unconference=unconference)
        if not Placement.objects.filter(unconference=unconference).exists():
            run = services.request_generation(unconference=unconference, by=organiser,
                                              seconds=spec.get("grid_seconds", 2), seed=spec.get("grid_seed", 0))
            services.run_generation(run_id=run.pk)
            if spec.get("publish_grid"):
                services.set_grid_published(unconference=unconference, by=organiser, published=True)
        ctx.keep("unconference", slug, unconference)


def _slots(unconference: Unconference, spec: dict, organiser, ctx: Context) -> list[Slot]:
    """The slots on the event's day; when the event moved (the demo keeps it ahead), they move with it."""
    event = unconference.event
    day = timezone.localtime(event.start, event.tz).date()
    wanted = []
    for item in spec["slots"]:
        start = dt.datetime.combine(day, item["starts_at"], tzinfo=event.tz)
        wanted.append((start, start + dt.timedelta(minutes=item["minutes"])))
    existing = list(Slot.objects.filter(unconference=unconference))
    if len(existing) == len(wanted):
        for slot, (start, end) in zip(existing, wanted):
            if (slot.start, slot.end) != (start, end):
                # Time passes: the one step that is no service (as for the events themselves).
                Slot.objects.filter(pk=slot.pk).update(start=start, end=end)
        return list(Slot.objects.filter(unconference=unconference))
    for start, end in wanted:
        if not Slot.objects.filter(unconference=unconference, start=start).exists():
            services.add_slot(unconference=unconference, by=organiser, start=start, end=end)
            ctx.count()
    return list(Slot.objects.filter(unconference=unconference))


def _pitches(unconference: Unconference, items: list[dict], ctx: Context) -> list[tuple[Pitch, int]]:
    themes = {t.name: t for t in Theme.objects.filter(unconference=unconference)}
    made = []
    for spec in items:
        pitch = Pitch.objects.filter(unconference=unconference, title=spec["title"]).first()
        if pitch is None:
            host = ctx.get("person", spec["host"])
            pitch = services.submit_pitch(unconference=unconference, by=host, title=spec["title"],
                                          description=spec.get("description", ""), kind=spec["kind"],
                                          theme=themes.get(spec.get("theme", "")))
            ctx.count()
            for email in spec.get("cohosts", []):
                invitation = services.invite_cohost(pitch=pitch, by=host, email=email)
                services.respond_to_invitation(host=invitation, by=ctx.get("person", email), accept=True)
                ctx.count()
        made.append((pitch, spec.get("pull", 1)))
    return made


def _crowd(unconference: Unconference, spec: dict, pitches: list[tuple[Pitch, int]], ctx: Context) -> None:
    """Demo attendees and the named demo people mark interest, more often in the pitches with more pull."""
    size = spec.get("crowd", 0)
    emails = [crowd_email(n) for n in range(1, size + 1)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [e for e in emails if e not in known]
    if missing:
        password = make_password(PERSON_PASSWORD)
        users = User.objects.bulk_create([
            User(email=email, password=password, display_name=f"Demo attendee {email[9:12]}") for email in missing
        ])
        EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True)
                                          for u in users])
        ctx.count(2 * len(users))
    people = list(User.objects.filter(email__in=emails).order_by("email")) + list(ctx.all("person").values())
    open_pitches = [(p, pull) for p, pull in pitches if p.is_active]
    if not open_pitches:
        return
    rng = random.Random(spec.get("crowd_seed", 0))
    weights = [pull for _p, pull in open_pitches]
    hosting = set(Host.objects.filter(pitch__unconference=unconference).values_list("user_id", "pitch_id"))
    already = set(Interest.objects.filter(pitch__unconference=unconference).values_list("user_id", flat=True))
    low, high = spec.get("crowd_min", 3), spec.get("crowd_max", 6)
    for person in people:
        count = rng.randint(low, high)
        chosen: dict[int, Pitch] = {}
        while len(chosen) < min(count, len(open_pitches)):
            pitch = rng.choices(open_pitches, weights=weights)[0][0]
            chosen[pitch.pk] = pitch
        if person.pk in already:
            continue  # their interest stands as they left it
        for pitch in chosen.values():
            if (person.pk, pitch.pk) not in hosting:
                services.mark_interest(pitch=pitch, by=person)
                ctx.count()
