"""Who may see and change what in the work register: decided here, once.

A project is seen by everyone (public), by anyone signed in (members), or
only by its team (private): the people listed on it who have an account, the
person who registered it, and the site's administrators. Whoever may not see
a project gets the same answer as for one that does not exist, on every
surface: pages, search, similar lists, the overlaps report, exports, the API
and e-mails.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from oneteam.chapters.models import Membership

from .models import Project, ProjectPerson


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visible_filter(user) -> Q:
    """A filter on ``Project`` for the projects this person may see."""
    if not _signed_in(user):
        return Q(visibility=Project.Visibility.PUBLIC)
    if user.is_superuser:
        return Q()
    on_team = ProjectPerson.objects.filter(user=user).values("project_id")
    return (
        Q(visibility__in=[Project.Visibility.PUBLIC, Project.Visibility.MEMBERS])
        | Q(pk__in=on_team)
        | Q(created_by=user)
    )


def visible_projects(user, projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    projects = Project.objects.all() if projects is None else projects
    return projects.filter(visible_filter(user))


def is_team_member(user, project: Project) -> bool:
    if not _signed_in(user):
        return False
    return project.created_by_id == user.pk or project.people.filter(user=user).exists()


def can_see(user, project: Project) -> bool:
    if project.visibility == Project.Visibility.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    if project.visibility == Project.Visibility.MEMBERS or user.is_superuser:
        return True
    return is_team_member(user, project)


def can_register(user) -> bool:
    return _signed_in(user)


def can_edit(user, project: Project) -> bool:
    """Change the facts, post updates, keep the OKRs, checklists and help wanted."""
    if not _signed_in(user):
        return False
    return user.is_superuser or is_team_member(user, project)


def can_judge(user, first: Project, second: Project) -> bool:
    """Confirm or dismiss a suggested pair: someone on either project who can see both."""
    return (
        can_see(user, first) and can_see(user, second) and (can_edit(user, first) or can_edit(user, second))
    )


def can_see_backlog(user) -> bool:
    """Organisers (of any chapter) and administrators see how many projects await embedding."""
    if not _signed_in(user):
        return False
    return user.is_superuser or Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).exists()


def can_adapt_checklists(user, chapter) -> bool:
    from oneteam.chapters.permissions import can_organise

    return can_organise(user, chapter)
