"""Reads about goals and microactions that pages, feeds and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from . import permissions
from .models import Action, Commitment, Goal, GoalUpdate, Helper, Microaction, Principle


def principles() -> QuerySet[Principle]:
    return Principle.objects.order_by("position")


def principle(slug: str) -> Principle | None:
    return Principle.objects.filter(slug=slug).first()


def with_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Annotate ``action_count``, ``done_count`` and ``helper_count``: the one place progress is counted."""
    return goals.annotate(
        action_count=Count("actions", distinct=True),
        done_count=Count("actions", filter=Q(actions__status=Action.Status.DONE), distinct=True),
        helper_count=Count("helpers__user", distinct=True),
    )


def percent_done(goal: Goal) -> int:
    """Share of a goal's actions that are done (a goal from ``with_progress``)."""
    return round(100 * goal.done_count / goal.action_count) if goal.action_count else 0


def goal_list(*, chapter_slug: str | None = None, movement_only: bool = False, year: int | None = None,
              principle_slug: str | None = None) -> QuerySet[Goal]:
    goals = Goal.objects.select_related("chapter")
    if movement_only:
        goals = goals.filter(chapter__isnull=True)
    elif chapter_slug:
        goals = goals.filter(chapter__slug=chapter_slug)
    if year:
        goals = goals.filter(year=year)
    if principle_slug:
        goals = goals.filter(principles__slug=principle_slug)
    return with_progress(goals).order_by("-year", "chapter__name", "title")


def goal(slug: str) -> Goal | None:
    return with_progress(Goal.objects.select_related("chapter").filter(slug=slug)).first()


def actions_of(goal: Goal) -> list[Action]:
    return list(
        goal.actions.select_related("owner")
        .prefetch_related(Prefetch("helpers", queryset=Helper.objects.select_related("user")))
        .order_by("created_at", "id")
    )


def goal_helpers(goal: Goal) -> list:
    """People tagged onto the goal as a whole."""
    return [h.user for h in Helper.objects.filter(goal=goal, action__isnull=True).select_related("user")]


def updates_of(goal: Goal, limit: int = 50) -> list[GoalUpdate]:
    return list(goal.updates.select_related("author")[:limit])


def progress_rows(goal: Goal, actions: list[Action]) -> list[tuple[str, int]]:
    """How many of a goal's actions are in each state, for the chart and its table."""
    counts = {value: 0 for value in Action.Status.values}
    for action in actions:
        counts[action.status] += 1
    return [(str(Action.Status(value).label), counts[value]) for value in Action.Status.values]


@dataclass
class HelpState:
    on_goal: bool
    actions: set[int]


def help_state(goal: Goal, user) -> HelpState:
    if not getattr(user, "is_authenticated", False):
        return HelpState(False, set())
    rows = Helper.objects.filter(goal=goal, user=user).values_list("action_id", flat=True)
    ids = set(rows)
    return HelpState(on_goal=None in ids, actions={i for i in ids if i is not None})


# --- Microactions --------------------------------------------------------------


def with_counts(microactions: QuerySet[Microaction]) -> QuerySet[Microaction]:
    """Annotate ``committed_count`` and ``done_count``: the one place these are counted."""
    return microactions.annotate(
        committed_count=Count("commitments", distinct=True),
        done_count=Count("commitments", filter=Q(commitments__done_at__isnull=False), distinct=True),
    )


def library(*, principle_slug: str | None = None, goal_slug: str | None = None) -> QuerySet[Microaction]:
    """The listed microactions, most done first."""
    items = Microaction.objects.filter(status=Microaction.Status.LISTED)
    if principle_slug:
        items = items.filter(principles__slug=principle_slug)
    if goal_slug:
        items = items.filter(goals__slug=goal_slug)
    return with_counts(items.prefetch_related("principles")).order_by("-done_count", "-committed_count", "title")


def suggestions_for(user) -> QuerySet[Microaction]:
    """Suggestions waiting for a curator: all of them for curators, one's own for anyone else."""
    items = Microaction.objects.filter(status=Microaction.Status.SUGGESTED).select_related("suggested_by")
    if permissions.can_curate(user):
        return items.order_by("created_at")
    if not getattr(user, "is_authenticated", False):
        return items.none()
    return items.filter(suggested_by=user).order_by("created_at")


def visible_microaction(slug: str, user) -> Microaction | None:
    item = with_counts(Microaction.objects.filter(slug=slug)).first()
    if item is None or not permissions.can_see_microaction(user, item):
        return None
    return item


def commitment_for(microaction: Microaction, user) -> Commitment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Commitment.objects.filter(microaction=microaction, user=user).first()


@dataclass
class MyCommitments:
    open: list[Commitment]
    done: list[Commitment]
    owned_actions: list[Action]
    helping: list[Helper]


def my_commitments(user) -> MyCommitments:
    commitments = list(Commitment.objects.filter(user=user).select_related("microaction"))
    return MyCommitments(
        open=[c for c in commitments if not c.is_done],
        done=sorted([c for c in commitments if c.is_done], key=lambda c: c.done_at, reverse=True),
        owned_actions=list(
            Action.objects.filter(owner=user).exclude(status=Action.Status.DONE).select_related("goal")
            .order_by("due", "created_at")
        ),
        helping=list(Helper.objects.filter(user=user).select_related("goal", "action").order_by("-created_at")),
    )


def chapter_goals(chapter) -> list[Goal]:
    return list(goal_list(chapter_slug=chapter.slug))


def goals_open_to_actions_by(user) -> QuerySet[Goal]:
    """Goals still under way to which this person may add actions (``permissions.can_manage``), for a choice list."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Goal.objects.none()
    goals = Goal.objects.exclude(status=Goal.Status.DONE)
    if not user.is_superuser:
        from oneteam.chapters.models import Membership

        organised = Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).values("chapter_id")
        mine = Q(owners=user) | Q(chapter__in=organised)
        if permissions.organises_the_movement(user):
            mine |= Q(chapter__isnull=True)
        goals = goals.filter(pk__in=Goal.objects.filter(mine).values("pk"))
    return goals.select_related("chapter").order_by("-year", "title")
