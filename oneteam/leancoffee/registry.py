"""What the apps above ``leancoffee`` offer next to a captured action.

``leancoffee`` never imports the apps built on it (``goals``, say). An app
registers an **action link** when Django starts (in its ``AppConfig.ready``):
a label and a function giving the link's address for one captured action.
The board and *My events* show the links next to an action, once the board is
in its retrospective or closed, and only to the people who may take the action
further (``permissions.can_take_forward``: its owner and the facilitators), so
a private action is never offered to anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import permissions


@dataclass(frozen=True)
class ActionLink:
    name: str
    order: int
    label: str
    url: Callable  # (capture) -> str


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


_action_links: dict[str, ActionLink] = {}


def register_action_link(link: ActionLink) -> None:
    _action_links[link.name] = link


def action_links(user, capture) -> list[ShownLink]:
    """The links offered to this person next to this captured action (none if they may not take it further)."""
    if not _action_links or not permissions.can_take_forward(user, capture):
        return []
    return [ShownLink(str(link.label), link.url(capture))
            for link in sorted(_action_links.values(), key=lambda link: (link.order, link.name))]
