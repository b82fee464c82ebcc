"""The starter checklist every new chapter gets: its steps, in order.

The database stores only each step's ``key`` (``ChecklistItem.key``) and who
ticked it; the words live here so they can be translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    hint: Promise


STARTER_CHECKLIST: tuple[Step, ...] = (
    Step(
        "co-organiser",
        _("Find a co-organiser"),
        _("Two organisers keep a chapter going when one of you is busy or moves on."),
    ),
    Step(
        "rhythm",
        _("Pick a meeting rhythm"),
        _("A regular slot, such as the first Thursday of each month, is easier to keep than ad hoc dates."),
    ),
    Step(
        "first-lean-coffee",
        _("Plan your first lean coffee"),
        _("An hour, a room or a video call, and a few people from different teams is all it takes."),
    ),
    Step(
        "principles",
        _("Share the seven principles"),
        _("Tell newcomers what the community stands for, from working in the open to embracing technology."),
    ),
)

STEPS_BY_KEY: dict[str, Step] = {step.key: step for step in STARTER_CHECKLIST}
