"""What the apps above ``chapters`` tell it about a chapter.

``chapters`` sits below ``events`` and every later app, so it never imports
them. Instead, an app registers here when Django starts (in its
``AppConfig.ready``):

- an **activity** source: a function of ``now`` giving a boolean expression,
  true for a chapter (``OuterRef("pk")``) that met recently or has something
  coming up. A chapter with no activity for a while is dormant.
- a **section** of the chapter page: a template and a function that gives its
  context for one chapter and one reader (or None to show nothing).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, Expression, ExpressionWrapper, Value

ActivitySource = Callable[[dt.datetime], Expression]
_activity: dict[str, ActivitySource] = {}


def register_activity(name: str, source: ActivitySource) -> None:
    _activity[name] = source


def recent_activity(now: dt.datetime) -> Expression:
    """True for a chapter any registered app says was active; False when none is registered."""
    expressions = [source(now) for _name, source in sorted(_activity.items())]
    if not expressions:
        return Value(False)
    return ExpressionWrapper(functools.reduce(operator.or_, expressions), output_field=BooleanField())


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    context: Callable  # (request, chapter, can_organise) -> dict | None


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.name] = section


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


def page_sections(request, chapter, can_organise: bool) -> list[RenderedSection]:
    """The sections other apps add to a chapter's page, in order, for this reader."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(request, chapter, can_organise)
        if context is not None:
            shown.append(RenderedSection(section.template, context))
    return shown


# --- Health ------------------------------------------------------------------
# An app that knows how a chapter is doing (events: meetings, attendance,
# feedback) registers a function ``(chapter, now) -> dict`` of figures. The
# keys it may give are listed in ``chapters.health.EventFigures``; a missing key
# reads as "nothing known".

HealthSource = Callable  # (chapter, now) -> dict
_health: dict[str, HealthSource] = {}


def register_health_source(name: str, source: HealthSource) -> None:
    _health[name] = source


def health_figures(chapter, now: dt.datetime) -> dict:
    figures: dict = {}
    for _name, source in sorted(_health.items()):
        figures.update(source(chapter, now))
    return figures
