"""Reads about people and organisations that pages and the API share."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from .models import Organisation, User, secret_hash


def public_people() -> QuerySet[User]:
    """Active people who chose to have a public profile."""
    return User.objects.filter(profile_public=True, is_active=True).select_related("organisation")


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def person_for_calendar_token(raw: str) -> User | None:
    """The active person whose calendar feed this secret opens, or None."""
    return User.objects.filter(calendar_token_hash=secret_hash(raw), is_active=True).first()


def public_profile(user: User) -> dict:
    """What the person chose to show; hidden and empty fields look the same."""
    organisation = user.organisation if user.show_organisation else None
    country = user.country if user.show_country and user.country else None
    free_agent = None
    if user.is_free_agent and user.show_free_agent:
        free_agent = {
            "skills": split_list(user.free_agent_skills),
            "days_per_month": user.free_agent_days_per_month,
        }
    return {
        "display_name": str(user.public_name),
        "organisation": organisation.name if organisation else None,
        "organisation_url": organisation.get_absolute_url() if organisation else None,
        "profession": (user.profession or None) if user.show_profession else None,
        "country": country.code if country else None,
        "country_name": country.name if country else None,
        "languages": split_list(user.languages) if user.show_skills else [],
        "skills": split_list(user.skills) if user.show_skills else [],
        "free_agent": free_agent,
        "url": user.get_absolute_url(),
    }


def organisation_list(kind: str = "", country: str = "") -> QuerySet[Organisation]:
    """Organisations, optionally of one type or country, with how many public people show them."""
    queryset = Organisation.objects.annotate(
        public_people=Count(
            "people",
            filter=Q(people__profile_public=True, people__is_active=True, people__show_organisation=True),
        )
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if country:
        queryset = queryset.filter(country=country)
    return queryset.order_by("name")


def organisation_countries() -> list[str]:
    return sorted(set(Organisation.objects.exclude(country="").values_list("country", flat=True)))


def organisation_people(organisation: Organisation) -> QuerySet[User]:
    """Public people who chose to show that they work there."""
    return public_people().filter(organisation=organisation, show_organisation=True)


def own_profile_rows(user: User) -> list[dict]:
    """Every profile answer with whether the public can see it, for the person's own overview."""
    public = user.profile_public
    free_agent = ""
    if user.is_free_agent:
        free_agent = _("Yes, %(days)s days a month: %(skills)s") % {
            "days": user.free_agent_days_per_month, "skills": user.free_agent_skills,
        }
    return [
        {"label": _("Name"), "value": user.display_name, "public": public},
        {"label": _("E-mail address"), "value": user.email, "public": False},
        {"label": _("Organisation"), "value": user.organisation.name if user.organisation else "", "public": public and user.show_organisation},
        {"label": _("Profession or role"), "value": user.profession, "public": public and user.show_profession},
        {"label": _("Country"), "value": user.country.name if user.country else "", "public": public and user.show_country},
        {"label": _("Time zone"), "value": user.timezone, "public": False},
        {"label": _("Languages"), "value": user.languages, "public": public and user.show_skills},
        {"label": _("Skills"), "value": user.skills, "public": public and user.show_skills},
        {"label": _("How you like to be contacted"), "value": user.get_contact_preference_display(), "public": False},
        {"label": _("Contact notes"), "value": user.contact_notes, "public": False},
        {"label": _("Digest"), "value": user.get_digest_frequency_display(), "public": False},
        {"label": _("Free agent"), "value": free_agent or _("No"), "public": public and user.show_free_agent and user.is_free_agent},
    ]
