"""stories.toml: blog posts, case studies, #MyOneTeamGov pieces, write-ups and podcast episodes.

Each story is written by its first author through ``create_story`` (with the
others as co-authors) and published through ``publish_story``, unless
``draft = true``. Episodes give an audio address, its size and length, and a
transcript. A story links to goals and events by their addresses, so
``/goals/<slug>/`` in a body lists the story with that goal.
"""

from __future__ import annotations

from oneteam.goals.principles import PRINCIPLES
from oneteam.stories import services
from oneteam.stories.models import LANGUAGE_CODES, Story

from ..context import Checker, Context, pin_slug, where, where_in

FILE = "stories.toml"
PRINCIPLE_SLUGS = [slug for slug, _name, _summary in PRINCIPLES]
FIELDS = {"title": str, "kind": str, "language": str, "authors": list, "body": str}
OPTIONAL = {"summary": str, "chapter": str, "principles": list, "themes": list, "draft": bool, "audio_url": str,
            "audio_bytes": int, "duration_seconds": int, "transcript": str}


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"stories": dict})
    for slug, spec in data.get("stories", {}).items():
        place = where(FILE, "stories", slug)
        checker.define("story", slug, place, FILE)
        if not checker.table(spec, place, required=FIELDS, optional=OPTIONAL):
            continue
        checker.choice(spec["kind"], Story.Kind.values, where_in(place, "kind"))
        checker.choice(spec["language"], LANGUAGE_CODES, where_in(place, "language"))
        if "chapter" in spec:
            checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
        for index, email in checker.texts(spec["authors"], where_in(place, "authors")):
            checker.refer("person", email, where_in(where_in(place, "authors"), index))
        if not spec["authors"]:
            checker.problem(where_in(place, "authors"), "a story needs at least one author")
        for index, slug_ in checker.texts(spec.get("principles", []), where_in(place, "principles")):
            checker.choice(slug_, PRINCIPLE_SLUGS, where_in(where_in(place, "principles"), index))
        checker.texts(spec.get("themes", []), where_in(place, "themes"))
        if spec["kind"] == "podcast" and not spec.get("draft"):
            for name in ("audio_url", "duration_seconds", "transcript"):
                if not spec.get(name):
                    checker.problem(place, f"a published podcast episode needs {name!r}")


def load(data: dict, ctx: Context) -> None:
    from oneteam.goals.services import principles_by_slug

    for slug, spec in data.get("stories", {}).items():
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            authors = [ctx.get("person", email) for email in spec["authors"]]
            story = services.create_story(
                by=authors[0], authors=authors, principles=principles_by_slug(spec.get("principles", [])),
                themes=", ".join(spec.get("themes", [])), title=spec["title"], summary=spec.get("summary", ""),
                body=spec["body"], kind=spec["kind"], language=spec["language"],
                chapter=ctx.get("chapter", spec["chapter"]) if "chapter" in spec else None,
                audio_url=spec.get("audio_url", ""), audio_bytes=spec.get("audio_bytes", 0),
                duration_seconds=spec.get("duration_seconds", 0), transcript=spec.get("transcript", ""),
            )
            pin_slug(story, slug)
            if not spec.get("draft"):
                story = services.publish_story(story=story, by=authors[0])
            ctx.count()
        ctx.keep("story", slug, story)
