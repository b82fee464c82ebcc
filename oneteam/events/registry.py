"""What the apps above ``events`` add to its pages.

``events`` never imports the apps built on it. Instead they register here when
Django starts (in their ``AppConfig.ready``):

- a **section** of an event's page: a template and a function giving its
  context for one event and one reader (``(request, event, can_manage)``), or
  None to show nothing (a lean coffee board and its published notes, say);
- a **section** of "My events": a template and a function of the request, or
  None (the actions a person owns, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    context: Callable  # (request, event, can_manage) -> dict | None


@dataclass(frozen=True)
class MySection:
    name: str
    order: int
    template: str
    context: Callable  # (request) -> dict | None


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


_sections: dict[str, Section] = {}
_my_sections: dict[str, MySection] = {}


def register_section(section: Section) -> None:
    _sections[section.name] = section


def register_my_events_section(section: MySection) -> None:
    _my_sections[section.name] = section


def _render(sections, *args) -> list[RenderedSection]:
    shown = []
    for section in sorted(sections, key=lambda s: (s.order, s.name)):
        context = section.context(*args)
        if context is not None:
            shown.append(RenderedSection(section.template, context))
    return shown


def page_sections(request, event, can_manage: bool) -> list[RenderedSection]:
    """The sections other apps add to an event's page, in order, for this reader."""
    return _render(_sections.values(), request, event, can_manage)


def my_events_sections(request) -> list[RenderedSection]:
    return _render(_my_sections.values(), request)
