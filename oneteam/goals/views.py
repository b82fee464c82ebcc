"""Goal, microaction and principle pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from oneteam.chapters.models import Chapter
from oneteam.core.errors import add_to_form
from oneteam.events.charts import bar_chart

from . import permissions, registry, selectors, services
from .charts import percent_chart
from .forms import (
    ActionForm, ActionStatusForm, CurateForm, DoneForm, GoalForm, MicroactionForm, TakeForwardForm, UpdateForm,
)
from .models import Action, Goal


def chapter_section(request, chapter, can_organise: bool) -> dict:
    """The goals part of a chapter's page (registered with the chapters app)."""
    return {"chapter": chapter, "goals": selectors.chapter_goals(chapter),
            "can_set_goals": permissions.can_set_goals_for(request.user, chapter)}


def _goal(slug: str) -> Goal:
    goal = selectors.goal(slug)
    if goal is None:
        raise Http404(_("No such goal."))
    return goal


def _managed_goal(slug: str, user) -> Goal:
    goal = _goal(slug)
    if not permissions.can_manage(user, goal):
        raise PermissionDenied(_("Only the goal's owners and organisers can do this."))
    return goal


def progress_chart(goals) -> str:
    rows = [(goal.title, selectors.percent_done(goal)) for goal in goals]
    return mark_safe(percent_chart(
        _("Goals: share of actions done"),
        _("Percentage of each goal's actions that are done: %(list)s.")
        % {"list": ", ".join(f"{title} {value}%" for title, value in rows)},
        rows,
    ))


# --- Goals -----------------------------------------------------------------------


def goal_list(request):
    goals = list(selectors.goal_list())
    movement = [g for g in goals if g.chapter_id is None]
    chapters = [g for g in goals if g.chapter_id is not None]
    return render(request, "goals/list.html", {
        "movement": movement, "chapter_goals": chapters, "goals": goals,
        "chart": progress_chart(goals) if goals else "",
        "percent": {g.pk: selectors.percent_done(g) for g in goals},
        "can_set_movement_goals": permissions.can_set_goals_for(request.user, None),
    })


def detail(request, slug):
    goal = _goal(slug)
    actions = selectors.actions_of(goal)
    rows = selectors.progress_rows(goal, actions)
    chart = bar_chart(
        _("Actions of %(title)s by status") % {"title": goal.title},
        _("Number of actions in each state: %(list)s.") % {"list": ", ".join(f"{label} {n}" for label, n in rows)},
        rows,
    )
    user = request.user
    return render(request, "goals/detail.html", {
        "goal": goal, "actions": actions, "rows": rows, "chart": mark_safe(chart),
        "percent": selectors.percent_done(goal),
        "owners": list(goal.owners.all()), "helpers": selectors.goal_helpers(goal),
        "updates": selectors.updates_of(goal), "help": selectors.help_state(goal, user),
        "can_manage": permissions.can_manage(user, goal),
        "can_post": permissions.can_post_update(user, goal),
        "changeable": {a.pk for a in actions if permissions.can_change_action(user, a)},
        "update_form": UpdateForm(), "status_choices": Action.Status.choices,
        "microactions": selectors.library(goal_slug=goal.slug),
        "sections": registry.goal_sections(request, goal),
    })


def _chapter_or_movement(chapter_slug):
    return get_object_or_404(Chapter, slug=chapter_slug) if chapter_slug else None


@login_required
def create(request, chapter_slug=None):
    chapter = _chapter_or_movement(chapter_slug)
    if not permissions.can_set_goals_for(request.user, chapter):
        raise PermissionDenied(_("Only organisers can set goals."))
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.create_goal(by=request.user, chapter=chapter,
                                        principles=form.cleaned_data["principles"], **form.goal_data())
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The goal is set. Add its actions next."))
            return redirect(goal)
    return render(request, "goals/form.html", {"form": form, "chapter": chapter, "goal": None})


