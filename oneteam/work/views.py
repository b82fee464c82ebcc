"""Pages of the work register: thin views over the selectors and services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from oneteam.chapters.models import Chapter
from oneteam.core.errors import add_to_form
from oneteam.people.models import User

from . import exports, permissions, selectors, services
from .charts import progress_chart
from .forms import (
    ChecklistTemplateForm,
    HelpWantedForm,
    KeyResultEditForm,
    KeyResultForm,
    LinkForm,
    ObjectiveForm,
    PersonForm,
    ProgressForm,
    ProjectForm,
    RegisterForm,
    RelationForm,
    SearchForm,
    UpdateForm,
)
from .models import (
    ChecklistStep,
    ChecklistTemplate,
    HelpWanted,
    KeyResult,
    Objective,
    Project,
    ProjectPerson,
    ProjectUpdate,
)
from .tasks import backlog, neighbour_backlog

PAGE_SIZE = 20


def _visible(slug: str, user) -> Project:
    project = selectors.visible_project(slug, user)
    if project is None:
        raise Http404(_("No such project."))
    return project


def _editable(slug: str, user) -> Project:
    project = _visible(slug, user)
    if not permissions.can_edit(user, project):
        raise PermissionDenied(_("Only the project's team can do this."))
    return project


def chapter_section(request, chapter, can_organise: bool) -> dict | None:
    """The projects part of a chapter's page (registered with the chapters app)."""
    projects = list(permissions.visible_projects(request.user, chapter.projects.all())
                    .select_related("organisation")[:10])
    if not projects and not can_organise:
        return None
    return {"chapter": chapter, "projects": projects, "can_organise": can_organise}


# --- The register: list, search and filters ----------------------------------------------


def _filters(request) -> selectors.Filters:
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.Filters(**{name: (data.get(name) or "").strip() for name in
                                ("q", "phase", "organisation", "theme", "country")})


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def project_list(request):
    filters = _filters(request)
    number = _page_number(request)
    found = selectors.project_list(request.user, filters)
    start = (number - 1) * PAGE_SIZE
    rows = list(found[start:start + PAGE_SIZE + 1])  # one more tells whether there is a next page
    choices = selectors.filter_choices()
    return render(request, "work/list.html", {
        "projects": rows[:PAGE_SIZE],
        "has_next": len(rows) > PAGE_SIZE,
        "page_number": number,
        "filters": filters,
        "query_prefix": (filters.query_string() + "&") if filters.any else "",
        "phases": Project.Phase.choices,
        "organisations": choices.organisations,
        "themes": choices.themes,
        "countries": choices.countries,
        "can_register": permissions.can_register(request.user),
    })


# --- Registering, with similar projects before saving ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "GET":
        form = RegisterForm(initial={"phase": Project.Phase.IDEA, "visibility": Project.Visibility.PUBLIC,
                                     "organisation": request.user.organisation_id})
        return render(request, "work/register.html", {"form": form})
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return render(request, "work/register.html", {"form": form})
    data = dict(form.cleaned_data)
    similar = selectors.similar_to_text(f"{data['title']}\n{data['summary']}", request.user)
    if similar and not data.pop("seen_similar"):
        # Without JavaScript, this step is where the person sees the look-alikes before saving.
        confirm = RegisterForm(initial={**request.POST.dict(), "seen_similar": True})
        return render(request, "work/register_confirm.html", {"form": confirm, "similar": similar,
                                                             "posted": request.POST})
    data.pop("seen_similar", None)
    themes, role = data.pop("themes"), data.pop("role")
    try:
        project = services.register_project(by=request.user, themes=themes, role=role, **data)
    except services.WorkError as exc:
        add_to_form(form, exc)
        return render(request, "work/register.html", {"form": form})
    messages.success(request, _("Your project is registered."))
    return redirect(project)


@require_GET
def similar_json(request):
    """Similar projects while someone types: ``?text=…`` (and ``&project=slug`` to leave one out)."""
    text = request.GET.get("text", "")[:4000]
    exclude = set()
    if request.GET.get("project"):
        exclude = set(Project.objects.filter(slug=request.GET["project"]).values_list("pk", flat=True))
    similar = selectors.similar_to_text(text, request.user, exclude=exclude)
    return JsonResponse({"similar": [
        {"title": item.project.title, "url": item.project.get_absolute_url(),
         "organisation": item.project.organisation.name, "phase": item.project.get_phase_display(),
         "score": round(item.score, 3)}
        for item in similar
    ]})


