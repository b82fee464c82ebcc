"""What the apps above ``goals`` add to a principle's page and to a goal's page.

``goals`` owns the seven principles and the goals but sits below ``stories``,
so it never imports it. An app registers a **section** of a page when Django
starts (in its ``AppConfig.ready``): which page (``PRINCIPLE`` or ``GOAL``), a
template, and a function giving its context for one principle or goal and one
reader (or None to show nothing). The function may also advertise a feed in
the page's head (``core.feeds.advertise``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PRINCIPLE = "principle"
GOAL = "goal"


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    context: Callable  # (request, principle or goal) -> dict | None
    page: str = PRINCIPLE


_sections: dict[tuple[str, str], Section] = {}


def register_section(section: Section) -> None:
    _sections[(section.page, section.name)] = section


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


def page_sections(page: str, request, obj) -> list[RenderedSection]:
    shown = []
    for section in sorted((s for s in _sections.values() if s.page == page), key=lambda s: (s.order, s.name)):
        context = section.context(request, obj)
        if context is not None:
            shown.append(RenderedSection(section.template, context))
    return shown


def principle_sections(request, principle) -> list[RenderedSection]:
    return page_sections(PRINCIPLE, request, principle)


def goal_sections(request, goal) -> list[RenderedSection]:
    return page_sections(GOAL, request, goal)
