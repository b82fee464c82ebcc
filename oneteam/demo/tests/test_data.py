"""The demo's data files: each parses, every reference resolves, and a broken one is named."""

from __future__ import annotations

import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from oneteam.chapters.models import Chapter
from oneteam.demo import runner
from oneteam.demo.context import DemoDataError
from oneteam.demo.loaders import LOADERS
from oneteam.demo.runner import DATA_DIR, load_demo, read_data
from oneteam.events.models import Event, Registration

# A community small enough to read at a glance: two people, two chapters, one
# event last week with one place, so the second person waited.
SMALL = {
    "people.toml": """
[organisations.town-hall]
name = "Town Hall"
kind = "council"
country = "GB"

[[people]]
email = "organiser@example.org"
display_name = "Ada Organiser"
organisation = "town-hall"

[[people]]
email = "member@example.org"
display_name = "Ben Member"
""",
    "chapters.toml": """
[chapters.global]
name = "Global"
level = "global"
age_days = 100

[chapters.town]
name = "Town"
level = "local"
parent = "global"
age_days = 50

[memberships.global]
organisers = ["organiser@example.org"]

[memberships.town]
organisers = ["organiser@example.org"]
members = ["member@example.org"]

[checklists.town]
rhythm = 40
""",
    "events.toml": """
[events.last-week]
chapter = "town"
title = "Lean coffee"
format = "lean_coffee"
timezone = "Europe/London"
days_from_today = -7
starts_at = 08:30:00
minutes = 60
capacity = 1
venue = "Town hall, room 1"

[registrations]
last-week = ["organiser@example.org", "member@example.org"]

[accessibility_needs.last-week]
"member@example.org" = "Step-free access."

[[feedback.last-week]]
email = "organiser@example.org"
rating = 4
liked = "Everyone came with a topic."
""",
    "unconf.toml": "# No unconference in the small data set.\n",
    "health.toml": """
[settings.town]
meets_every_days = 30
timezone = "Europe/London"
latitude = 51.5
longitude = -0.1
""",
    "goals.toml": "",
    "stories.toml": "",
    "leancoffee.toml": "",
    "work.toml": """
[projects.town-bins]
title = "Report a missed bin"
summary = "Residents report a missed collection online."
organisation = "town-hall"
owner = "organiser@example.org"
phase = "live"
""",
}


def write(directory: Path, **changes: tuple[str, str]) -> Path:
    """The small data set in ``directory``, with ``file=(old, new)`` replacements."""
    for name, text in SMALL.items():
        key = name.removesuffix(".toml")
        if key in changes:
            old, new = changes[key]
            assert old in text, f"{old!r} is not in {name}"
            text = text.replace(old, new)
        (directory / name).write_text(text)
    return directory


def problems(directory: Path) -> str:
    with pytest.raises(DemoDataError) as raised:
        read_data(directory)
    return str(raised.value)


def test_there_is_one_file_a_loader_in_layer_order():
    assert [loader.FILE for loader in LOADERS] == [
        "people.toml", "chapters.toml", "events.toml", "health.toml", "leancoffee.toml", "unconf.toml", "work.toml",
        "goals.toml", "stories.toml",
    ]
    assert sorted(path.name for path in DATA_DIR.glob("*.toml")) == sorted(loader.FILE for loader in LOADERS)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.FILE)
def test_each_data_file_parses(loader):
    with (DATA_DIR / loader.FILE).open("rb") as handle:
        assert tomllib.load(handle)


def test_every_reference_in_the_real_data_points_at_something_defined():
    datasets = read_data()  # raises DemoDataError naming each problem

    assert [loader for loader, _ in datasets] == list(LOADERS)


def test_the_small_data_set_is_fine(tmp_path):
    assert len(read_data(write(tmp_path))) == len(LOADERS)


