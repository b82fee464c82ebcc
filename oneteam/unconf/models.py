"""Unconferences: rooms, slots, pitches, interest, and the grid the scheduler fills.

Every rule that keeps the numbers honest is a database constraint: one
interest per person and pitch, one session per room-slot, one place per
session, at most one generation running per unconference.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_ROOM_CAPACITY = 100_000


class Unconference(models.Model):
    class Pitching(models.TextChoices):
        ADVANCE = "advance", _("In advance, before the day")
        ON_THE_DAY = "on_the_day", _("On the day only")
        BOTH = "both", _("In advance and on the day")

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="unconference")
    slug = models.SlugField(max_length=170, unique=True)
    pitching = models.CharField(_("when people can pitch"), max_length=12, choices=Pitching.choices,
                                default=Pitching.BOTH)
    pitches_open = models.BooleanField(_("pitching is open"), default=True)
    grid_published = models.BooleanField(default=False)
    grid_published_at = models.DateTimeField(null=True, blank=True)
    # The seed and budget of the generation that made the current grid, and its lower bound,
    # so anyone can re-solve the published instance and compare.
    grid_seed = models.PositiveIntegerField(null=True, blank=True)
    grid_seconds = models.FloatField(null=True, blank=True)
    # The work the scheduler reported: `oneteam schedule --seed S --work W` replays the grid exactly.
    grid_work = models.PositiveBigIntegerField(null=True, blank=True)
    grid_lower_bound = models.PositiveIntegerField(null=True, blank=True)
    grid_instance_hash = models.CharField(max_length=64, blank=True)
    grid_version = models.PositiveIntegerField(default=0, help_text="Bumped on every change to the grid.")
    similar_refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event__start"]
        constraints = [
            models.CheckConstraint(condition=Q(pitching__in=["advance", "on_the_day", "both"]),
                                   name="unconf_pitching_valid"),
            models.CheckConstraint(
                condition=Q(grid_published=False) | Q(grid_published_at__isnull=False),
                name="unconf_published_grid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.event.title

    @property
    def title(self) -> str:
        return self.event.title

    def get_absolute_url(self) -> str:
        return reverse("unconf:detail", args=[self.slug])

    @property
    def channel(self) -> str:
        """The grid's live channel (core/live.py): it carries the grid version, never a title or a name."""
        return f"unconf.{self.pk}"


class Room(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("how many people it holds"))
    accessibility = models.CharField(_("accessibility notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["-capacity", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unconference", "name"], name="unconf_room_name_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_ROOM_CAPACITY),
                                   name="unconf_room_capacity_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unconference", "start"], name="unconf_slot_start_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="unconf_slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class ClosedCell(models.Model):
    """A room that is not available in one slot (booked for lunch, say)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closed")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="closed")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "slot"], name="unconf_closed_once")]


class Theme(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unconference", "name"], name="unconf_theme_unique")]

    def __str__(self) -> str:
        return self.name


class Pitch(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        WORKSHOP = "workshop", _("Workshop")
        SHOW_AND_TELL = "show_and_tell", _("Show and tell")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        MERGED = "merged", _("Merged")
        SCHEDULED = "scheduled", _("Scheduled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE = ("proposed", "scheduled")

    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="pitches")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what the session is about"), max_length=5000, blank=True)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches")
    kind = models.CharField(_("kind of session"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged_from")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="pitches")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["discussion", "workshop", "show_and_tell"]),
                                   name="unconf_pitch_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=["proposed", "merged", "scheduled", "withdrawn"]),
                                   name="unconf_pitch_status_valid"),
            models.CheckConstraint(
                condition=(Q(status="merged") & Q(merged_into__isnull=False)) | (~Q(status="merged")
                                                                                 & Q(merged_into__isnull=True)),
                name="unconf_pitch_merged_into_iff_merged",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="unconf_pitch_not_merged_into_itself"),
        ]
        indexes = [models.Index(fields=["unconference", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("unconf:pitch", args=[self.unconference.slug, self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_merged(self) -> bool:
        return self.status == self.Status.MERGED

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED


class Host(models.Model):
    """The pitcher, or a co-host: invited by a host, counted once they accept."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="hosts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unconf_hosting")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["pitch", "user"], name="unconf_host_once")]

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class Interest(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unconf_interests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["pitch", "user"], name="unconf_interest_once")]


class Placement(models.Model):
    """A session in the grid: one pitch in one room in one slot, pinned or free to move."""

    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="placements")
    pitch = models.OneToOneField(Pitch, on_delete=models.CASCADE, related_name="placement")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="placements")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="placements")
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["slot__start", "room__name"]
        constraints = [models.UniqueConstraint(fields=["room", "slot"], name="unconf_one_session_per_cell")]


class SessionNote(models.Model):
    """Notes of a scheduled session: open to read, written by its hosts and the people who came."""

    pitch = models.OneToOneField(Pitch, on_delete=models.CASCADE, related_name="note")
    body = models.TextField(_("notes"), max_length=20_000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class SimilarPitch(models.Model):
    """One of a pitch's most similar others, worked out off the request by ``tasks.refresh_similar``."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="similar")
    other = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["-score", "other_id"]
        constraints = [
            models.UniqueConstraint(fields=["pitch", "other"], name="unconf_similar_once"),
            models.CheckConstraint(condition=~Q(pitch=F("other")), name="unconf_similar_not_itself"),
        ]


class GridRun(models.Model):
    """One generation of the grid by the scheduler, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Working")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    keep_pins = models.BooleanField(default=True)
    seconds = models.FloatField()
    seed = models.PositiveIntegerField(default=0)
    progress = models.CharField(max_length=300, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    clashes = models.PositiveIntegerField(null=True, blank=True)
    overflow = models.PositiveIntegerField(null=True, blank=True)
    missed = models.PositiveIntegerField(null=True, blank=True)
    lower_bound = models.PositiveIntegerField(null=True, blank=True)
    lost_before = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "done", "failed"]),
                                   name="unconf_run_status_valid"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="unconf_run_percent_range"),
            models.CheckConstraint(condition=Q(seconds__gte=0) & Q(seconds__lte=120), name="unconf_run_seconds_range"),
            # One generation at a time: a second request while one is queued or running is refused.
            models.UniqueConstraint(fields=["unconference"], condition=Q(status__in=["queued", "running"]),
                                    name="unconf_one_run_at_a_time"),
        ]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def lost(self) -> int | None:
        if self.clashes is None:
            return None
        return self.clashes + self.overflow + self.missed
