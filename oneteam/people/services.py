"""Writes about people, organisations and their secrets."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from .models import ApiToken, Organisation, User


def unique_organisation_slug(name: str, country: str) -> str:
    """A slug from the name (and country, when another body has the name), never reused."""
    base = slugify(name)[:200] or "organisation"
    candidates = [base]
    if country:
        candidates.append(f"{base}-{country.lower()}")
    for candidate in candidates:
        if not Organisation.objects.filter(slug=candidate).exists():
            return candidate
    n = 2
    while Organisation.objects.filter(slug=f"{candidates[-1]}-{n}").exists():
        n += 1
    return f"{candidates[-1]}-{n}"


def create_organisation(*, name: str, kind: str, country: str = "", website: str = "") -> Organisation:
    """Add an organisation with a fresh slug; raises IntegrityError if the name is taken in that country."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Organisation.objects.create(
                    name=name, kind=kind, country=country, website=website,
                    slug=unique_organisation_slug(name, country),
                )
        except IntegrityError:
            # Someone took the name (re-raise) or, racing us, the slug (retry).
            if Organisation.objects.filter(name=name, country=country).exists():
                raise
    raise IntegrityError("Could not find a free slug for the organisation.")


def issue_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    with transaction.atomic():
        return ApiToken.issue(user, name.strip())


def revoke_api_token(user: User, token_id: int) -> None:
    """Delete one of the person's own tokens (404 for anyone else's)."""
    with transaction.atomic():
        get_object_or_404(ApiToken, pk=token_id, user=user).delete()


def rotate_calendar_token(user: User) -> str:
    """Give the personal calendar feed a new secret, so the old address stops working."""
    with transaction.atomic():
        user.calendar_token = secrets.token_urlsafe(32)
        user.save(update_fields=["calendar_token"])
    return user.calendar_token
