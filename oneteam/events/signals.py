"""Keeping events right when something else changes."""

from __future__ import annotations

from .models import Registration
from .selectors import ACTIVE


def free_places_of_deleted_person(sender, instance, **kwargs) -> None:
    """Before a person is deleted, give up their places the way they would
    themselves, so the waiting list moves up and the next people are told."""
    from . import services

    for registration in Registration.objects.filter(user=instance, status__in=ACTIVE).select_related("event"):
        services.cancel_registration(event=registration.event, by=instance)
