"""Unconference scheduler: rooms × slots, minimising lost attendances.

Pure Python (plus OR-Tools and NumPy); never imports Django.
"""

from .evaluate import evaluate, violations
from .model import (
    Assignment,
    Cell,
    Instance,
    Metrics,
    Result,
    Room,
    ScheduleInputError,
    Session,
    Slot,
)
from .solver import schedule

__all__ = [
    "Assignment",
    "Cell",
    "Instance",
    "Metrics",
    "Result",
    "Room",
    "ScheduleInputError",
    "Session",
    "Slot",
    "evaluate",
    "schedule",
    "violations",
]
