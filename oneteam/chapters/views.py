"""Chapter pages: find, start, look at, join, leave and run a chapter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import AddOrganiserForm, ChapterEditForm, ChapterFilterForm, ChapterStartForm
from .models import ChecklistItem


def chapter_list(request):
    form = ChapterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chapters = selectors.chapter_list(
        country=filters.get("country") or None, status=filters.get("status") or None, q=filters.get("q") or None
    )
    rows = selectors.as_hierarchy(chapters)
    return render(
        request,
        "chapters/list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": bool(filters and any(filters.values())),
            "dormant_age": selectors.DORMANT_MIN_AGE.days,
            "dormant_quiet": selectors.DORMANT_QUIET_PERIOD.days,
        },
    )


def _detail_context(request, chapter, organiser_form=None) -> dict:
    organiser = selectors.is_organiser(chapter, request.user)
    return {
        "chapter": chapter,
        "status_label": selectors.STATUS_LABELS[chapter.status],
        "membership": selectors.membership_of(chapter, request.user),
        "is_organiser": organiser,
        "organisers": selectors.organisers(chapter),
        "members": selectors.members(chapter) if organiser else [],
        "children": selectors.child_chapters(chapter),
        "events": selectors.chapter_events(chapter, include_drafts=organiser),
        "checklist": selectors.checklist(chapter) if organiser else [],
        "form": organiser_form or (AddOrganiserForm() if organiser else None),
    }


def chapter_detail(request, slug):
    chapter = selectors.chapter_detail(slug)
    return render(request, "chapters/detail.html", _detail_context(request, chapter))


@login_required
@require_http_methods(["GET", "POST"])
def chapter_start(request):
    form = ChapterStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            chapter = services.start_chapter(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("You have started %(name)s. Work through the starter checklist below to get going.")
                % {"name": chapter.name},
            )
            return redirect(chapter)
    return render(request, "chapters/start.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request, slug):
    chapter = selectors.chapter_detail(slug)
    if not selectors.is_organiser(chapter, request.user):
        raise PermissionDenied(_("Only the chapter's organisers can edit it."))
    form = ChapterEditForm(request.POST if request.method == "POST" else None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_chapter(chapter, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your changes to the chapter are saved."))
            return redirect(chapter)
    return render(request, "chapters/edit.html", {"form": form, "chapter": chapter})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_join(request, slug):
    chapter = selectors.chapter_detail(slug)
    if request.method == "POST":
        services.join(chapter, request.user)
        messages.success(request, _("You have joined %(name)s.") % {"name": chapter.name})
    # A GET (after signing in from the join button) just shows the chapter.
    return redirect(chapter)


@login_required
@require_POST
def chapter_leave(request, slug):
    chapter = selectors.chapter_detail(slug)
    try:
        left = services.leave(chapter, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if left:
            messages.success(request, _("You have left %(name)s.") % {"name": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
def chapter_add_organiser(request, slug):
    chapter = selectors.chapter_detail(slug)
    if not selectors.is_organiser(chapter, request.user):
        raise PermissionDenied(_("Only the chapter's organisers can add organisers."))
    form = AddOrganiserForm(request.POST)
    if form.is_valid():
        try:
            services.add_organiser(chapter, request.user, form.person)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(name)s is now an organiser of this chapter.") % {"name": form.person.name}
            )
            return redirect(chapter)
    return render(request, "chapters/detail.html", _detail_context(request, chapter, organiser_form=form))


@login_required
@require_POST
def chapter_tick(request, slug, key):
    chapter = selectors.chapter_detail(slug)
    done = request.POST.get("done") == "true"
    try:
        item = services.tick(chapter, key, request.user, done)
    except ChecklistItem.DoesNotExist:
        raise Http404 from None
    step = selectors.STEPS_BY_KEY.get(item.key)
    title = step.title if step else item.key
    if done:
        messages.success(request, _("Done: %(step)s.") % {"step": title})
    else:
        messages.success(request, _("Marked as not done: %(step)s.") % {"step": title})
    return redirect(f"{chapter.get_absolute_url()}#checklist")
