"""Goals of the movement or of a chapter, their actions, and the microactions library.

The seven principles live here too, as reference data every later app tags with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Principle(models.Model):
    """One of the seven principles. Rows come from a data migration, never from a form."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    summary = models.TextField(_("what it means"), max_length=1000)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("goals:principle", args=[self.slug])


class Goal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Achieved")

    # No chapter: a goal of the whole movement.
    chapter = models.ForeignKey(
        "chapters.Chapter", null=True, blank=True, on_delete=models.PROTECT, related_name="goals",
        verbose_name=_("chapter"),
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    why = models.TextField(_("why it matters"), max_length=5000)
    plan = models.TextField(_("what we will do"), max_length=5000, blank=True)
    first_action = models.CharField(_("first concrete action"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    year = models.PositiveSmallIntegerField(_("year"))
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="goals_owned", blank=True)
    principles = models.ManyToManyField(Principle, related_name="goals", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="goals_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "active", "paused", "done"]), name="goal_status_valid"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="goal_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:detail", args=[self.slug])

    @property
    def is_movement_goal(self) -> bool:
        return self.chapter_id is None


class Action(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("Not started")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_owned",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TODO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="actions_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["todo", "doing", "done"]), name="action_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:detail", args=[self.goal.slug]) + f"#action-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class Helper(models.Model):
    """A person who said "I'll help": on a goal as a whole, or on one of its actions."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="helpers")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="helpers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "user"], condition=Q(action__isnull=True), name="helper_once_per_goal"
            ),
            models.UniqueConstraint(
                fields=["action", "user"], condition=Q(action__isnull=False), name="helper_once_per_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} helps with {self.action or self.goal}"


class GoalUpdate(models.Model):
    """One entry of a goal's open log: what happened, in the words of whoever did it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="goal_updates"
    )
    text = models.TextField(_("update"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.goal}"


class Microaction(models.Model):
    """A small thing anyone can do this week. Suggested by anyone; listed once an organiser curates it."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        LISTED = "listed", _("In the library")
        RETIRED = "retired", _("Retired")

    title = models.CharField(_("microaction"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    description = models.TextField(_("how to do it"), max_length=3000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    principles = models.ManyToManyField(Principle, related_name="microactions", blank=True)
    goals = models.ManyToManyField(Goal, related_name="microactions", blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="microactions_suggested"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    listed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["suggested", "listed", "retired"]), name="microaction_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(listed_at__isnull=False), name="microaction_listed_at_once_listed"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:microaction", args=[self.slug])

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.LISTED

    @property
    def is_suggested(self) -> bool:
        return self.status == self.Status.SUGGESTED


class Commitment(models.Model):
    """A person's promise to do a microaction, and when they did it.

    The database holds at most one per person and microaction, so two clicks
    racing each other cannot commit anyone twice.
    """

    microaction = models.ForeignKey(Microaction, on_delete=models.CASCADE, related_name="commitments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments")
    committed_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Only the person sees their note.
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-committed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["microaction", "user"], name="commitment_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} commits to {self.microaction}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
