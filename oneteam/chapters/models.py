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
    # A handover: when accepted, the person who invited steps back to member.
    steps_back = models.BooleanField(default=False)

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


# --- Health, alerts, handover, rituals and announcements (issue 11) ---------


class OrganiserTerm(models.Model):
    """A stretch of time one person led the chapter: the history of who led when."""

    class How(models.TextChoices):
        STARTED = "started", _("started the chapter")
        INVITED = "invited", _("accepted an invitation")
        HANDOVER = "handover", _("took over in a handover")
        CALL = "call", _("answered a call for co-organisers")
        TOOK_OVER = "took_over", _("took over a dormant chapter")
        OTHER = "other", _("joined the organisers")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="organiser_terms")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(max_length=12, choices=How.choices, default=How.OTHER)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "user"], condition=Q(ended_at__isnull=True), name="organiser_term_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="organiser_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} led {self.chapter} from {self.started_at:%Y-%m-%d}"


class MemberDeparture(models.Model):
    """When someone left: the members-joining-and-leaving figure of a chapter's health."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="departures")
    left_at = models.DateTimeField()

    class Meta:
        ordering = ["left_at"]


class HealthSettings(models.Model):
    """What a chapter says about itself that its health is measured against, and where it is."""

    chapter = models.OneToOneField(Chapter, on_delete=models.CASCADE, related_name="health_settings")
    meets_every_days = models.PositiveSmallIntegerField(
        _("how often the chapter means to meet, in days"), default=30,
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/London")
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(meets_every_days__gte=7) & Q(meets_every_days__lte=366), name="health_cadence_range"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="health_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="health_longitude_range",
            ),
        ]


class Health(models.Model):
    """The chapter's health as the worker last worked it out."""

    class Status(models.TextChoices):
        THRIVING = "thriving", _("Thriving")
        STEADY = "steady", _("Steady")
        AT_RISK = "at_risk", _("At risk")
        DORMANT = "dormant", _("Dormant")

    chapter = models.OneToOneField(Chapter, on_delete=models.CASCADE, related_name="health")
    status = models.CharField(max_length=10, choices=Status.choices)
    reasons = models.JSONField(default=list)
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["thriving", "steady", "at_risk", "dormant"]), name="health_status_valid"
            ),
        ]


class Alert(models.Model):
    """Something the organisers (and the parent chapter's organisers) were told about the chapter."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Health changed")
        SINGLE_ORGANISER = "single_organiser", _("Only one organiser")
        MISSED_RITUAL = "missed_ritual", _("A meeting was missed")
        FALLING = "falling", _("A falling trend")
        HANDOVER = "handover", _("A handover")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What makes this alert new: the same kind and key is never sent twice.
    key = models.CharField(max_length=60)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["chapter", "kind", "key"], name="alert_once")]


class Notice(models.Model):
    """One person's copy of an alert: sent at once, or waiting for their digest."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alert__created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["alert", "person"], name="notice_once_per_person")]


class CoOrganiserCall(models.Model):
    """An open call for co-organisers, shown on the chapter's page to its members."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="calls")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("what you are looking for"), max_length=2000, blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["chapter"], condition=Q(closed_at__isnull=True), name="call_one_open"),
        ]


class Handover(models.Model):
    """An organiser asking one member to take over from them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("a note for your successor"), max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "to_user"], condition=Q(status="pending"), name="handover_one_pending_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined", "withdrawn"]), name="handover_status_valid"
            ),
        ]

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Ritual(models.Model):
    """A meeting the chapter holds again and again; the worker creates each one ahead of time."""

    class Rhythm(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="rituals")
    title = models.CharField(_("title"), max_length=120)
    format = models.CharField(_("format"), max_length=20, default="lean_coffee")
    rhythm = models.CharField(_("how often"), max_length=12, choices=Rhythm.choices, default=Rhythm.MONTHLY)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices, default=3)
    # For a monthly ritual: which of that weekday in the month (1 to 4, or 5 for the last).
    week_of_month = models.PositiveSmallIntegerField(_("which one in the month"), default=1)
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("lasts (minutes)"), default=60)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=20)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    days_ahead = models.PositiveSmallIntegerField(_("create each one this many days ahead"), default=35)
    starts_on = models.DateField(_("first possible date"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="ritual_weekday_valid"),
            models.CheckConstraint(
                condition=Q(week_of_month__gte=1) & Q(week_of_month__lte=5), name="ritual_week_of_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=720), name="ritual_duration_range"
            ),
            models.CheckConstraint(condition=Q(days_ahead__gte=1) & Q(days_ahead__lte=120), name="ritual_ahead_range"),
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=100000), name="ritual_capacity_range"),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_url=""), name="ritual_has_place"),
        ]

    def __str__(self) -> str:
        return self.title


class Holiday(models.Model):
    """A day the organisers marked: no ritual meets on it."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["chapter", "date"], name="holiday_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class RitualOccurrence(models.Model):
    """One date of a ritual, once the worker has dealt with it: an event made, or skipped for a holiday."""

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField()
    event_id = models.PositiveBigIntegerField(null=True, blank=True)  # the events app's Event
    skipped_for = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["ritual", "date"], name="ritual_occurrence_once")]


class Webhook(models.Model):
    """A Slack or Microsoft Teams incoming webhook the chapter's announcements are posted to.

    The address is a secret (anyone holding it can post to the channel): it is
    stored encrypted and only its last few characters are ever shown again.
    """

    class Kind(models.TextChoices):
        SLACK = "slack", _("Slack")
        TEAMS = "teams", _("Microsoft Teams")

    chapter = models.OneToOneField(Chapter, on_delete=models.CASCADE, related_name="webhook")
    kind = models.CharField(_("service"), max_length=10, choices=Kind.choices)
    url_encrypted = models.TextField()
    url_hint = models.CharField(max_length=80)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(kind__in=["slack", "teams"]), name="webhook_kind_valid")]


class WebhookDelivery(models.Model):
    """One announcement on its way to the chapter's channel, and how that went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Trying")
        SENT = "sent", _("Posted")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    text = models.CharField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pending", "sent", "failed"]), name="delivery_status_valid"),
        ]

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED
