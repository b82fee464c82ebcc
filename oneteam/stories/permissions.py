"""Who may do what with a story: decided here, once, and asked everywhere else.

Anyone signed in may write a story. Its authors (and whoever started it)
edit, publish and unpublish it; the site's administrators may too. A draft is
seen by them alone: on no page, feed, list, search or API answer of anyone else.
"""

from __future__ import annotations

from .models import Story


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_write(user) -> bool:
    return _active(user)


def can_edit(user, story: Story) -> bool:
    if not _active(user):
        return False
    if user.is_superuser or story.created_by_id == user.pk:
        return True
    return story.pk is not None and story.authors.filter(pk=user.pk).exists()


def is_public(story: Story) -> bool:
    return story.is_published and story.published_at is not None


def can_see(user, story: Story) -> bool:
    return is_public(story) or can_edit(user, story)