def test_a_broken_reference_names_the_file_and_the_key(tmp_path):
    write(
        tmp_path,
        people=('organisation = "town-hall"', 'organisation = "city-hall"'),
        chapters=('members = ["member@example.org"]', 'members = ["ghost@example.org"]'),
        events=('chapter = "town"', 'chapter = "atlantis"'),
    )
    (tmp_path / "events.toml").write_text(
        (tmp_path / "events.toml").read_text().replace(
            '"organiser@example.org", "member@example.org"]', '"organiser@example.org", "nobody@example.org"]'
        )
    )

    report = problems(tmp_path)

    assert "people.toml, people[0].organisation: no organisation 'city-hall' is defined in people.toml" in report
    assert "chapters.toml, memberships.town.members[0]: no person 'ghost@example.org' is defined in people.toml" in report
    assert "events.toml, events.last-week.chapter: no chapter 'atlantis' is defined in chapters.toml" in report
    assert "events.toml, registrations.last-week[1]: no person 'nobody@example.org' is defined in people.toml" in report


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"chapters": ("[chapters.global]\nname", "[chapters.world]\nname")},
            "chapters.toml, chapters.town.parent: no chapter 'global' is defined in chapters.toml",
        ),
        (
            {"chapters": ('organisers = ["organiser@example.org"]\nmembers', 'organisers = []\nmembers')},
            "chapters.toml, memberships.town: a chapter needs an organiser",
        ),
        (
            {"chapters": ("[checklists.town]\nrhythm = 40", "[checklists.town]\nrythm = 40")},
            "chapters.toml, checklists.town.rythm: unknown field",
        ),
        (
            {"chapters": ('organisers = ["organiser@example.org"]\nmembers = ["member@example.org"]',
                          'organisers = ["organiser@example.org", "member@example.org"]')},
            "chapters.toml, checklists.town: the chapter has co-organisers, so say how many days ago 'co-organiser'",
        ),
        (
            {"people": ('kind = "council"', 'kind = "parish"')},
            "people.toml, organisations.town-hall.kind: 'parish' is not one of",
        ),
        (
            {"events": ("capacity = 1", 'capacity = "one"')},
            "events.toml, events.last-week.capacity: expected a whole number, found 'one'",
        ),
        (
            {"events": ('timezone = "Europe/London"', 'timezone = "Europe/Londres"')},
            "events.toml, events.last-week.timezone: 'Europe/Londres' is not a time zone",
        ),
        (
            {"events": ('venue = "Town hall, room 1"', "")},
            "events.toml, events.last-week: an event needs a 'venue', an 'online_url' or both",
        ),
        (
            {"events": ("days_from_today = -7", "days_from_today = 7")},
            "events.toml, feedback.last-week: feedback needs a published event in the past",
        ),
        (
            {"events": ('email = "organiser@example.org"\nrating', 'email = "member@example.org"\nrating')},
            "events.toml, feedback.last-week[0].email: member@example.org had no place in registrations.last-week",
        ),
        (
            {"events": ('"member@example.org" = "Step-free', '"organiser@example.org" = 1\n"ben@example.org" = "Step-free')},
            'events.toml, accessibility_needs.last-week."organiser@example.org": expected text, found 1',
        ),
        (
            {"people": ('email = "member@example.org"', 'email = "ben@example.org"')},
            "people.toml, people: the README's sign-in member@example.org must be one of the people",
        ),
    ],
    ids=[
        "missing parent", "no organiser", "unknown checklist step", "undated co-organiser", "unknown kind",
        "wrong type", "unknown zone", "nowhere to meet", "feedback before the event", "feedback without a place",
        "needs not text", "documented sign-in missing",
    ],
)
def test_each_rule_is_reported_with_its_file_and_key(tmp_path, changes, expected):
    assert expected in problems(write(tmp_path, **changes))


def test_a_file_that_is_not_toml_is_named_with_its_line(tmp_path):
    write(tmp_path, events=("minutes = 60", "minutes = sixty"))

    report = problems(tmp_path)

    assert report.startswith("The demo data has a problem: events.toml: not valid TOML")
    assert "line 9" in report


def test_a_missing_file_is_named(tmp_path):
    write(tmp_path).joinpath("chapters.toml").unlink()

    assert "chapters.toml: not found in" in problems(tmp_path)


@pytest.mark.django_db
def test_nothing_is_loaded_when_the_data_is_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "DATA_DIR", write(tmp_path, events=('chapter = "town"', 'chapter = "atlantis"')))

    with pytest.raises(CommandError, match="events.last-week.chapter: no chapter 'atlantis'"):
        call_command("demo", stdout=StringIO())

    assert not get_user_model().objects.exists()
    assert not Chapter.objects.exists()


@pytest.mark.django_db
def test_the_small_data_set_loads_through_the_services(tmp_path):
    summary = load_demo(write(tmp_path))

    assert (summary.chapters, summary.people, summary.events) == (2, 2, 1)
    event = Event.objects.get(slug="last-week")
    assert event.is_past
    seats = dict(event.registrations.values_list("user__email", "status"))
    assert seats == {"organiser@example.org": Registration.Status.CONFIRMED,
                     "member@example.org": Registration.Status.WAITING}
    assert event.registrations.get(user__email="member@example.org").accessibility_needs == "Step-free access."
    assert list(event.feedback.values_list("user__email", "rating")) == [("organiser@example.org", 4)]
    assert load_demo(write(tmp_path)).created == 0
