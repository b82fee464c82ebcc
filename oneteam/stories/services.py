"""Writes about stories: drafting, uploads, publishing.

Keyword-only arguments, ``by`` the person acting, one transaction each; a
rule that refuses the change raises ``StoryError`` (with the form field it
belongs to), acting without the right raises ``PermissionDenied``. Uploaded
files are checked before anything is written, and deleted again if the change
fails after they were stored, so nothing half-saved remains.
"""

from __future__ import annotations

import mimetypes
import re
from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from oneteam.core.errors import ServiceError
from oneteam.core.slugs import save_with_unique_slug
from oneteam.events import permissions as event_permissions
from oneteam.events.models import Event
from oneteam.goals.models import Goal
from oneteam.work import permissions as work_permissions
from oneteam.work.models import Project

from . import permissions, uploads
from .models import LANGUAGE_CODES, Story, Theme

STORY_FIELDS = (
    "title", "summary", "body", "kind", "language", "chapter", "cover_alt", "audio_url", "audio_bytes",
    "audio_type", "duration_seconds", "transcript",
)
RESERVED_SLUGS = frozenset({"new", "mine", "feeds", "podcast", "themes"})
GOAL_LINK = re.compile(r"(?:https?://[^\s/()<>\"']+)?/goals/([-a-zA-Z0-9_]+)/?(?=[\s)#?\"'>\]]|$)")
EVENT_LINK = re.compile(r"(?:https?://[^\s/()<>\"']+)?/events/([-a-zA-Z0-9_]+)/?(?=[\s)#?\"'>\]]|$)")
NOT_A_GOAL = frozenset({"new", "mine", "microactions", "principles"})
PROJECT_LINK = re.compile(r"(?:https?://[^\s/()<>\"']+)?/work/([-a-zA-Z0-9_]+)/?(?=[\s)#?\"'>\]]|$)")
NOT_A_PROJECT = frozenset({"new", "similar", "overlaps", "directory", "help-wanted", "export", "checklists"})
MAX_THEMES = 10


class StoryError(ServiceError):
    """A change to a story that the rules refuse, with a message for the person."""


