"""Load the demo community: read every data file, check them all, then load them in one transaction.

``load_demo()`` is idempotent. Every record is looked up by its natural key
(an organisation's, chapter's or event's slug, a person's e-mail address, a
membership's chapter and person …) and only created when missing, so running
it again adds nothing and leaves alone whatever people changed since. Two
things are refreshed on every run: the times of the demo's events (upcoming
stay upcoming, past stay past) and the passwords the README documents.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from .constants import MEMBER_EMAIL, MEMBER_PASSWORD, ORGANISER_EMAIL, ORGANISER_PASSWORD, PERSON_PASSWORD
from .context import Checker, Context, DemoDataError
from .loaders import LOADERS

DATA_DIR = Path(__file__).resolve().parent / "data"

# The services e-mail people as they go: an invitation to co-organise, "you
# are now an organiser", a place that came up. Every demo person is invented,
# so none of that may reach a mail server or wait for `oneteam worker`. During
# the load the e-mails are still composed, exactly as for real people, but the
# task queue is django-tasks' dummy backend: it keeps them in memory, never
# runs them, and is thrown away with these settings. The load's transaction
# is durable (never nested in another), so it commits, and the services hand
# their e-mails to that queue, before the settings are put back. Anything that
# sent mail directly would meet the dummy mail backend, which sends nothing.
QUIET_MAIL = {
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
}


@dataclass(frozen=True)
class DemoSummary:
    chapters: int
    people: int
    events: int
    created: int

    def message(self) -> str:
        return (
            f"Demo content ready: {self.chapters} chapters, {self.people} people, {self.events} events "
            f"({self.created} records added this run). "
            f"Sign in as {ORGANISER_EMAIL} / {ORGANISER_PASSWORD} (organiser) "
            f"or {MEMBER_EMAIL} / {MEMBER_PASSWORD} (member); "
            f"every other demo person uses {PERSON_PASSWORD}."
        )


def read_data(data_dir: Path | None = None, loaders: tuple[ModuleType, ...] = LOADERS) -> list[tuple[ModuleType, dict]]:
    """Parse every loader's file and check it; ``DemoDataError`` lists every problem found."""
    data_dir = Path(data_dir or DATA_DIR)
    parsed: list[tuple[ModuleType, dict]] = []
    unreadable: list[str] = []
    for loader in loaders:
        path = data_dir / loader.FILE
        try:
            with path.open("rb") as handle:
                parsed.append((loader, tomllib.load(handle)))
        except FileNotFoundError:
            unreadable.append(f"{loader.FILE}: not found in {data_dir}")
        except tomllib.TOMLDecodeError as exc:
            unreadable.append(f"{loader.FILE}: not valid TOML: {exc}")
    if unreadable:
        raise DemoDataError(_report(unreadable))

    checker = Checker()
    for loader, data in parsed:  # in layer order, so each file may refer to the ones before
        loader.check(data, checker)
    if checker.problems:
        raise DemoDataError(_report(checker.problems))
    return parsed


def _report(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"The demo data has a problem: {problems[0]}"
    return f"The demo data has {len(problems)} problems:\n" + "\n".join(f"- {problem}" for problem in problems)


def load_demo(data_dir: Path | None = None) -> DemoSummary:
    """Check the data, then load (or top up) the demo content and say what is there."""
    datasets = read_data(data_dir)
    with override_settings(**QUIET_MAIL), transaction.atomic(durable=True):
        ctx = Context(now=timezone.now())
        for loader, data in datasets:
            loader.load(data, ctx)
    return DemoSummary(
        chapters=len(ctx.all("chapter")), people=len(ctx.all("person")), events=len(ctx.all("event")),
        created=ctx.added,
    )
