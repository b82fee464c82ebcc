"""Who may do what with an event: decided here, once, and asked everywhere else.

Running an event is running its chapter, so that question goes to
``chapters.permissions``; the rest is about what an event's state allows.
"""

from __future__ import annotations

from oneteam.chapters.permissions import can_organise

from .models import Event


def can_manage(user, event: Event) -> bool:
    """Edit, publish, cancel or delete the event; see who signed up and their needs."""
    return can_organise(user, event.chapter)


def can_create_in(user, chapter) -> bool:
    return can_organise(user, chapter)


def is_public(event: Event) -> bool:
    """Published events, and cancelled ones that were published first. Never drafts."""
    return event.published_at is not None and not event.is_draft


def can_see(user, event: Event) -> bool:
    return is_public(event) or can_manage(user, event)