def _require_editor(story: Story, by) -> None:
    if not permissions.can_edit(by, story):
        raise PermissionDenied(_("Only the story's authors can change it."))


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(STORY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown story fields: {', '.join(sorted(unknown))}")


def _full_clean(story: Story) -> None:
    try:
        story.full_clean(exclude=["slug", "cover_image", "audio_file"], validate_unique=False,
                         validate_constraints=False)
    except ValidationError as exc:
        raise StoryError.from_validation(exc) from None


def _check_rules(story: Story) -> None:
    """What the constraints say, as messages: checked before the database would refuse."""
    if not story.title.strip():
        raise StoryError(_("Enter a title"), field="title")
    if not story.body.strip():
        raise StoryError(_("Write the story"), field="body")
    if story.language not in LANGUAGE_CODES:
        raise StoryError(_("Select a language from the list"), field="language")
    if story.cover_image and not story.cover_alt.strip():
        raise StoryError(_("Describe the cover image for people who cannot see it"), field="cover_alt")
    if story.audio_url and story.audio_file:
        raise StoryError(_("Give an audio file or an audio address, not both"), field="audio_url")


def _check_episode(story: Story) -> None:
    """What a podcast episode needs before it can be published."""
    if not story.is_podcast:
        return
    if not story.has_audio:
        raise StoryError(_("Upload the episode's audio file or give its address"), field="audio_file")
    if story.duration_seconds <= 0:
        raise StoryError(_("Enter how long the episode is"), field="duration")
    if not story.transcript.strip():
        raise StoryError(_("Add a transcript, so that people who cannot listen can read the episode"),
                         field="transcript")


def parse_themes(text: str) -> list[str]:
    names, seen = [], set()
    for raw in re.split(r"[,\n]", text or ""):
        name = " ".join(raw.split())[:60]
        key = slugify(name)
        if name and key and key not in seen:
            seen.add(key)
            names.append(name)
    if len(names) > MAX_THEMES:
        raise StoryError(_("Give at most %(max)s themes") % {"max": MAX_THEMES}, field="themes")
    return names


def _themes(names: list[str]) -> list[Theme]:
    themes = []
    for name in names:
        slug = slugify(name)[:70]
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            try:
                with transaction.atomic():
                    theme = Theme.objects.create(name=name, slug=slug)
            except IntegrityError:
                theme = Theme.objects.filter(slug=slug).first() or Theme.objects.get(name=name)
        themes.append(theme)
    return themes


def public_projects(projects):
    """Only the projects anyone may see: a story is read by everyone, so it never shows another kind."""
    return work_permissions.visible_projects(AnonymousUser(), projects)


def mentioned(body: str, by) -> tuple[list[Goal], list[Event], list[Project]]:
    """The goals, events and work-register projects the story links to that anyone may see."""
    goal_slugs = {slug for slug in GOAL_LINK.findall(body) if slug not in NOT_A_GOAL}
    event_slugs = set(EVENT_LINK.findall(body))
    project_slugs = {slug for slug in PROJECT_LINK.findall(body) if slug not in NOT_A_PROJECT}
    goals = list(Goal.objects.filter(slug__in=goal_slugs))
    events = [e for e in Event.objects.filter(slug__in=event_slugs).select_related("chapter")
              if event_permissions.is_public(e)]
    projects = list(public_projects(Project.objects.filter(slug__in=project_slugs)))
    return goals, events, projects


@contextmanager
def _stored_files():
    """Files stored inside the block are deleted if the block fails."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            uploads.delete(name)
        raise


def _attach_files(story: Story, stored: list[str], cover, audio) -> list[str]:
    """Check, then store, the new files; returns the names of files they replace."""
    cover_kind = audio_kind = None
    try:
        if cover is not None:
            cover_kind = uploads.check_cover(cover)
        if audio is not None:
            audio_kind = uploads.check_audio(audio)
    except uploads.UploadRefused as exc:
        raise StoryError(str(exc), field="cover_image" if cover_kind is None and cover is not None else "audio_file") from None
    replaced = []
    if cover_kind is not None:
        name = uploads.store(cover, "stories/covers", cover_kind[0])
        stored.append(name)
        if story.cover_image:
            replaced.append(story.cover_image.name)
        story.cover_image.name = name
    if audio_kind is not None:
        name = uploads.store(audio, "stories/audio", audio_kind[0])
        stored.append(name)
        if story.audio_file:
            replaced.append(story.audio_file.name)
        story.audio_file.name = name
        story.audio_type = audio_kind[1]
        story.audio_bytes = audio.size
        story.audio_url = ""
    if story.audio_url and not story.audio_file:
        story.audio_type = mimetypes.guess_type(story.audio_url)[0] or "audio/mpeg"
        if not story.audio_type.startswith("audio/"):
            story.audio_type = "audio/mpeg"
    elif not story.audio_file:
        story.audio_type, story.audio_bytes = "", 0
    return replaced


def _apply(story: Story, data: dict) -> None:
    for name, value in data.items():
        if isinstance(value, str):
            value = value.replace("\x00", "")  # no form lets NUL through; PostgreSQL cannot store it
            if name not in {"body", "transcript"}:
                value = value.strip()
        setattr(story, name, value)


def _relate(story: Story, *, by, principles, themes, authors) -> None:
    if principles is not None:
        story.principles.set(principles)
    if themes is not None:
        story.themes.set(_themes(parse_themes(themes) if isinstance(themes, str) else list(themes)))
    if authors is not None:
        if any(not person.is_active for person in authors):
            raise StoryError(_("Only members whose accounts are open can be authors"), field="co_authors")
        story.authors.set(list(authors) or [by])
    goals, events, projects = mentioned(story.body, by)
    story.goals.set(goals)
    story.events.set(events)
    story.projects.set(projects)


def _pre_check(cover, cover_alt: str, existing_cover: bool = False) -> None:
    if cover is not None and not (cover_alt or "").strip():
        raise StoryError(_("Describe the cover image for people who cannot see it"), field="cover_alt")


@transaction.atomic
def create_story(*, by, principles=(), themes="", authors=None, cover=None, audio=None, **data) -> Story:
    """A new draft story; its writer is its first author."""
    if not permissions.can_write(by):
        raise PermissionDenied(_("Sign in to write a story."))
    _check_fields(data)
    _pre_check(cover, data.get("cover_alt", ""))
    if isinstance(themes, str):
        parse_themes(themes)
    story = Story(created_by=by, status=Story.Status.DRAFT)
    _apply(story, data)
    _check_rules(story)
    _full_clean(story)
    with _stored_files() as stored:
        _attach_files(story, stored, cover, audio)
        _check_rules(story)
        save_with_unique_slug(story, story.title, reserved=RESERVED_SLUGS, fallback="story")
        _relate(story, by=by, principles=principles, themes=themes, authors=authors if authors is not None else [by])
    return story


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


@transaction.atomic
def update_story(*, story: Story, by, principles=None, themes=None, authors=None, cover=None, audio=None,
                 remove_cover: bool = False, **data) -> Story:
    story = _locked(story)
    _require_editor(story, by)
    _check_fields(data)
    _pre_check(cover, data.get("cover_alt", story.cover_alt))
    if isinstance(themes, str):
        parse_themes(themes)
    _apply(story, data)
    replaced: list[str] = []
    if remove_cover and cover is None and story.cover_image:
        replaced.append(story.cover_image.name)
        story.cover_image.name = ""
        story.cover_alt = ""
    _check_rules(story)
    _full_clean(story)
    with _stored_files() as stored:
        replaced += _attach_files(story, stored, cover, audio)
        _check_rules(story)
        if story.is_published:
            _check_episode(story)
        story.save()
        _relate(story, by=by, principles=principles, themes=themes, authors=authors)
    for name in replaced:
        transaction.on_commit(lambda name=name: uploads.delete(name))
    return story


@transaction.atomic
def publish_story(*, story: Story, by) -> Story:
    story = _locked(story)
    _require_editor(story, by)
    if story.is_published:
        raise StoryError(_("This story is already published."))
    _check_rules(story)
    _check_episode(story)
    story.status = Story.Status.PUBLISHED
    story.published_at = timezone.now()
    story.save(update_fields=["status", "published_at", "updated_at"])
    return story


@transaction.atomic
def unpublish_story(*, story: Story, by) -> Story:
    """Take a story back to draft: it leaves every page, feed and list until published again."""
    story = _locked(story)
    _require_editor(story, by)
    if story.is_draft:
        raise StoryError(_("This story is not published."))
    story.status = Story.Status.DRAFT
    story.published_at = None
    story.save(update_fields=["status", "published_at", "updated_at"])
    return story


@transaction.atomic
def delete_story(*, story: Story, by) -> None:
    story = _locked(story)
    _require_editor(story, by)
    files = [f.name for f in (story.cover_image, story.audio_file) if f]
    story.delete()
    for name in files:
        transaction.on_commit(lambda name=name: uploads.delete(name))
