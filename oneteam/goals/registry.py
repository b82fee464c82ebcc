"""What the apps above ``goals`` add to a principle's page.

``goals`` owns the seven principles but sits below ``stories``, so it never
imports it. An app registers a **section** of the principle page when Django
starts (in its ``AppConfig.ready``): a template and a function giving its
context for one principle and one reader (or None to show nothing). The
function may also advertise a feed in the page's head (``core.feeds``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    context: Callable  # (request, principle) -> dict | None


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.name] = section


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


def principle_sections(request, principle) -> list[RenderedSection]:
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(request, principle)
        if context is not None:
            shown.append(RenderedSection(section.template, context))
    return shown
