"""Goals, their actions and progress, "I'll help", the microactions library and commitments."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneteam.goals import selectors, services
from oneteam.goals.models import Action, Goal, Microaction

from . import links
from .auth import signed_in
from .pagination import PageNumbers
from .schemas import ErrorOut, Input, ValidationErrorOut, plain_text

router = Router()
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PrincipleOut(Schema):
    slug: str
    name: str
    summary: str
    url: str


class PersonRef(Schema):
    id: int
    name: str


class ActionOut(Schema):
    id: int
    title: str
    status: str = Field(..., description="todo, doing or done.")
    owner: PersonRef | None
    due: dt.date | None
    helpers: list[PersonRef]


class GoalOut(Schema):
    slug: str
    title: str
    status: str = Field(..., description="proposed, active, paused or done.")
    year: int
    chapter: str | None = Field(..., description="The chapter's slug; null for a goal of the whole movement.")
    first_action: str
    actions: int
    actions_done: int
    percent_done: int
    helpers: int
    principles: list[str]
    url: str
    api_url: str


class UpdateOut(Schema):
    at: dt.datetime
    author: PersonRef | None
    text: str


class GoalDetailOut(GoalOut):
    why: str
    plan: str
    owners: list[PersonRef]
    action_list: list[ActionOut]
    updates: list[UpdateOut]


class HelpIn(Input):
    action: int | None = Field(None, description="An action of the goal; leave out to help with the goal as a whole.")


class HelpOut(Schema):
    helping: bool


class MicroactionOut(Schema):
    slug: str
    title: str
    description: str
    principles: list[str]
    goals: list[str]
    committed: int = Field(..., description="How many people committed to it.")
    done: int = Field(..., description="How many people did it.")
    url: str


class DoneIn(Input):
    note: plain_text(2000) = Field("", description="How it went; only you can see it.")


class CommitmentOut(Schema):
    microaction: str
    committed_at: dt.datetime
    done_at: dt.datetime | None
    note: str


def _person(user) -> dict | None:
    return {"id": user.pk, "name": str(user.public_name)} if user else None


def goal_out(request: HttpRequest, goal: Goal) -> dict:
    return {
        "slug": goal.slug, "title": goal.title, "status": goal.status, "year": goal.year,
        "chapter": goal.chapter.slug if goal.chapter else None, "first_action": goal.first_action,
        "actions": goal.action_count, "actions_done": goal.done_count, "percent_done": selectors.percent_done(goal),
        "helpers": goal.helper_count, "principles": [p.slug for p in goal.principles.all()],
        "url": links.absolute(request, "goals:detail", goal.slug),
        "api_url": links.absolute(request, "api:goal_detail", goal.slug),
    }


def _action_out(action: Action) -> dict:
    return {"id": action.pk, "title": action.title, "status": action.status, "owner": _person(action.owner),
            "due": action.due, "helpers": [_person(h.user) for h in action.helpers.all()]}


def _goal(slug: str) -> Goal:
    goal = selectors.goal(slug) if links.is_slug(slug) else None
    if goal is None:
        raise HttpError(404, _("There is no goal at this address."))
    return goal


class Filters(Input):
    chapter: str | None = Field(None, max_length=140, description="A chapter's slug: only its goals.")
    movement: bool = Field(False, description="true: only the goals of the whole movement.")
    principle: str | None = Field(None, max_length=60, description="A principle's slug.")


class Listing:
    def __init__(self, request, queryset, out):
        self.request, self.queryset, self.out = request, queryset, out

    def all(self):
        return self.queryset

    def __getitem__(self, window: slice) -> list[dict]:
        return [self.out(self.request, item) for item in self.queryset[window]]


@router.get("/principles", response={200: list[PrincipleOut], 422: ValidationErrorOut}, url_name="principle_list",
            summary="The seven principles", description="The principles goals, microactions and stories are tagged with.")
def principle_list(request: HttpRequest):
    return [{"slug": p.slug, "name": p.name, "summary": p.summary,
             "url": links.absolute(request, "goals:principle", p.slug)} for p in selectors.principles()]


@router.get("/goals", response={200: list[GoalOut], 422: ValidationErrorOut}, url_name="goal_list",
            summary="List goals", description="Goals of the movement and of chapters, with their progress.")
@paginate(PageNumbers)
def goal_list(request: HttpRequest, filters: Query[Filters]):
    if (filters.chapter and not links.is_slug(filters.chapter)) or (filters.principle and not links.is_slug(filters.principle)):
        return Listing(request, Goal.objects.none(), goal_out)
    goals = selectors.goal_list(chapter_slug=filters.chapter, movement_only=filters.movement,
                                principle_slug=filters.principle).prefetch_related("principles")
    return Listing(request, goals, goal_out)


@router.get("/goals/{slug}", response={200: GoalDetailOut, 404: ErrorOut}, url_name="goal_detail",
            summary="One goal", description="A goal with its owners, actions (owner, due date, status, helpers) and open log.")
def goal_detail(request: HttpRequest, slug: str):
    goal = _goal(slug)
    return {
        **goal_out(request, goal), "why": goal.why, "plan": goal.plan,
        "owners": [_person(u) for u in goal.owners.all()],
        "action_list": [_action_out(a) for a in selectors.actions_of(goal)],
        "updates": [{"at": u.created_at, "author": _person(u.author), "text": u.text}
                    for u in selectors.updates_of(goal)],
    }


@router.post("/goals/{slug}/help", auth=signed_in, response={200: HelpOut, 400: ErrorOut, **AUTH_ERRORS, 422: ValidationErrorOut},
             summary="I'll help", description="Tag yourself onto the goal, or onto one of its actions. Saying it twice changes nothing.")
def help_with(request: HttpRequest, slug: str, payload: HelpIn | None = None):
    goal = _goal(slug)
    action = None
    if payload is not None and payload.action is not None:
        action = Action.objects.filter(pk=payload.action, goal=goal).first()
        if action is None:
            raise HttpError(404, _("That goal has no such action."))
    services.help_with(by=request.auth, goal=goal, action=action)
    return {"helping": True}


def microaction_out(request: HttpRequest, item: Microaction) -> dict:
    return {
        "slug": item.slug, "title": item.title, "description": item.description,
        "principles": [p.slug for p in item.principles.all()], "goals": [g.slug for g in item.goals.all()],
        "committed": item.committed_count, "done": item.done_count,
        "url": links.absolute(request, "goals:microaction", item.slug),
    }


class MicroactionFilters(Input):
    principle: str | None = Field(None, max_length=60, description="A principle's slug.")


@router.get("/microactions", response={200: list[MicroactionOut], 422: ValidationErrorOut}, url_name="microaction_list",
            summary="The microactions library", description="Listed microactions with how many people committed and did each.")
@paginate(PageNumbers)
def microaction_list(request: HttpRequest, filters: Query[MicroactionFilters]):
    if filters.principle and not links.is_slug(filters.principle):
        return Listing(request, Microaction.objects.none(), microaction_out)
    return Listing(request, selectors.library(principle_slug=filters.principle).prefetch_related("goals"),
                   microaction_out)


def _microaction(request, slug: str) -> Microaction:
    user = getattr(request, "auth", None) or request.user
    item = selectors.visible_microaction(slug, user) if links.is_slug(slug) else None
    if item is None:
        raise HttpError(404, _("There is no microaction at this address."))
    return item


@router.get("/microactions/{slug}", response={200: MicroactionOut, 404: ErrorOut}, url_name="microaction_detail",
            summary="One microaction", description="A microaction in the library, with its counts.")
def microaction_detail(request: HttpRequest, slug: str):
    return microaction_out(request, _microaction(request, slug))


def _commitment_out(commitment) -> dict:
    return {"microaction": commitment.microaction.slug, "committed_at": commitment.committed_at,
            "done_at": commitment.done_at, "note": commitment.note}


@router.post("/microactions/{slug}/commitment", auth=signed_in,
             response={200: CommitmentOut, **AUTH_ERRORS, 409: ErrorOut},
             summary="Commit to a microaction", description="Committing again changes nothing. 409 when it is not in the library.")
def commit(request: HttpRequest, slug: str):
    item = _microaction(request, slug)
    try:
        return _commitment_out(services.commit(microaction=item, by=request.auth))
    except services.GoalError as exc:
        raise HttpError(409, exc.message) from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


@router.post("/microactions/{slug}/done", auth=signed_in,
             response={200: CommitmentOut, 400: ErrorOut, **AUTH_ERRORS, 409: ErrorOut, 422: ValidationErrorOut},
             summary="Mark a microaction done", description="With an optional note only you can see. 409 without a commitment.")
def done(request: HttpRequest, slug: str, payload: DoneIn | None = None):
    item = _microaction(request, slug)
    try:
        return _commitment_out(services.mark_done(microaction=item, by=request.auth,
                                                  note=payload.note if payload else ""))
    except services.GoalError as exc:
        raise HttpError(409, exc.message) from None
