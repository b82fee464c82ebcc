"""Writes of the work register.

As in every app: keyword-only arguments, ``by`` is the person acting, one
transaction each, permissions asked again (``PermissionDenied``) and rules
refused with ``WorkError``. A change to a project's words queues the worker
to embed it again; a confirmed relation tells the responsible people of both
projects, each only about a project they may see.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneteam.core.errors import ServiceError
from oneteam.core.mail import compose, send_after_commit
from oneteam.core.slugs import save_with_unique_slug

from . import permissions
from .checklists import DEFAULT_STEPS
from .models import (
    ChecklistStep,
    ChecklistTemplate,
    HelpWanted,
    KeyResult,
    Objective,
    Project,
    ProjectLink,
    ProjectPerson,
    ProjectUpdate,
    Relation,
    Theme,
)
from .tasks import queue_embedding

PROJECT_FIELDS = ("title", "summary", "organisation", "team", "chapter", "phase", "start_date", "end_date",
                  "visibility")
RESERVED_SLUGS = frozenset({"new", "overlaps", "directory", "help-wanted", "export", "similar", "checklists"})
MAX_THEMES = 8


class WorkError(ServiceError):
    """A change to the register that the rules refuse, with a message for the person."""


def _require_edit(project: Project, by) -> None:
    if not permissions.can_edit(by, project):
        raise PermissionDenied(_("Only the project's team can do this."))


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _full_clean(instance, **options) -> None:
    try:
        instance.full_clean(**options)
    except ValidationError as exc:
        raise WorkError.from_validation(exc) from None


def themes_named(names) -> list[Theme]:
    """The themes with these names, created when new (case kept from the first use)."""
    themes = []
    for raw in names:
        name = " ".join(str(raw).split())[:80]
        if not name:
            continue
        theme = Theme.objects.filter(name__iexact=name).first()
        if theme is None:
            theme = Theme(name=name)
            save_with_unique_slug(theme, name, fallback="theme")
        if theme not in themes:
            themes.append(theme)
    if len(themes) > MAX_THEMES:
        raise WorkError(_("Choose at most %(count)s themes.") % {"count": MAX_THEMES}, field="themes")
    return themes


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise WorkError(_("The end date must be the same as or after the start date"), field="end_date")


@transaction.atomic
def register_project(*, by, themes=(), role: str = "", links=(), **data) -> Project:
    """Register a project; the person registering is on its team and responsible for it."""
    if not permissions.can_register(by):
        raise PermissionDenied(_("Sign in to register a project."))
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {', '.join(sorted(unknown))}")
    project = Project(created_by=by, **data)
    _check_dates(project.start_date, project.end_date)
    _full_clean(project, exclude=["slug"])
    save_with_unique_slug(project, project.title, reserved=RESERVED_SLUGS, fallback="project")
    project.themes.set(themes_named(themes))
    ProjectPerson.objects.create(project=project, user=by, role=role[:120], responsible=True)
    for label, url in links:
        add_link(project=project, by=by, label=label, url=url)
    _copy_checklist(project, ChecklistTemplate.Kind.STARTUP)
    queue_embedding()
    return project


@transaction.atomic
def update_project(*, project: Project, by, themes=None, **data) -> Project:
    _require_edit(project, by)
    project = _locked(project)
    for name, value in data.items():
        if name not in PROJECT_FIELDS:
            raise TypeError(f"unknown project field {name}")
        setattr(project, name, value)
    _check_dates(project.start_date, project.end_date)
    _full_clean(project)
    project.save()
    if themes is not None:
        project.themes.set(themes_named(themes))
    queue_embedding()
    return project


# --- People ------------------------------------------------------------------------


@transaction.atomic
def add_person(*, project: Project, by, user=None, name: str = "", role: str = "",
               responsible: bool = False) -> ProjectPerson:
    _require_edit(project, by)
    if user is None and not name.strip():
        raise WorkError(_("Enter the person's name, or choose a member"), field="name")
    if user is not None and project.people.filter(user=user).exists():
        raise WorkError(_("This person is already on the project"), field="email")
    person = ProjectPerson(project=project, user=user, name=name.strip(), role=role.strip(), responsible=responsible)
    _full_clean(person)
    person.save()
    Project.objects.filter(pk=project.pk).update(changed_at=timezone.now())
    return person


@transaction.atomic
def remove_person(*, person: ProjectPerson, by) -> None:
    project = person.project
    _require_edit(project, by)
    if person.responsible and project.people.filter(responsible=True).count() == 1:
        raise WorkError(_("A project needs someone responsible: add another before removing the last one."))
    person.delete()


# --- The story and the links ----------------------------------------------------------


@transaction.atomic
def post_update(*, project: Project, by, body: str) -> ProjectUpdate:
    _require_edit(project, by)
    update = ProjectUpdate(project=project, author=by, body=body.strip())
    _full_clean(update)
    update.save()
    return update


@transaction.atomic
def edit_update(*, update: ProjectUpdate, by, body: str) -> ProjectUpdate:
    """Correct a dated update; it keeps its date and its author."""
    _require_edit(update.project, by)
    update = ProjectUpdate.objects.select_for_update().get(pk=update.pk)
    update.body = body.strip()
    _full_clean(update)
    update.save(update_fields=["body"])
    return update


@transaction.atomic
def delete_update(*, update: ProjectUpdate, by) -> None:
    _require_edit(update.project, by)
    update.delete()


@transaction.atomic
def add_link(*, project: Project, by, label: str, url: str) -> ProjectLink:
    _require_edit(project, by)
    link = ProjectLink(project=project, label=label.strip() or url, url=url.strip())
    _full_clean(link, validate_constraints=False)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise WorkError(_("This link is already on the project"), field="url") from None
    return link


# --- Relations between projects --------------------------------------------------------


@transaction.atomic
def judge_pair(*, project: Project, other: Project, by, kind: str, note: str = "") -> Relation:
    """Confirm how two projects relate, or dismiss the pair so it is not suggested again.

    A confirmation (not a dismissal) e-mails the responsible people of both
    projects, except the person acting, each only if they may see the other project.
    """
    if project.pk == other.pk:
        raise WorkError(_("A project cannot be related to itself."))
    if not permissions.can_judge(by, project, other):
        raise PermissionDenied(_("Only the team of one of these projects can do this."))
    if kind not in Relation.Kind.values:
        raise WorkError(_("Select how the projects relate"), field="kind")
    first, second = sorted([project, other], key=lambda p: p.pk)
    Project.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk").first()
    relation, _created = Relation.objects.update_or_create(
        first=first, second=second, defaults={"kind": kind, "note": note.strip(), "decided_by": by}
    )
    if not relation.is_dismissed:
        _tell_about_relation(relation, by)
    return relation


def _tell_about_relation(relation: Relation, by) -> None:
    from .selectors import responsible_users

    mails = []
    for here, there in ((relation.first, relation.second), (relation.second, relation.first)):
        for person in responsible_users(here):
            if person.pk == by.pk or not permissions.can_see(person, there):
                continue
            mails.append(compose(
                to=person,
                subject=_("%(title)s: a related project was confirmed") % {"title": here.title},
                template="work/email/relation.txt",
                context={"relation": relation, "project": here, "other": there, "by": by,
                         "site_url": settings.SITE_URL},
            ))
    send_after_commit(mails)


@transaction.atomic
def forget_relation(*, relation: Relation, by) -> None:
    if not permissions.can_judge(by, relation.first, relation.second):
        raise PermissionDenied(_("Only the team of one of these projects can do this."))
    relation.delete()


# --- Objectives and key results ----------------------------------------------------------


@transaction.atomic
def add_objective(*, project: Project, by, title: str) -> Objective:
    _require_edit(project, by)
    objective = Objective(project=project, title=title.strip(), position=project.objectives.count())
    _full_clean(objective)
    objective.save()
    return objective


@transaction.atomic
def add_key_result(*, objective: Objective, by, title: str, target: Decimal, start_value: Decimal = Decimal(0),
                   current: Decimal | None = None, unit: str = "") -> KeyResult:
    _require_edit(objective.project, by)
    if Decimal(target) == Decimal(start_value):
        raise WorkError(_("The target must differ from the starting value"), field="target")
    result = KeyResult(objective=objective, title=title.strip(), target=target, start_value=start_value,
                       current=start_value if current is None else current, unit=unit.strip())
    _full_clean(result)
    result.save()
    return result


@transaction.atomic
def edit_objective(*, objective: Objective, by, title: str) -> Objective:
    _require_edit(objective.project, by)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    objective.title = title.strip()
    _full_clean(objective)
    objective.save(update_fields=["title"])
    return objective


@transaction.atomic
def delete_objective(*, objective: Objective, by) -> None:
    """Remove an objective with its key results."""
    _require_edit(objective.project, by)
    objective.delete()


@transaction.atomic
def edit_key_result(*, key_result: KeyResult, by, title: str, target: Decimal, start_value: Decimal,
                    unit: str = "", current: Decimal | None = None) -> KeyResult:
    """Change what a key result measures; its current value stays unless given."""
    _require_edit(key_result.objective.project, by)
    if Decimal(target) == Decimal(start_value):
        raise WorkError(_("The target must differ from the starting value"), field="target")
    key_result = KeyResult.objects.select_for_update().get(pk=key_result.pk)
    key_result.title, key_result.target, key_result.start_value = title.strip(), target, start_value
    key_result.unit = unit.strip()
    if current is not None:
        key_result.current = current
    _full_clean(key_result)
    key_result.save()
    return key_result


@transaction.atomic
def delete_key_result(*, key_result: KeyResult, by) -> None:
    _require_edit(key_result.objective.project, by)
    key_result.delete()


@transaction.atomic
def record_progress(*, key_result: KeyResult, by, current: Decimal) -> KeyResult:
    _require_edit(key_result.objective.project, by)
    key_result = KeyResult.objects.select_for_update().get(pk=key_result.pk)
    key_result.current = current
    _full_clean(key_result)
    key_result.save(update_fields=["current", "updated_at"])
    return key_result


# --- Checklists ---------------------------------------------------------------------------


def template_steps(chapter, kind: str) -> list[str]:
    """A chapter's adapted checklist, else the site's own, else the built-in steps."""
    for owner in ([chapter] if chapter else []) + [None]:
        template = ChecklistTemplate.objects.filter(chapter=owner, kind=kind).first()
        if template is not None and template.items:
            return list(template.items)
    return [str(step) for step in DEFAULT_STEPS[kind]]


def _copy_checklist(project: Project, kind: str) -> None:
    if project.checklist_steps.filter(kind=kind).exists():
        return
    ChecklistStep.objects.bulk_create([
        ChecklistStep(project=project, kind=kind, text=text[:300], position=position)
        for position, text in enumerate(template_steps(project.chapter, kind))
    ])


@transaction.atomic
def start_checklist(*, project: Project, by, kind: str) -> None:
    _require_edit(project, by)
    if kind not in ChecklistTemplate.Kind.values:
        raise WorkError(_("Choose the start-up or the close-down checklist"))
    _copy_checklist(_locked(project), kind)


@transaction.atomic
def tick_step(*, step: ChecklistStep, by, done: bool) -> ChecklistStep:
    _require_edit(step.project, by)
    step.done_at = timezone.now() if done else None
    step.done_by = by if done else None
    step.save(update_fields=["done_at", "done_by"])
    return step


@transaction.atomic
def adapt_checklist(*, chapter, by, kind: str, steps: list[str]) -> ChecklistTemplate:
    """A chapter's own version of a checklist, used by projects of that chapter from now on."""
    if not permissions.can_adapt_checklists(by, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))
    cleaned = [" ".join(step.split())[:300] for step in steps if step.strip()]
    if not cleaned:
        raise WorkError(_("Enter at least one step, one per line"), field="steps")
    template, _created = ChecklistTemplate.objects.update_or_create(
        chapter=chapter, kind=kind, defaults={"items": cleaned}
    )
    return template


# --- Help wanted ----------------------------------------------------------------------------


@transaction.atomic
def ask_for_help(*, project: Project, by, skill: str, note: str = "") -> HelpWanted:
    _require_edit(project, by)
    skill = " ".join(skill.split())
    if project.help_wanted.filter(skill__iexact=skill).exists():
        raise WorkError(_("The project already asks for this skill"), field="skill")
    wanted = HelpWanted(project=project, skill=skill, note=note.strip())
    _full_clean(wanted)
    wanted.save()
    return wanted


@transaction.atomic
def close_help_wanted(*, wanted: HelpWanted, by) -> None:
    _require_edit(wanted.project, by)
    wanted.delete()


