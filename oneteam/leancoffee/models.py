"""Lean coffee boards: topics, dot-votes, the discussion timer, captures and the 4Ls.

Every rule that counts is also a database constraint. A person's votes are
numbered ``slot`` 1, 2, 3 … and no person holds the same slot twice, so two
requests racing past the service's lock still cannot give one person a fourth
vote when the limit is three: the services only hand out slots up to the
board's limit, and the unique constraint refuses a second copy of a slot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_VOTES = 20
MAX_MINUTES = 60


class Board(models.Model):
    class Phase(models.TextChoices):
        COLLECTING = "collecting", _("Collecting topics")
        VOTING = "voting", _("Voting")
        DISCUSSING = "discussing", _("Discussing")
        RETROSPECTIVE = "retrospective", _("Retrospective")
        CLOSED = "closed", _("Closed")

    chapter = models.ForeignKey("chapters.Chapter", on_delete=models.PROTECT, related_name="lean_coffee_boards")
    event = models.OneToOneField(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="lean_coffee_board"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    phase = models.CharField(_("phase"), max_length=15, choices=Phase.choices, default=Phase.COLLECTING)
    votes_per_person = models.PositiveSmallIntegerField(_("votes per person"), default=3)
    allow_stacking = models.BooleanField(_("people may put more than one vote on a topic"), default=True)
    timebox_minutes = models.PositiveSmallIntegerField(_("minutes per topic"), default=8)
    first_extension_minutes = models.PositiveSmallIntegerField(_("first extension (minutes)"), default=4)
    later_extension_minutes = models.PositiveSmallIntegerField(_("later extensions (minutes)"), default=2)
    guests_allowed = models.BooleanField(_("guests may join with the link or code"), default=False)
    join_code = models.CharField(max_length=8, unique=True)
    # Bumped by every change, in the same transaction: the live channel's event id.
    version = models.PositiveBigIntegerField(default=0)
    # Bumped by every change except a vote or a thumb: pages re-read the board when it moves.
    layout = models.PositiveBigIntegerField(default=0)
    current_topic = models.ForeignKey(
        "Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=["collecting", "voting", "discussing", "retrospective", "closed"]),
                name="board_phase_valid",
            ),
            models.CheckConstraint(
                condition=Q(votes_per_person__gte=1) & Q(votes_per_person__lte=MAX_VOTES), name="board_votes_range"
            ),
            models.CheckConstraint(
                condition=Q(timebox_minutes__gte=1) & Q(timebox_minutes__lte=MAX_MINUTES)
                & Q(first_extension_minutes__gte=1) & Q(first_extension_minutes__lte=MAX_MINUTES)
                & Q(later_extension_minutes__gte=1) & Q(later_extension_minutes__lte=MAX_MINUTES),
                name="board_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(phase="closed", closed_at__isnull=False) | (~Q(phase="closed") & Q(closed_at__isnull=True)),
                name="board_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(current_topic__isnull=True) | Q(phase="discussing"), name="board_topic_only_discussing"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leancoffee:board", args=[self.slug])

    @property
    def channel(self) -> str:
        return f"leancoffee.{self.pk}"

    @property
    def is_collecting(self) -> bool:
        return self.phase == self.Phase.COLLECTING

    @property
    def is_voting(self) -> bool:
        return self.phase == self.Phase.VOTING

    @property
    def is_discussing(self) -> bool:
        return self.phase == self.Phase.DISCUSSING

    @property
    def is_retrospective(self) -> bool:
        return self.phase == self.Phase.RETROSPECTIVE

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED

    @property
    def takes_topics(self) -> bool:
        return self.phase in (self.Phase.COLLECTING, self.Phase.VOTING)

    @property
    def timer_running(self) -> bool:
        return self.timer_ends_at is not None and self.timer_ends_at > timezone.now()

    @property
    def timer_over(self) -> bool:
        """The timebox of the current topic has run out: time for the thumbs."""
        return self.current_topic_id is not None and self.timer_ends_at is not None and not self.timer_running

    @property
    def next_extension_minutes(self) -> int:
        return self.first_extension_minutes if self.extensions == 0 else self.later_extension_minutes


class Facilitator(models.Model):
    """A co-facilitator of one board (the chapter's organisers facilitate every board already)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "user"], name="facilitator_once_per_board")]


class Participant(models.Model):
    """Someone taking part in one board: a signed-in member, or a guest who joined with the code."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="lean_coffee_seats"
    )
    guest_name = models.CharField(_("your name"), max_length=60, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"], condition=Q(user__isnull=False), name="participant_once_per_member"
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_name="")) | (Q(user__isnull=True) & ~Q(guest_name="")),
                name="participant_member_or_named_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def name(self) -> str:
        if self.user_id is not None:
            return self.user.public_name
        return str(_("%(name)s (guest)") % {"name": self.guest_name})


class Topic(models.Model):
    class Status(models.TextChoices):
        TO_DISCUSS = "to_discuss", _("To discuss")
        DISCUSSING = "discussing", _("Discussing")
        DISCUSSED = "discussed", _("Discussed")
        MERGED = "merged", _("Merged")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=150)
    detail = models.CharField(_("one line of detail"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="topics")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_DISCUSS)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="merged")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["to_discuss", "discussing", "discussed", "merged"]), name="topic_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="topic_merged_into_iff_merged",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="topic_not_merged_into_itself"),
            models.UniqueConstraint(
                fields=["board"], condition=Q(status="discussing"), name="topic_one_discussing_per_board"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_merged(self) -> bool:
        return self.status == self.Status.MERGED

    @property
    def is_discussing(self) -> bool:
        return self.status == self.Status.DISCUSSING


class Vote(models.Model):
    """One dot. A person's dots are numbered 1..limit; the numbering is the database's guard."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    slot = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="vote_one_per_slot"),
            models.CheckConstraint(condition=Q(slot__gte=1) & Q(slot__lte=MAX_VOTES), name="vote_slot_range"),
        ]


