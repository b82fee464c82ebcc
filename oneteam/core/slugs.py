"""Slugs for addresses: one helper for every model that has a unique ``slug``."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

ATTEMPTS = 5


def unique_slug(model: type[models.Model], text: str, *, reserved: frozenset[str] | set[str] = frozenset(),
                fallback: str = "item") -> str:
    """A slug made from ``text`` that no row of ``model`` has and no URL of the app needs.

    Adds ``-2``, ``-3`` … when the plain slug is taken, and keeps within the
    field's maximum length.
    """
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    slug, n = base, 1
    while slug in reserved or model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_with_unique_slug(instance: models.Model, text: str, **options) -> models.Model:
    """Insert ``instance`` under a fresh slug made from ``text``.

    Two people creating "Lean coffee" at the same moment can both find the slug
    free; the database's unique constraint refuses the second insert, and this
    picks the next free slug and tries again instead of failing.
    """
    model = type(instance)
    for _attempt in range(ATTEMPTS):
        instance.slug = unique_slug(model, text, **options)
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
            return instance
        except IntegrityError:
            if not model._default_manager.filter(slug=instance.slug).exists():
                raise  # another constraint refused the row: not ours to retry
    raise IntegrityError(f"No free slug for {text!r} after {ATTEMPTS} attempts.")
