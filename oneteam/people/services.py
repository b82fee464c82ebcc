"""Writes about people, organisations and their secrets.

Like every app's services: keyword-only arguments, ``by`` is the person
acting, and each function runs in one transaction.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from oneteam.core.slugs import save_with_unique_slug

from .models import ApiToken, Organisation, User, secret_hash


@transaction.atomic
def create_organisation(*, name: str, kind: str, country: str = "", website: str = "") -> Organisation:
    """Add an organisation; raises IntegrityError if the name is already taken in that country.

    Its slug comes from the name, or from the name and country when another
    organisation has the name elsewhere (``bristol-city-council-us``).
    """
    organisation = Organisation(name=name, kind=kind, country=country, website=website)
    text = name
    if country and Organisation.objects.filter(slug=slugify(name)).exists():
        text = f"{name} {country}"
    return save_with_unique_slug(organisation, text, fallback="organisation")


@transaction.atomic
def issue_api_token(*, by: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    return ApiToken.issue(by, name.strip())


@transaction.atomic
def revoke_api_token(*, by: User, token_id: int) -> None:
    """Delete one of the person's own tokens (404 for anyone else's)."""
    get_object_or_404(ApiToken, pk=token_id, user=by).delete()


@transaction.atomic
def issue_calendar_token(*, by: User) -> str:
    """A new secret for the person's calendar feed; the old address stops working.

    Only the secret's hash is stored, so the raw value is returned once, to be
    shown once.
    """
    raw = secrets.token_urlsafe(32)
    User.objects.filter(pk=by.pk).update(calendar_token_hash=secret_hash(raw))
    by.calendar_token_hash = secret_hash(raw)
    return raw