@login_required
def edit(request, slug):
    goal = _managed_goal(slug, request.user)
    initial = {"title": goal.title, "why": goal.why, "plan": goal.plan, "first_action": goal.first_action,
               "status": goal.status, "year": goal.year, "principles": list(goal.principles.all()),
               "owners": list(goal.owners.all())}
    people = _owner_choices(goal).distinct().order_by("display_name", "pk")
    form = GoalForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(goal=goal, by=request.user, principles=form.cleaned_data["principles"],
                                 owners=list(form.cleaned_data["owners"]), **form.goal_data())
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The goal is updated."))
            return redirect(goal)
    return render(request, "goals/form.html", {"form": form, "chapter": goal.chapter, "goal": goal})


def _owner_choices(goal: Goal):
    helper_ids = goal.helpers.values("user_id")
    return get_user_model().objects.filter(pk__in=helper_ids) | goal.owners.all()


@login_required
def add_action(request, slug):
    goal = _managed_goal(slug, request.user)
    people = _owner_choices(goal).distinct().order_by("display_name", "pk")
    form = ActionForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(goal=goal, by=request.user, **form.cleaned_data)
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The action is added."))
            return redirect(goal)
    return render(request, "goals/action_form.html", {"form": form, "goal": goal})


@require_POST
@login_required
def action_status(request, slug, action_id):
    goal = _goal(slug)
    action = get_object_or_404(Action, pk=action_id, goal=goal)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select a status from the list."))
    else:
        try:
            services.set_action_status(action=action, by=request.user, status=form.cleaned_data["status"])
        except services.GoalError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("“%(title)s” is now %(status)s.")
                             % {"title": action.title, "status": action.get_status_display().lower()})
    return redirect(f"{goal.get_absolute_url()}#action-{action.pk}")


def _action_from_post(request, goal):
    action_id = request.POST.get("action")
    if not action_id:
        return None
    if not action_id.isdigit():
        raise Http404
    return get_object_or_404(Action, pk=int(action_id), goal=goal)


@require_POST
@login_required
def help_with(request, slug):
    goal = _goal(slug)
    action = _action_from_post(request, goal)
    try:
        if request.POST.get("stop") == "true":
            services.stop_helping(by=request.user, goal=goal, action=action)
            messages.success(request, _("You are no longer listed as helping."))
        else:
            services.help_with(by=request.user, goal=goal, action=action)
            messages.success(request, _("Thank you: you are listed as helping with “%(title)s”.")
                             % {"title": (action or goal).title})
    except services.GoalError as exc:
        messages.error(request, exc.message)
    anchor = f"#action-{action.pk}" if action else "#helpers"
    return redirect(goal.get_absolute_url() + anchor)


@require_POST
@login_required
def post_update(request, slug):
    goal = _goal(slug)
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            services.post_update(goal=goal, by=request.user, text=form.cleaned_data["text"])
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Your update is in the log."))
            return redirect(goal.get_absolute_url() + "#log")
    messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect(goal.get_absolute_url() + "#log")


# --- Microactions ------------------------------------------------------------------


def microaction_list(request):
    chosen = request.GET.get("principle", "")
    principle = selectors.principle(chosen) if chosen else None
    items = list(selectors.library(principle_slug=principle.slug if principle else None))
    return render(request, "goals/microactions.html", {
        "items": items, "principles": selectors.principles(), "chosen": principle,
        "suggestions": list(selectors.suggestions_for(request.user)),
        "can_curate": permissions.can_curate(request.user),
    })


def _visible_microaction(slug, user):
    item = selectors.visible_microaction(slug, user)
    if item is None:
        raise Http404(_("No such microaction."))
    return item


def microaction_detail(request, slug):
    item = _visible_microaction(slug, request.user)
    commitment = selectors.commitment_for(item, request.user)
    return render(request, "goals/microaction.html", {
        "item": item, "commitment": commitment, "done_form": DoneForm(initial={"note": getattr(commitment, "note", "")}),
        "can_curate": permissions.can_curate(request.user),
    })


