"""Reading and checking ``{"id", "title", "body"}`` JSON Lines input."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .errors import SimilarityInputError

_FIELDS = ("id", "title", "body")


@dataclass(frozen=True)
class Item:
    """One input line. ``id`` keeps its JSON value (string or integer) for output."""

    id: str | int
    title: str
    body: str

    @property
    def key(self) -> str:
        return str(self.id)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"


def read_items_file(path: str | Path) -> list[Item]:
    """Items of a JSON Lines file; raises :class:`SimilarityInputError` on bad input."""
    try:
        with open(path, encoding="utf-8") as stream:
            return read_items(stream, source=str(path))
    except FileNotFoundError:
        raise SimilarityInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SimilarityInputError(f"{path}: is a directory, not a JSON Lines file") from None
    except UnicodeDecodeError as error:
        raise SimilarityInputError(f"{path}: not UTF-8 text ({error.reason})") from None
    except PermissionError:
        raise SimilarityInputError(f"{path}: permission denied") from None


def read_items(lines: TextIO | Iterable[str], source: str = "<input>") -> list[Item]:
    """Items of JSON Lines text; blank lines are skipped."""
    items: list[Item] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = parse_item(line, f"{source} line {number}")
        if item.key in first_line:
            raise SimilarityInputError(
                f"{source} line {number}: duplicate id {item.key!r} "
                f"(first on line {first_line[item.key]})"
            )
        first_line[item.key] = number
        items.append(item)
    return items


def parse_item(line: str, where: str) -> Item:
    try:
        record = json.loads(line)
    except ValueError as error:
        raise SimilarityInputError(f"{where}: malformed JSON ({error})") from None
    if not isinstance(record, dict):
        raise SimilarityInputError(f"{where}: expected a JSON object with id, title and body")
    missing = [field for field in _FIELDS if field not in record]
    if missing:
        raise SimilarityInputError(f"{where}: missing field {', '.join(map(repr, missing))}")
    item_id, title, body = (record[field] for field in _FIELDS)
    if isinstance(item_id, bool) or not isinstance(item_id, (str, int)) or item_id == "":
        raise SimilarityInputError(f"{where}: id must be a non-empty string or an integer")
    for field in ("title", "body"):
        if not isinstance(record[field], str):
            raise SimilarityInputError(f"{where}: {field} must be a string")
    if not title.strip() and not body.strip():
        raise SimilarityInputError(f"{where}: item {item_id!r} has an empty title and body")
    return Item(item_id, title, body)
