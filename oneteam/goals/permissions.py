"""Who may do what with goals and microactions: decided here, once, and asked everywhere else.

- A chapter's goals are set by its organisers; the movement's goals by the
  organisers of the global chapter. The site's administrators may do both.
- A goal's owners, and whoever may set it, manage it: its actions, owners and status.
- Anyone signed in may say "I'll help", post to a goal's open log (as long as
  they help or manage), suggest a microaction, and commit to a listed one.
- Organisers of any global chapter curate the microactions library.
"""

from __future__ import annotations

from oneteam.chapters.models import Chapter, Membership
from oneteam.chapters.permissions import can_organise

from .models import Action, Goal, Helper, Microaction


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def organises_the_movement(user) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or Membership.objects.filter(
        user=user, role=Membership.Role.ORGANISER, chapter__level=Chapter.Level.GLOBAL
    ).exists()


def can_set_goals_for(user, chapter: Chapter | None) -> bool:
    """Create a goal for the chapter, or for the whole movement when ``chapter`` is None."""
    if chapter is None:
        return organises_the_movement(user)
    return can_organise(user, chapter)


def can_manage(user, goal: Goal) -> bool:
    """Edit the goal, add and change its actions, and post to its log."""
    if not _active(user):
        return False
    return can_set_goals_for(user, goal.chapter) or goal.owners.filter(pk=user.pk).exists()


def can_change_action(user, action: Action) -> bool:
    """Move an action along (status); its owner may, as well as the goal's managers."""
    if not _active(user):
        return False
    return action.owner_id == user.pk or can_manage(user, action.goal)


def can_help(user) -> bool:
    return _active(user)


def can_post_update(user, goal: Goal) -> bool:
    if not _active(user):
        return False
    return can_manage(user, goal) or Helper.objects.filter(goal=goal, user=user).exists()


def can_suggest(user) -> bool:
    return _active(user)


def can_curate(user) -> bool:
    return organises_the_movement(user)


def can_see_microaction(user, microaction: Microaction) -> bool:
    """Listed and retired ones are public; a suggestion only for the person who made it and the curators."""
    if not microaction.is_suggested:
        return True
    if not _active(user):
        return False
    return microaction.suggested_by_id == user.pk or can_curate(user)


def can_commit(user, microaction: Microaction) -> bool:
    return _active(user) and microaction.is_listed
