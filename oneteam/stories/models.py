"""Stories: blog posts, case studies, #MyOneTeamGov pieces, event write-ups and podcast episodes."""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

WORDS_PER_MINUTE = 200
LANGUAGES = [
    ("en", _("English")), ("cy", _("Welsh")), ("gd", _("Scottish Gaelic")), ("fr", _("French")),
    ("de", _("German")), ("sv", _("Swedish")), ("nb", _("Norwegian")), ("fi", _("Finnish")),
    ("mi", _("Māori")), ("es", _("Spanish")), ("pt", _("Portuguese")), ("nl", _("Dutch")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]


class Theme(models.Model):
    """A free tag beside the principles: "wellbeing", "climate", "leadership" …"""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(max_length=70, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    class Kind(models.TextChoices):
        BLOG = "blog", _("Blog post")
        CASE_STUDY = "case_study", _("Case study")
        MY_ONETEAM = "my_oneteam", _("#MyOneTeamGov")
        WRITE_UP = "write_up", _("Event write-up")
        PODCAST = "podcast", _("Podcast episode")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("story"), max_length=100_000)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BLOG)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="stories", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="stories_created"
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories",
        verbose_name=_("chapter"),
    )
    principles = models.ManyToManyField("goals.Principle", related_name="stories", blank=True)
    themes = models.ManyToManyField(Theme, related_name="stories", blank=True)
    # What the story mentions, found from its links when it is saved.
    goals = models.ManyToManyField("goals.Goal", related_name="stories", blank=True)
    events = models.ManyToManyField("events.Event", related_name="stories", blank=True)
    projects = models.ManyToManyField("work.Project", related_name="stories", blank=True)

    cover_image = models.FileField(_("cover image"), upload_to="stories/covers/", blank=True, max_length=200)
    cover_alt = models.CharField(_("cover image description"), max_length=250, blank=True)

    # Podcast episodes: an audio file or an address, its length, and a transcript.
    audio_file = models.FileField(_("audio file"), upload_to="stories/audio/", blank=True, max_length=200)
    audio_url = models.URLField(_("audio address"), blank=True)
    audio_type = models.CharField(_("audio type"), max_length=40, blank=True)
    audio_bytes = models.PositiveBigIntegerField(_("audio size in bytes"), default=0)
    duration_seconds = models.PositiveIntegerField(_("duration in seconds"), default=0)
    transcript = models.TextField(_("transcript"), max_length=200_000, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-created_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["blog", "case_study", "my_oneteam", "write_up", "podcast"]),
                name="story_kind_valid",
            ),
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="story_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True) | Q(status="published", published_at__isnull=False),
                name="story_published_at_iff_published",
            ),
            # A cover image is never shown without words for those who cannot see it.
            models.CheckConstraint(condition=Q(cover_image="") | ~Q(cover_alt=""), name="story_cover_has_alt"),
            # An episode is published only with its audio, length and transcript.
            models.CheckConstraint(
                condition=~Q(kind="podcast", status="published")
                | (~Q(transcript="") & Q(duration_seconds__gt=0) & (~Q(audio_file="") | ~Q(audio_url=""))),
                name="story_published_episode_complete",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.slug])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_podcast(self) -> bool:
        return self.kind == self.Kind.PODCAST

    @property
    def word_count(self) -> int:
        return len(re.findall(r"\w+", self.body))

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def duration_display(self) -> str:
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_file or self.audio_url)