class Thumb(models.Model):
    """Keep going with the current topic? One thumb per person per round of the timer."""

    class Choice(models.TextChoices):
        UP = "up", _("Keep going")
        SIDEWAYS = "sideways", _("Either way")
        DOWN = "down", _("Move on")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="thumbs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="thumbs")
    round = models.PositiveSmallIntegerField()
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "participant", "round"], name="thumb_once_per_round"),
            models.CheckConstraint(condition=Q(choice__in=["up", "sideways", "down"]), name="thumb_choice_valid"),
        ]


class Capture(models.Model):
    """An insight or an action written down while a topic is discussed."""

    class Kind(models.TextChoices):
        INSIGHT = "insight", _("Insight")
        ACTION = "action", _("Action")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="captures")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    owner = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    owner_name = models.CharField(_("owner (someone not on the board)"), max_length=120, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    private = models.BooleanField(_("private: facilitators only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["insight", "action"]), name="capture_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="action") | (Q(owner__isnull=True) & Q(owner_name="") & Q(due__isnull=True)),
                name="capture_only_actions_have_owner_and_due",
            ),
        ]

    @property
    def is_action(self) -> bool:
        return self.kind == self.Kind.ACTION

    @property
    def owner_display(self) -> str:
        if self.owner_id is not None:
            return self.owner.name
        return self.owner_name


class RetroNote(models.Model):
    """A short note in one of the 4Ls."""

    class Kind(models.TextChoices):
        LIKED = "liked", _("Liked")
        LEARNED = "learned", _("Learned")
        LACKED = "lacked", _("Lacked")
        LONGED_FOR = "longed_for", _("Longed for")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="retro_notes")
    kind = models.CharField(_("column"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("note"), max_length=300)
    by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    private = models.BooleanField(_("private: facilitators only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["liked", "learned", "lacked", "longed_for"]), name="retro_note_kind_valid"
            ),
        ]
