"""Writes about goals, their actions, helpers and log, and the microactions library.

Keyword-only arguments, ``by`` the person acting, one transaction each; a rule
that refuses the change raises ``GoalError``, acting without the role raises
``PermissionDenied`` (decided in ``permissions``). Anything counted
(commitments, helpers) is guarded by a unique constraint: a second insert
racing the first is caught and answered with the row that won.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneteam.core.errors import ServiceError
from oneteam.core.slugs import save_with_unique_slug

from . import permissions
from .models import Action, Commitment, Goal, GoalUpdate, Helper, Microaction, Principle

GOAL_FIELDS = ("title", "why", "plan", "first_action", "status", "year")
RESERVED_SLUGS = frozenset({"new", "mine", "microactions", "principles", "actions"})
RESERVED_MICROACTION_SLUGS = frozenset({"new", "suggestions"})


class GoalError(ServiceError):
    """A change to a goal, an action or a microaction that the rules refuse."""


def _plain(data: dict) -> dict:
    """Text without NUL characters, which no form lets through and PostgreSQL cannot store."""
    return {name: value.replace("\x00", "") if isinstance(value, str) else value for name, value in data.items()}


def _full_clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise GoalError.from_validation(exc) from None


def _locked_goal(goal: Goal) -> Goal:
    return Goal.objects.select_for_update(of=("self",)).select_related("chapter").get(pk=goal.pk)


def _require_manager(goal: Goal, by) -> None:
    if not permissions.can_manage(by, goal):
        raise PermissionDenied(_("Only the goal's owners and organisers can do this."))


def _log(goal: Goal, by, text: str) -> GoalUpdate:
    return GoalUpdate.objects.create(goal=goal, author=by, text=text)


# --- Goals ---------------------------------------------------------------------


@transaction.atomic
def create_goal(*, by, chapter=None, owners=(), principles=(), **data) -> Goal:
    """A goal for the chapter, or for the whole movement when there is no chapter."""
    if not permissions.can_set_goals_for(by, chapter):
        raise PermissionDenied(_("Only organisers can set goals."))
    unknown = set(data) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {', '.join(sorted(unknown))}")
    data = _plain(data)
    data.setdefault("year", timezone.now().year)
    goal = Goal(chapter=chapter, created_by=by, **data)
    _full_clean(goal, exclude=["slug"])
    save_with_unique_slug(goal, goal.title, reserved=RESERVED_SLUGS, fallback="goal")
    goal.owners.set(list(owners) or [by])
    goal.principles.set(principles)
    _log(goal, by, _("Goal set. First concrete action: %(action)s") % {"action": goal.first_action})
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, by, owners=None, principles=None, **data) -> Goal:
    goal = _locked_goal(goal)
    _require_manager(goal, by)
    unknown = set(data) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {', '.join(sorted(unknown))}")
    old_status = goal.status
    for name, value in _plain(data).items():
        setattr(goal, name, value)
    _full_clean(goal, exclude=["slug"])
    goal.save()
    if owners is not None:
        if not owners:
            raise GoalError(_("A goal needs at least one owner."), field="owners")
        goal.owners.set(owners)
    if principles is not None:
        goal.principles.set(principles)
    if goal.status != old_status:
        _log(goal, by, _("Status changed to %(status)s.") % {"status": goal.get_status_display()})
    return goal


# --- Actions -------------------------------------------------------------------


def _check_action(title: str, due: dt.date | None) -> str:
    title = (title or "").replace("\x00", "").strip()
    if not title:
        raise GoalError(_("Enter the action"), field="title")
    if due is not None and not 2000 <= due.year <= 2100:
        raise GoalError(_("Enter a due date between 2000 and 2100"), field="due")
    return title


@transaction.atomic
def add_action(*, goal: Goal, by, title: str, owner=None, due: dt.date | None = None) -> Action:
    goal = _locked_goal(goal)
    _require_manager(goal, by)
    action = Action(goal=goal, title=_check_action(title, due), owner=owner, due=due, created_by=by)
    _full_clean(action)
    action.save()
    _log(goal, by, _("New action: %(title)s") % {"title": action.title})
    return action


@transaction.atomic
def set_action_status(*, action: Action, by, status: str) -> Action:
    action = Action.objects.select_for_update(of=("self",)).select_related("goal").get(pk=action.pk)
    if not permissions.can_change_action(by, action):
        raise PermissionDenied(_("Only the action's owner and the goal's owners can change it."))
    if status not in Action.Status.values:
        raise GoalError(_("Select a status from the list"), field="status")
    if status == action.status:
        return action
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    _log(action.goal, by, _("%(title)s: %(status)s.") % {"title": action.title, "status": action.get_status_display()})
    return action


@transaction.atomic
def create_action_from(*, text: str, by, goal: Goal | None = None, owner=None, due: dt.date | None = None):
    """Turn an action captured elsewhere (a lean coffee board, say) into work here, in one step.

    With a ``goal``: a new action under it (the goal's managers only), owned
    by ``owner``. Without one: the text becomes the person's own microaction,
    suggested to the library and committed to straight away.
    Returns the ``Action`` or the ``Commitment``.
    """
    if goal is not None:
        return add_action(goal=goal, by=by, title=text, owner=owner, due=due)
    microaction = suggest_microaction(by=by, title=text[:150])
    return commit(microaction=microaction, by=by, allow_suggested=True)


@transaction.atomic
def take_forward_from_lean_coffee(*, capture, by, goal: Goal | None = None):
    """A lean coffee board's captured action, taken forward in one step (``create_action_from``).

    Only its owner and the board's facilitators may (``leancoffee.permissions.can_take_forward``). Under a goal
    the new action keeps the capture's owner when they are a member (else the person taking it forward) and its
    due date; without a goal it becomes the person's own microaction.
    """
    from oneteam.leancoffee import permissions as lean_coffee

    if not lean_coffee.can_take_forward(by, capture):
        raise PermissionDenied(_("Only the action's owner and the board's facilitators can take it forward."))
    if goal is None:
        return create_action_from(text=capture.text, by=by)
    member = capture.owner.user if capture.owner_id is not None and capture.owner.user_id else None
    return create_action_from(text=capture.text, by=by, goal=goal, owner=member or by, due=capture.due)


# --- I'll help -----------------------------------------------------------------


@transaction.atomic
def help_with(*, by, goal: Goal, action: Action | None = None) -> Helper:
    """Tag the person onto the goal, or onto one of its actions. Saying it twice changes nothing."""
    if not permissions.can_help(by):
        raise PermissionDenied(_("Sign in to help."))
    if action is not None and action.goal_id != goal.pk:
        raise GoalError(_("That action belongs to another goal."))
    existing = Helper.objects.filter(goal=goal, action=action, user=by).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Helper.objects.create(goal=goal, action=action, user=by)
    except IntegrityError:
        return Helper.objects.get(goal=goal, action=action, user=by)


@transaction.atomic
def stop_helping(*, by, goal: Goal, action: Action | None = None) -> None:
    deleted, _rows = Helper.objects.filter(goal=goal, action=action, user=by).delete()
    if not deleted:
        raise GoalError(_("You were not helping with this."))


@transaction.atomic
def post_update(*, goal: Goal, by, text: str) -> GoalUpdate:
    if not permissions.can_post_update(by, goal):
        raise PermissionDenied(_("Say you'll help before posting to this goal's log."))
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise GoalError(_("Enter the update"), field="text")
    update = GoalUpdate(goal=goal, author=by, text=text)
    _full_clean(update)
    update.save()
    return update


# --- Microactions --------------------------------------------------------------


@transaction.atomic
def suggest_microaction(*, by, title: str, description: str = "", principles=(), goals=()) -> Microaction:
    """Anyone signed in suggests one; it joins the library when a curator lists it."""
    if not permissions.can_suggest(by):
        raise PermissionDenied(_("Sign in to suggest a microaction."))
    title = (title or "").replace("\x00", "").strip()
    if not title:
        raise GoalError(_("Enter the microaction"), field="title")
    description = (description or "").replace("\x00", "")
    microaction = Microaction(title=title, description=description, suggested_by=by)
    _full_clean(microaction, exclude=["slug"])
    save_with_unique_slug(microaction, title, reserved=RESERVED_MICROACTION_SLUGS, fallback="microaction")
    microaction.principles.set(principles)
    microaction.goals.set(goals)
    return microaction


@transaction.atomic
def curate(*, microaction: Microaction, by, status: str, title: str | None = None, description: str | None = None,
           principles=None, goals=None) -> Microaction:
    """List, retire or edit a microaction: curators only."""
    if not permissions.can_curate(by):
        raise PermissionDenied(_("Only organisers can curate the microactions library."))
    microaction = Microaction.objects.select_for_update().get(pk=microaction.pk)
    if status not in Microaction.Status.values:
        raise GoalError(_("Select a status from the list"), field="status")
    if status == Microaction.Status.SUGGESTED and microaction.listed_at is not None:
        raise GoalError(_("A listed microaction can be retired, not sent back to the suggestions."), field="status")
    microaction.status = status
    if status != Microaction.Status.SUGGESTED and microaction.listed_at is None:
        microaction.listed_at = timezone.now()
    if title is not None:
        microaction.title = title.replace("\x00", "").strip()
    if description is not None:
        microaction.description = description.replace("\x00", "")
    _full_clean(microaction, exclude=["slug"])
    microaction.save()
    if principles is not None:
        microaction.principles.set(principles)
    if goals is not None:
        microaction.goals.set(goals)
    return microaction


@transaction.atomic
def commit(*, microaction: Microaction, by, allow_suggested: bool = False) -> Commitment:
    """Promise to do the microaction. Committing again (or two clicks at once) changes nothing."""
    own_suggestion = allow_suggested and microaction.suggested_by_id == getattr(by, "pk", None)
    if not (permissions.can_commit(by, microaction) or own_suggestion):
        if not getattr(by, "is_authenticated", False):
            raise PermissionDenied(_("Sign in to commit to a microaction."))
        raise GoalError(_("This microaction is not in the library, so nobody can commit to it."))
    existing = Commitment.objects.filter(microaction=microaction, user=by).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Commitment.objects.create(microaction=microaction, user=by)
    except IntegrityError:
        return Commitment.objects.get(microaction=microaction, user=by)


@transaction.atomic
def mark_done(*, microaction: Microaction, by, note: str = "") -> Commitment:
    """Say the microaction is done, with an optional note only the person sees."""
    commitment = Commitment.objects.select_for_update().filter(microaction=microaction, user=by).first()
    if commitment is None:
        raise GoalError(_("Commit to this microaction before marking it done."))
    commitment.note = (note or "").replace("\x00", "").strip()
    if commitment.done_at is None:
        commitment.done_at = timezone.now()
    _full_clean(commitment)
    commitment.save(update_fields=["note", "done_at"])
    return commitment


@transaction.atomic
def withdraw(*, microaction: Microaction, by) -> None:
    """Take back a commitment that is not done yet."""
    commitment = Commitment.objects.select_for_update().filter(microaction=microaction, user=by).first()
    if commitment is None:
        raise GoalError(_("You have not committed to this microaction."))
    if commitment.is_done:
        raise GoalError(_("You have already done this microaction, so it stays on your record."))
    commitment.delete()


def principles_by_slug(slugs) -> list[Principle]:
    return list(Principle.objects.filter(slug__in=list(slugs)))
