"""Reads about events that pages, feeds and the API share."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import Event


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status=Event.Status.PUBLISHED).select_related("chapter")


def upcoming_events() -> QuerySet[Event]:
    return public_events().filter(end__gt=timezone.now()).order_by("start")
