"""People and the organisations they work for."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def validate_timezone(value: str) -> None:
    """A name from the IANA time zone database, such as Europe/London."""
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a time zone we know, such as Europe/London."), params={"value": value})


def secret_hash(raw: str) -> str:
    """What is stored instead of a secret: its SHA-256, so a copy of the database reveals none."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central government department")
        COUNCIL = "council", _("Council or local authority")
        HEALTH = "health", _("Health body")
        AGENCY = "agency", _("Agency or arm's-length body")
        CHARITY = "charity", _("Charity or voluntary organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country"),
            models.CheckConstraint(
                condition=Q(kind__in=["central", "council", "health", "agency", "charity", "other"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:organisation", args=[self.slug])


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with an e-mail address; everything else is optional."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        OFF = "off", _("Off")

    class Contact(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone or video call")
        IN_PERSON = "in_person", _("In person, over a coffee")
        CHAT = "chat", _("Chat (Slack, Teams or similar)")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="people",
    )
    profession = models.CharField(_("profession or role"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    skills = models.CharField(_("skills"), max_length=500, blank=True)
    contact_preference = models.CharField(
        _("how you like to be contacted"), max_length=20, choices=Contact.choices, default=Contact.EMAIL
    )
    contact_notes = models.CharField(_("contact notes"), max_length=300, blank=True)
    digest_frequency = models.CharField(
        _("digest frequency"), max_length=10, choices=Digest.choices, default=Digest.WEEKLY
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_timezone],
        help_text="Where the person is: every date they read is shown in this zone.",
    )
    is_free_agent = models.BooleanField(_("available as a free agent"), default=False)
    free_agent_skills = models.CharField(_("skills offered"), max_length=500, blank=True)
    free_agent_days_per_month = models.PositiveSmallIntegerField(_("days available each month"), default=0)

    # What the public profile shows: each is the person's own choice.
    profile_public = models.BooleanField(_("show a public profile"), default=False)
    show_organisation = models.BooleanField(_("show my organisation"), default=True)
    show_profession = models.BooleanField(_("show my profession"), default=True)
    show_country = models.BooleanField(_("show my country"), default=True)
    show_skills = models.BooleanField(_("show my skills and languages"), default=True)
    show_free_agent = models.BooleanField(_("show my free-agent availability"), default=True)

    # The SHA-256 of the secret in the personal calendar feed's address; a new
    # secret revokes the old address. Empty until the person asks for a feed.
    calendar_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, default=None)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["display_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(free_agent_days_per_month__lte=31), name="user_free_agent_days_at_most_31"
            ),
            models.CheckConstraint(
                condition=Q(digest_frequency__in=["daily", "weekly", "off"]), name="user_digest_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name anyone may see: the display name, never anything from the e-mail address."""
        return self.display_name or _("OneTeam member %(number)s") % {"number": self.pk}

    @property
    def tz(self) -> zoneinfo.ZoneInfo | None:
        """The zone the person chose, or None when they have not said."""
        try:
            return zoneinfo.ZoneInfo(self.timezone) if self.timezone else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.pk])


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    hash = staticmethod(secret_hash)

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        raw = "ot_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, token_hash=cls.hash(raw)), raw
