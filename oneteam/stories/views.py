"""Story pages: thin views over the selectors and services."""

from __future__ import annotations

import mimetypes
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from oneteam.chapters.models import Chapter
from oneteam.core.errors import add_to_form
from oneteam.core.feeds import advertise
from oneteam.core.markdown import render_markdown
from oneteam.goals import selectors as goal_selectors

from . import permissions, selectors, services
from .forms import StoryForm
from .models import LANGUAGES, Story

PAGE_SIZE = 20
FORM_FIELDS_FOR = {"duration_seconds": "duration", "audio_bytes": "audio_bytes"}


def advertise_overall(request) -> None:
    advertise(request, _("OneTeam stories"), reverse("stories:feed"))


def chapter_section(request, chapter, can_organise: bool) -> dict:
    """The stories part of a chapter's page (registered with the chapters app)."""
    advertise(request, _("Stories from %(chapter)s") % {"chapter": chapter.name},
              reverse("stories:chapter_feed", args=[chapter.slug]))
    return {"chapter": chapter, "stories": selectors.chapter_stories(chapter)}


def principle_section(request, principle) -> dict:
    """The stories part of a principle's page (registered with the goals app)."""
    advertise(request, _("Stories: %(principle)s") % {"principle": principle.name},
              reverse("stories:principle_feed", args=[principle.slug]))
    return {"principle": principle, "stories": selectors.principle_stories(principle)}


def goal_section(request, goal) -> dict | None:
    """Stories that link to a goal, on the goal's page (registered with the goals app)."""
    stories = selectors.goal_stories(goal)
    return {"goal": goal, "stories": stories} if stories else None


def _visible(slug, user) -> Story:
    story = selectors.visible_story(slug, user)
    if story is None:
        raise Http404(_("No such story."))
    return story


def _editable(slug, user) -> Story:
    story = _visible(slug, user)
    if not permissions.can_edit(user, story):
        raise PermissionDenied(_("Only the story's authors can change it."))
    return story


# --- Reading --------------------------------------------------------------------


def story_list(request):
    get = request.GET
    kind = get.get("kind", "") if get.get("kind") in Story.Kind.values else ""
    language = get.get("language", "") if get.get("language") in dict(LANGUAGES) else ""
    principle = goal_selectors.principle(get.get("principle", "")) if get.get("principle") else None
    theme = selectors.theme(get.get("theme", "")) if get.get("theme") else None
    query = get.get("q", "").strip()[:200]
    stories = selectors.story_list(kind=kind or None, language=language or None,
                                   principle_slug=principle.slug if principle else None,
                                   theme_slug=theme.slug if theme else None, query=query)
    page = Paginator(stories, PAGE_SIZE).get_page(get.get("page"))
    chosen = {"kind": kind, "language": language, "principle": principle.slug if principle else "",
              "theme": theme.slug if theme else "", "q": query}
    advertise_overall(request)
    if principle:
        advertise(request, _("Stories: %(principle)s") % {"principle": principle.name},
                  reverse("stories:principle_feed", args=[principle.slug]))
    return render(request, "stories/list.html", {
        "page": page, "chosen": chosen, "kinds": Story.Kind.choices, "languages": LANGUAGES,
        "principles": goal_selectors.principles(), "theme": theme,
        "query_prefix": urlencode({k: v for k, v in chosen.items() if v}) + "&" if any(chosen.values()) else "",
        "filtered": any(chosen.values()),
    })


def detail(request, slug):
    story = _visible(slug, request.user)
    advertise_overall(request)
    if story.is_podcast:
        advertise(request, _("The OneTeam podcast"), reverse("stories:podcast_feed"))
    return render(request, "stories/detail.html", {
        "story": story, "can_edit": permissions.can_edit(request.user, story),
        "authors": list(story.authors.all()), "principles": list(story.principles.all()),
        "themes": list(story.themes.all()), "goals": list(story.goals.all()),
        "events": [e for e in story.events.select_related("chapter") if e.published_at],
        "projects": list(services.public_projects(story.projects.all())),
    })


def podcast(request):
    advertise(request, _("The OneTeam podcast"), reverse("stories:podcast_feed"))
    return render(request, "stories/podcast.html", {"episodes": list(selectors.episodes())})


RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte a ``Range: bytes=a-b`` header asks for, or None for the whole file."""
    match = RANGE.fullmatch(header.strip())
    if not match or not (match.group(1) or match.group(2)) or size == 0:
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        return max(size - int(last), 0), size - 1
    start, end = int(first), min(int(last) if last else size - 1, size - 1)
    if start >= size:
        return start, size - 1  # past the end: unsatisfiable, answered with 416
    return (start, end) if start <= end else None


def _serve(request, name: str, content_type: str, private: bool):
    """A stored file, with byte ranges (podcast apps ask for them) and no content sniffing."""
    if not name or not default_storage.exists(name):
        raise Http404
    size = default_storage.size(name)
    wanted = _byte_range(request.headers.get("Range", ""), size)
    handle = default_storage.open(name, "rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = wanted
        if start >= size:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle.seek(start)
        body = handle.read(end - start + 1)
        handle.close()
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def cover(request, slug):
    """The cover image, for whoever may see the story (a draft's cover stays private)."""
    story = _visible(slug, request.user)
    name = story.cover_image.name
    return _serve(request, name, mimetypes.guess_type(name)[0] or "application/octet-stream", private=story.is_draft)


def audio(request, slug):
    story = _visible(slug, request.user)
    if not story.audio_file:
        raise Http404
    return _serve(request, story.audio_file.name, story.audio_type or "audio/mpeg", private=story.is_draft)


@login_required
def mine(request):
    return render(request, "stories/mine.html", {"stories": list(selectors.drafts_of(request.user))})


# --- Writing ----------------------------------------------------------------------


def _render_form(request, form, story, preview=None):
    return render(request, "stories/form.html", {"form": form, "story": story, "preview": preview})


def _preview(form) -> str | None:
    body = form.data.get("body", "")
    return render_markdown(body) if body.strip() else None


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not permissions.can_write(request.user):
        raise PermissionDenied(_("Sign in to write a story."))
    initial = {}
    if request.GET.get("chapter"):
        initial["chapter"] = Chapter.objects.filter(slug=request.GET["chapter"]).first()
    form = StoryForm(request.POST or None, request.FILES or None, initial=initial, by=request.user)
    if request.method == "POST":
        if request.POST.get("preview"):
            form.is_valid()
            return _render_form(request, form, None, preview=_preview(form) or "")
        if form.is_valid():
            try:
                story = services.create_story(by=request.user, **form.relations(), **form.story_data())
            except services.StoryError as exc:
                add_to_form(form, exc, FORM_FIELDS_FOR)
            else:
                messages.success(request, _("Your draft is saved. Only you can see it until you publish it."))
                return redirect(story)
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    story = _editable(slug, request.user)
    form = StoryForm(request.POST or None, request.FILES or None, initial=StoryForm.initial_for(story, request.user),
                     story=story, by=request.user)
    if request.method == "POST":
        if request.POST.get("preview"):
            form.is_valid()
            return _render_form(request, form, story, preview=_preview(form) or "")
        if form.is_valid():
            try:
                services.update_story(story=story, by=request.user, remove_cover=form.cleaned_data.get("remove_cover", False),
                                      **form.relations(), **form.story_data())
            except services.StoryError as exc:
                add_to_form(form, exc, FORM_FIELDS_FOR)
            else:
                messages.success(request, _("The story is saved."))
                return redirect(story)
    return _render_form(request, form, story)


def _confirm(request, slug, action, template, done_message, done_url=None):
    story = _editable(slug, request.user)
    if request.method != "POST":
        return render(request, template, {"story": story})
    try:
        action(story=story, by=request.user)
    except services.StoryError as exc:
        messages.error(request, exc.message)
        return redirect(story)
    messages.success(request, done_message)
    return redirect(done_url or story.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, slug):
    return _confirm(request, slug, services.publish_story, "stories/confirm_publish.html",
                    _("The story is published. Everyone can read it now."))


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request, slug):
    return _confirm(request, slug, services.unpublish_story, "stories/confirm_unpublish.html",
                    _("The story is back to draft. Only its authors can see it."))


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, slug):
    return _confirm(request, slug, services.delete_story, "stories/confirm_delete.html",
                    _("The story is deleted."), done_url=reverse("stories:mine"))