@login_required
def suggest(request):
    form = MicroactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.suggest_microaction(by=request.user, **form.cleaned_data)
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. An organiser will look at your suggestion and add it to the library."))
            return redirect(item)
    return render(request, "goals/suggest.html", {"form": form})


@login_required
def curate(request, slug):
    if not permissions.can_curate(request.user):
        raise PermissionDenied(_("Only organisers can curate the microactions library."))
    item = _visible_microaction(slug, request.user)
    initial = {"title": item.title, "description": item.description, "status": item.status,
               "principles": list(item.principles.all()), "goals": list(item.goals.all())}
    form = CurateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.curate(microaction=item, by=request.user, **form.cleaned_data)
        except services.GoalError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The microaction is saved."))
            return redirect(reverse("goals:microaction", args=[item.slug]))
    return render(request, "goals/curate.html", {"form": form, "item": item})


@require_POST
@login_required
def commit(request, slug):
    item = _visible_microaction(slug, request.user)
    try:
        services.commit(microaction=item, by=request.user)
    except services.GoalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You have committed to “%(title)s”. Mark it done when you have done it.")
                         % {"title": item.title})
    return redirect(item)


@require_POST
@login_required
def done(request, slug):
    item = _visible_microaction(slug, request.user)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect(item)
    try:
        services.mark_done(microaction=item, by=request.user, note=form.cleaned_data["note"])
    except services.GoalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Well done! “%(title)s” is marked as done.") % {"title": item.title})
    return redirect(item)


@require_POST
@login_required
def withdraw(request, slug):
    item = _visible_microaction(slug, request.user)
    try:
        services.withdraw(microaction=item, by=request.user)
    except services.GoalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your commitment is withdrawn."))
    return redirect(item)


@login_required
def mine(request):
    return render(request, "goals/mine.html", {"mine": selectors.my_commitments(request.user)})


# --- From a lean coffee board ------------------------------------------------------------


def lean_coffee_action_url(capture) -> str:
    """The "Take it forward" link next to a captured action (registered with the lean coffee app)."""
    return reverse("goals:from_lean_coffee", args=[capture.pk])


@login_required
@require_http_methods(["GET", "POST"])
def from_lean_coffee(request, capture_id):
    from oneteam.leancoffee import permissions as lean_coffee
    from oneteam.leancoffee.models import Capture

    capture = (Capture.objects.select_related("topic__board__chapter", "topic__board__event", "owner__user")
               .filter(pk=capture_id).first())
    if capture is None or not lean_coffee.can_take_forward(request.user, capture):
        raise Http404  # a private action, or someone else's, is not even said to exist
    form = TakeForwardForm(request.POST or None, goals=selectors.goals_open_to_actions_by(request.user))
    if request.method == "POST" and form.is_valid():
        goal = form.cleaned_data.get("goal") if form.cleaned_data["destination"] == TakeForwardForm.GOAL else None
        try:
            services.take_forward_from_lean_coffee(capture=capture, by=request.user, goal=goal)
        except services.GoalError as exc:
            add_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error("goal" if "goal" in form.fields else None, str(exc))
        else:
            if goal is not None:
                messages.success(request, _("“%(text)s” is now an action of “%(goal)s”.")
                                 % {"text": capture.text, "goal": goal.title})
                return redirect(goal)
            messages.success(request, _("“%(text)s” is now one of your microactions.") % {"text": capture.text[:150]})
            return redirect("goals:mine")
    return render(request, "goals/from_lean_coffee.html",
                  {"form": form, "capture": capture, "board": capture.topic.board})


# --- Principles ----------------------------------------------------------------------


def principle_list(request):
    return render(request, "goals/principles.html", {"principles": selectors.principles()})


def principle_detail(request, slug):
    principle = selectors.principle(slug)
    if principle is None:
        raise Http404(_("No such principle."))
    return render(request, "goals/principle.html", {
        "principle": principle,
        "goals": list(selectors.goal_list(principle_slug=slug)),
        "microactions": list(selectors.library(principle_slug=slug)),
        "sections": registry.principle_sections(request, principle),
    })
