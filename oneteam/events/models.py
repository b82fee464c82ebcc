"""Events, sign-ups with a waiting list, and feedback afterwards."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_CAPACITY = 100_000


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a time zone we know, such as Europe/London."), params={"value": value})


class Event(models.Model):
    class Format(models.TextChoices):
        LEAN_COFFEE = "lean_coffee", _("Lean coffee")
        UNCONFERENCE = "unconference", _("Unconference")
        MEETUP = "meetup", _("Meetup")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    chapter = models.ForeignKey("chapters.Chapter", on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.MEETUP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Set once, when the event is first published; a draft (never published) is
    # never public, whatever happens to it later.
    published_at = models.DateTimeField(null=True, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/London", validators=[validate_timezone])
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    feedback_published = models.BooleanField(_("feedback results are public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="events_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: bumped on each change.")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY), name="event_capacity_range"
            ),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_url=""), name="event_has_place"),
            models.CheckConstraint(
                condition=Q(format__in=["lean_coffee", "unconference", "meetup", "workshop", "other"]),
                name="event_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled"]), name="event_status_valid"
            ),
            # Only a published event can be cancelled: a draft is deleted instead.
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True) | (~Q(status="draft") & Q(published_at__isnull=False)),
                name="event_published_at_iff_not_draft",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def same_as_utc(self) -> bool:
        """Whether the event's own clock reads UTC while it happens (London in winter, say)."""
        return not self.start.astimezone(self.tz).utcoffset() and not self.end.astimezone(self.tz).utcoffset()

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Registration(models.Model):
    """A person's place at an event, or their place in the queue for one.

    A confirmed registration holds a numbered seat; the database refuses two
    confirmed registrations on the same seat of an event, and the services only
    hand out seats 1..capacity, so an event cannot be overbooked even if two
    processes race past the application's own lock.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    seat = models.PositiveIntegerField(null=True, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now, help_text="Order on the waiting list.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_one_per_person"),
            models.UniqueConstraint(
                fields=["event", "seat"], condition=Q(seat__isnull=False), name="registration_one_person_per_seat"
            ),
            models.CheckConstraint(
                condition=(Q(status="confirmed") & Q(seat__isnull=False) & Q(seat__gte=1))
                | (~Q(status="confirmed") & Q(seat__isnull=True)),
                name="registration_seat_iff_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]), name="registration_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} at {self.event} ({self.status})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class Feedback(models.Model):
    class Rating(models.IntegerChoices):
        EXCELLENT = 5, _("Excellent")
        VERY_GOOD = 4, _("Very good")
        GOOD = 3, _("Good")
        FAIR = 2, _("Fair")
        POOR = 1, _("Poor")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall rating"), choices=Rating.choices)
    liked = models.TextField(_("Liked"), max_length=2000, blank=True)
    learned = models.TextField(_("Learned"), max_length=2000, blank=True)
    lacked = models.TextField(_("Lacked"), max_length=2000, blank=True)
    longed_for = models.TextField(_("Longed for"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="feedback_once_per_person"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_range"),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.event}"
