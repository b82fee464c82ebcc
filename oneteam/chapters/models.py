"""Chapters: global, country and local groups, their organisers and members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Chapter(models.Model):
    class Level(models.TextChoices):
        GLOBAL = "global", _("Global")
        COUNTRY = "country", _("Country")
        LOCAL = "local", _("Local (city, council or department)")

    class Status(models.TextChoices):
        """Worked out from activity, never stored (see ``selectors.chapter_list``)."""

        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.LOCAL)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city, council or department"), max_length=120, blank=True)
    description = models.TextField(_("what the chapter is about"), max_length=4000, blank=True)
    rhythm = models.CharField(_("meeting rhythm"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="chapters"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="chapter_unique_name_in_parent"),
            models.CheckConstraint(
                condition=Q(level__in=["global", "country", "local"]), name="chapter_level_valid"
            ),
            # Only the global chapter stands without a parent.
            models.CheckConstraint(
                condition=Q(level="global") | Q(parent__isnull=False), name="chapter_parent_unless_global"
            ),
            models.CheckConstraint(
                condition=~Q(level="global") | Q(parent__isnull=True), name="chapter_global_has_no_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chapters:detail", args=[self.slug])

    @property
    def is_global(self) -> bool:
        return self.level == self.Level.GLOBAL

    @property
    def is_country(self) -> bool:
        return self.level == self.Level.COUNTRY

    @property
    def is_dormant(self) -> bool:
        """From the ``status`` that the selectors annotate; False on a bare instance."""
        return getattr(self, "status", None) == self.Status.DORMANT


class Membership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MEMBER = "member", _("Member")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "user"], name="membership_unique_person"),
            models.CheckConstraint(condition=Q(role__in=["organiser", "member"]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.chapter} ({self.role})"

    @property
    def is_organiser(self) -> bool:
        return self.role == self.Role.ORGANISER


class ChecklistItem(models.Model):
    """One step of the starter checklist a new chapter's organisers tick off."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="checklist")
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "key"], name="checklist_unique_step"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def done(self) -> bool:
        return self.done_at is not None


class OrganiserInvitation(models.Model):
    """An organiser asking someone, by e-mail address, to run the chapter with them.

    Nobody becomes an organiser (and is listed publicly as one) without
    accepting. The address is never checked against the accounts when the
    invitation is made, so inviting tells the inviter nothing about who has an
    account.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "email"], condition=Q(status="pending"), name="invitation_one_pending_per_address"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined", "withdrawn"]), name="invitation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(answered_at__isnull=False), name="invitation_answered_has_time"
            ),
        ]
        indexes = [models.Index(fields=["invited_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} to organise {self.chapter}"
