"""What the demo loaders share: a checker for the data files, a context for the load.

Every loader (``loaders/<app>.py``) works in two steps. ``check`` reads its
file's tables and reports each problem through a ``Checker``, naming the file
and the key, before anything touches the database. ``load`` then writes the
records through the app's services, looking each one up by its natural key
in the ``Context`` that earlier loaders filled in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class DemoDataError(Exception):
    """A demo data file cannot be read, or points at something no file defines."""


def where(file: str, *path: str | int) -> str:
    """``events.toml, registrations.hackney-lean-coffee-next[3]``: a place in a file, as TOML spells it."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = part if BARE_KEY.fullmatch(part) else f'"{part}"'
            text += f".{key}" if text else key
    return f"{file}, {text}" if text else file


# Types a field may have, with the words a problem report uses for each.
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a table",
              dt.time: "a time of day such as 08:30:00"}


def _is(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class Checker:
    """Collects what each file defines and every problem found in any of them."""

    def __init__(self) -> None:
        self.defined: dict[str, dict[str, str]] = {}  # kind -> key -> the place that defines it
        self.homes: dict[str, str] = {}  # kind -> the file that defines that kind
        self.problems: list[str] = []

    def problem(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    def define(self, kind: str, key: str, place: str, home: str) -> None:
        self.homes.setdefault(kind, home)
        known = self.defined.setdefault(kind, {})
        if key in known:
            self.problem(place, f"{kind} {key!r} is already defined at {known[key]}")
        else:
            known[key] = place

    def is_defined(self, kind: str, key: str) -> bool:
        return key in self.defined.get(kind, {})

    def refer(self, kind: str, key: Any, place: str) -> bool:
        """Report a reference to a ``kind`` that no file defines; True when it is defined."""
        if not isinstance(key, str):
            self.problem(place, f"expected the key of a {kind} (text), found {key!r}")
            return False
        if self.is_defined(kind, key):
            return True
        home = self.homes.get(kind)
        self.problem(place, f"no {kind} {key!r} is defined" + (f" in {home}" if home else ""))
        return False

    def table(self, value: Any, place: str, *, required: Mapping[str, type] = {},
              optional: Mapping[str, type] = {}) -> bool:
        """Check a table's fields: the required ones present, none unknown, each of its type.

        Returns True when the table can be read further without tripping over it.
        """
        if not isinstance(value, dict):
            self.problem(place, f"expected a table, found {value!r}")
            return False
        fine = True
        for name in required:
            if name not in value:
                self.problem(place, f"{name!r} is missing")
                fine = False
        for name, item in value.items():
            kind = required.get(name) or optional.get(name)
            if kind is None:
                known = ", ".join(sorted([*required, *optional]))
                self.problem(where_in(place, name), f"unknown field (known fields: {known})")
                fine = False
            elif not _is(item, kind):
                self.problem(where_in(place, name), f"expected {TYPE_NAMES[kind]}, found {item!r}")
                fine = False
        return fine

    def texts(self, value: Any, place: str) -> list[tuple[int, str]]:
        """The texts in a list (e-mail addresses, keys) with their positions; a problem for anything else."""
        if not isinstance(value, list):
            self.problem(place, f"expected a list, found {value!r}")
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                good.append((index, item))
            else:
                self.problem(where_in(place, index), f"expected text, found {item!r}")
        return good

    def choice(self, value: Any, choices: Iterable[str], place: str) -> bool:
        choices = list(choices)
        if value in choices:
            return True
        self.problem(place, f"{value!r} is not one of {', '.join(choices)}")
        return False


def where_in(place: str, key: str | int) -> str:
    """A place one key further in: ``where_in("people.toml, people[2]", "email")``."""
    if isinstance(key, int):
        return f"{place}[{key}]"
    key = key if BARE_KEY.fullmatch(key) else f'"{key}"'
    return f"{place}.{key}" if ", " in place else f"{place}, {key}"


@dataclass
class Context:
    """What one load shares: its clock, what it has found or made, and how much it added."""

    now: dt.datetime
    added: int = 0
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def count(self, records: int = 1) -> None:
        """Count records this run added (a rerun adds none)."""
        self.added += records

    def keep(self, kind: str, key: str, record: Any) -> Any:
        """Remember a record by its natural key, for this loader and the ones after it."""
        self.records.setdefault(kind, {})[key] = record
        return record

    def get(self, kind: str, key: str) -> Any:
        return self.records[kind][key]

    def all(self, kind: str) -> dict[str, Any]:
        return self.records.get(kind, {})

    def days_ago(self, days: int) -> dt.datetime:
        return self.now - dt.timedelta(days=days)


def pin_slug(record: Any, slug: str) -> None:
    """Give a record the demo's own slug after a service chose one from its name.

    The services make a slug from a name ("OneTeam UK" becomes ``oneteam-uk``).
    The demo's records keep the short, stable addresses that the README, the
    tests and every rerun look them up by, so the key in the data file wins:
    one direct update of the one thing the service decided differently.
    """
    if record.slug != slug:
        type(record)._default_manager.filter(pk=record.pk).update(slug=slug)
        record.slug = slug