# --- One project ----------------------------------------------------------------------------


def _okrs(project: Project) -> list[dict]:
    shown = []
    for objective in project.objectives.prefetch_related("key_results"):
        results = list(objective.key_results.all())
        shown.append({"objective": objective, "results": results,
                      "chart": progress_chart(objective, results) if results else ""})
    return shown


def detail(request, slug):
    project = _visible(slug, request.user)
    can_edit = permissions.can_edit(request.user, project)
    steps = list(project.checklist_steps.all())
    return render(request, "work/detail.html", {
        "project": project,
        "can_edit": can_edit,
        "people": selectors.project_people(project),
        "themes": list(project.themes.all()),
        "links": list(project.links.all()),
        "updates": list(project.updates.select_related("author")[:50]),
        "relations": selectors.relations_of(project, request.user),
        "similar": selectors.similar_projects(project, request.user),
        "okrs": _okrs(project),
        "startup": [s for s in steps if s.kind == ChecklistTemplate.Kind.STARTUP],
        "closedown": [s for s in steps if s.kind == ChecklistTemplate.Kind.CLOSEDOWN],
        "help_wanted": selectors.help_wanted_with_matches(project),
        "update_form": UpdateForm() if can_edit else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    project = _editable(slug, request.user)
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            themes = data.pop("themes")
            try:
                services.update_project(project=project, by=request.user, themes=themes, **data)
            except services.WorkError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The project is updated."))
                return redirect(project)
    else:
        form = ProjectForm(initial={
            **{name: getattr(project, name) for name in ("title", "summary", "team", "phase", "start_date",
                                                          "end_date", "visibility")},
            "organisation": project.organisation_id, "chapter": project.chapter_id,
            "themes": ", ".join(t.name for t in project.themes.all()),
        })
    return render(request, "work/edit.html", {"form": form, "project": project})


def _small_form(request, slug, form_class, template, action, done, initial=None, anchor="", **extra):
    """A page with one small form that changes a project, then back to the project (POST-redirect-GET)."""
    project = _editable(slug, request.user)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action(project, form.cleaned_data)
        except services.WorkError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(project.get_absolute_url() + anchor)
    return render(request, template, {"form": form, "project": project, **extra})


def _confirm_delete(request, project, *, heading, what, action, done, anchor):
    """Ask before deleting (a page of its own, so it works without JavaScript), then delete on POST."""
    if request.method == "POST":
        action()
        messages.success(request, done)
        return redirect(project.get_absolute_url() + anchor)
    return render(request, "work/confirm_delete.html", {"project": project, "heading": heading, "what": what,
                                                        "back": project.get_absolute_url() + anchor})


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request, slug):
    return _small_form(
        request, slug, UpdateForm, "work/small_form.html",
        lambda project, data: services.post_update(project=project, by=request.user, body=data["body"]),
        _("Your update is posted."), heading=_("Post an update"), button=_("Post update"),
    )


def _project_update(request, slug, pk) -> tuple[Project, ProjectUpdate]:
    project = _editable(slug, request.user)
    return project, get_object_or_404(ProjectUpdate, pk=pk, project=project)


@login_required
@require_http_methods(["GET", "POST"])
def edit_update(request, slug, pk):
    _project, update = _project_update(request, slug, pk)
    return _small_form(
        request, slug, UpdateForm, "work/small_form.html",
        lambda project, data: services.edit_update(update=update, by=request.user, body=data["body"]),
        _("The update is changed."), initial={"body": update.body}, anchor="#updates",
        heading=_("Change the update of %(date)s") % {"date": date_format(localtime(update.created_at),
                                                                           "j F Y, H:i")},
        button=_("Save update"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_update(request, slug, pk):
    project, update = _project_update(request, slug, pk)
    return _confirm_delete(
        request, project, heading=_("Delete this update?"), what=update.body,
        action=lambda: services.delete_update(update=update, by=request.user),
        done=_("The update is deleted."), anchor="#updates",
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_link(request, slug):
    return _small_form(
        request, slug, LinkForm, "work/small_form.html",
        lambda project, data: services.add_link(project=project, by=request.user, **data),
        _("The link is added."), heading=_("Add a link"), button=_("Add link"),
    )


def _add_person(request, project, data):
    user = None
    if data.get("email"):
        user = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        if user is None:
            raise services.WorkError(_("No member has this e-mail address: enter their name instead"),
                                     field="email")
    services.add_person(project=project, by=request.user, user=user, name=data.get("name", ""),
                        role=data.get("role", ""), responsible=data.get("responsible", False))


@login_required
@require_http_methods(["GET", "POST"])
def add_person(request, slug):
    return _small_form(request, slug, PersonForm, "work/small_form.html",
                       lambda project, data: _add_person(request, project, data),
                       _("The person is added."), heading=_("Add a person"), button=_("Add person"))


@login_required
@require_POST
def remove_person(request, slug, pk):
    project = _editable(slug, request.user)
    person = get_object_or_404(ProjectPerson, pk=pk, project=project)
    try:
        services.remove_person(person=person, by=request.user)
    except services.WorkError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The person is removed from the project."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def add_objective(request, slug):
    return _small_form(
        request, slug, ObjectiveForm, "work/small_form.html",
        lambda project, data: services.add_objective(project=project, by=request.user, title=data["title"]),
        _("The objective is added. Now add its key results."), heading=_("Add an objective"),
        button=_("Add objective"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_key_result(request, slug, objective_pk):
    project = _editable(slug, request.user)
    objective = get_object_or_404(Objective, pk=objective_pk, project=project)
    return _small_form(
        request, slug, KeyResultForm, "work/small_form.html",
        lambda _project, data: services.add_key_result(objective=objective, by=request.user, **data),
        _("The key result is added."), heading=_("Add a key result to: %(objective)s") % {
            "objective": objective.title}, button=_("Add key result"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_objective(request, slug, pk):
    project = _editable(slug, request.user)
    objective = get_object_or_404(Objective, pk=pk, project=project)
    return _small_form(
        request, slug, ObjectiveForm, "work/small_form.html",
        lambda _project, data: services.edit_objective(objective=objective, by=request.user, title=data["title"]),
        _("The objective is changed."), initial={"title": objective.title}, anchor="#objectives",
        heading=_("Change the objective"), button=_("Save objective"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_objective(request, slug, pk):
    project = _editable(slug, request.user)
    objective = get_object_or_404(Objective, pk=pk, project=project)
    count = objective.key_results.count()
    return _confirm_delete(
        request, project, heading=_("Delete this objective?"),
        what=objective.title + ("\n\n" + (_("Its %(count)s key result(s) are deleted with it.") % {"count": count})
                                if count else ""),
        action=lambda: services.delete_objective(objective=objective, by=request.user),
        done=_("The objective is deleted."), anchor="#objectives",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_key_result(request, slug, pk):
    project = _editable(slug, request.user)
    result = get_object_or_404(KeyResult, pk=pk, objective__project=project)
    return _small_form(
        request, slug, KeyResultEditForm, "work/small_form.html",
        lambda _project, data: services.edit_key_result(key_result=result, by=request.user, **data),
        _("The key result is changed."), anchor="#objectives",
        initial={name: getattr(result, name) for name in ("title", "start_value", "target", "current", "unit")},
        heading=_("Change the key result"), button=_("Save key result"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_key_result(request, slug, pk):
    project = _editable(slug, request.user)
    result = get_object_or_404(KeyResult, pk=pk, objective__project=project)
    return _confirm_delete(
        request, project, heading=_("Delete this key result?"), what=result.title,
        action=lambda: services.delete_key_result(key_result=result, by=request.user),
        done=_("The key result is deleted."), anchor="#objectives",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_progress(request, slug, pk):
    project = _editable(slug, request.user)
    result = get_object_or_404(KeyResult, pk=pk, objective__project=project)
    if request.method == "GET":
        form = ProgressForm(initial={"current": result.current})
        return render(request, "work/small_form.html", {"form": form, "project": project,
                      "heading": _("Progress on: %(title)s") % {"title": result.title}, "button": _("Save")})
    return _small_form(
        request, slug, ProgressForm, "work/small_form.html",
        lambda _project, data: services.record_progress(key_result=result, by=request.user, current=data["current"]),
        _("The progress is saved."), heading=_("Progress on: %(title)s") % {"title": result.title},
        button=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_for_help(request, slug):
    return _small_form(
        request, slug, HelpWantedForm, "work/small_form.html",
        lambda project, data: services.ask_for_help(project=project, by=request.user, **data),
        _("Your request for help is listed."), heading=_("Ask for help"), button=_("Ask for help"),
    )


@login_required
@require_POST
def close_help(request, slug, pk):
    project = _editable(slug, request.user)
    services.close_help_wanted(wanted=get_object_or_404(HelpWanted, pk=pk, project=project), by=request.user)
    messages.success(request, _("The request for help is closed."))
    return redirect(project)


@login_required
@require_POST
def start_checklist(request, slug, kind):
    project = _editable(slug, request.user)
    try:
        services.start_checklist(project=project, by=request.user, kind=kind)
    except services.WorkError as exc:
        messages.error(request, exc.message)
    return redirect(f"{project.get_absolute_url()}#checklists")


@login_required
@require_POST
def tick_step(request, slug, pk):
    project = _editable(slug, request.user)
    step = get_object_or_404(ChecklistStep, pk=pk, project=project)
    services.tick_step(step=step, by=request.user, done=request.POST.get("done") == "1")
    return redirect(f"{project.get_absolute_url()}#checklists")


# --- Relations ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def judge(request, slug, other_slug):
    project = _visible(slug, request.user)
    other = _visible(other_slug, request.user)
    if not permissions.can_judge(request.user, project, other):
        raise PermissionDenied(_("Only the team of one of these projects can do this."))
    existing = selectors.relation_between(project, other)
    form = RelationForm(request.POST or None,
                        initial={"kind": existing.kind, "note": existing.note} if existing else None)
    if request.method == "POST" and form.is_valid():
        try:
            relation = services.judge_pair(project=project, other=other, by=request.user, **form.cleaned_data)
        except services.WorkError as exc:
            add_to_form(form, exc)
        else:
            if relation.is_dismissed:
                messages.success(request, _("The pair will not be suggested again."))
            else:
                messages.success(request, _("The relation is saved, and the responsible people are told."))
            return redirect(project)
    return render(request, "work/judge.html", {"form": form, "project": project, "other": other,
                                               "existing": existing})


# --- Reports across projects --------------------------------------------------------------------


def overlaps(request):
    organiser = permissions.can_see_backlog(request.user)
    return render(request, "work/overlaps.html", {
        "report": selectors.overlaps(request.user),
        "backlog": backlog() if organiser else None,
        "neighbour_backlog": neighbour_backlog() if organiser else None,
    })


DIRECTORY_VIEWS = {"organisation", "theme", "person"}


def directory(request):
    by = request.GET.get("by", "organisation")
    if by not in DIRECTORY_VIEWS:
        by = "organisation"
    return render(request, "work/directory.html", {"by": by, "groups": selectors.responsibility(request.user, by)})


def help_wanted(request):
    wanted = selectors.open_help_wanted(request.user)
    return render(request, "work/help_wanted.html", {
        "wanted": [(item, selectors.free_agents_for(item.skill)) for item in wanted],
    })


@login_required
@require_http_methods(["GET", "POST"])
def adapt_checklist(request, chapter_slug, kind):
    chapter = get_object_or_404(Chapter, slug=chapter_slug)
    if kind not in ChecklistTemplate.Kind.values:
        raise Http404(_("No such checklist."))
    if not permissions.can_adapt_checklists(request.user, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))
    form = ChecklistTemplateForm(request.POST or None, initial={
        "steps": "\n".join(services.template_steps(chapter, kind))})
    if request.method == "POST" and form.is_valid():
        try:
            services.adapt_checklist(chapter=chapter, by=request.user, kind=kind,
                                     steps=form.cleaned_data["steps"].splitlines())
        except services.WorkError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The checklist is saved. New projects of the chapter will follow it."))
            return redirect(chapter)
    label = ChecklistTemplate.Kind(kind).label
    return render(request, "work/adapt_checklist.html", {"form": form, "chapter": chapter, "label": label})


# --- Open exports: public projects only ------------------------------------------------------------


def _records(request):
    return [exports.project_record(p, request.build_absolute_uri(p.get_absolute_url()))
            for p in selectors.public_projects()]


def export_csv(request):
    response = HttpResponse(exports.projects_csv(_records(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projects.csv"'
    return response


def export_json(request):
    response = HttpResponse(json.dumps({"projects": _records(request)}, ensure_ascii=False, indent=1),
                            content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="projects.json"'
    return response
