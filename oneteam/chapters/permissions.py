"""Who may do what with a chapter: decided here, once, and asked everywhere else.

Views, services, templates (through the flags views pass) and the API all call
these functions; nothing else compares roles.

The site's administrators (superusers) may act as organisers of any chapter,
so they can rescue a chapter whose organisers have all gone, but they are not
listed as its organisers.
"""

from __future__ import annotations

from .models import Chapter, Membership


def is_organiser(user, chapter: Chapter) -> bool:
    """Whether the person holds the organiser role (and is listed as one)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(chapter=chapter, user=user, role=Membership.Role.ORGANISER).exists()


def can_organise(user, chapter: Chapter) -> bool:
    """Whether the person may run the chapter: edit it, plan its events, invite organisers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or is_organiser(user, chapter)


def can_start_chapter(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_join(user) -> bool:
    return can_start_chapter(user)


def can_take_over(user, chapter: Chapter, *, dormant: bool) -> bool:
    """A dormant chapter invites anyone signed in, who is not already running it, to take it over."""
    return bool(dormant and getattr(user, "is_authenticated", False) and user.is_active
                and not is_organiser(user, chapter))


def can_answer_call(user, chapter: Chapter, *, call_open: bool) -> bool:
    """While organisers are calling for co-organisers, anyone signed in may step up."""
    return bool(call_open and getattr(user, "is_authenticated", False) and user.is_active
                and not is_organiser(user, chapter))
