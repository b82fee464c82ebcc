"""health.toml: rhythm and place, rituals and holidays, a handover, a call, a channel; then every chapter's health.

Everything goes through ``chapters.services`` (and the ritual's meetings
through the same code the worker runs, ``events.rituals.create_for``). What
happened long ago is history: when a handover happened, when each organiser
began, and an announcement that failed days ago are dated with a direct
update once the service has made the record, as the chapters loader does.
Last, the health of every chapter is worked out (``alerts.refresh_all``, the
worker's hourly job), so the global view and the health pages have it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from oneteam.chapters import alerts, services
from oneteam.chapters.models import (
    CoOrganiserCall, Handover, HealthSettings, Holiday, Membership, OrganiserTerm, Ritual, Webhook, WebhookDelivery,
)
from oneteam.events import rituals

from ..context import Checker, Context, where, where_in

FILE = "health.toml"

SETTINGS_FIELDS = {"meets_every_days": int, "timezone": str}
SETTINGS_OPTIONAL = {"latitude": float, "longitude": float}
RITUAL_FIELDS = {"chapter": str, "by": str, "title": str, "rhythm": str, "weekday": int, "week_of_month": int,
                 "start_time": str, "duration_minutes": int, "capacity": int, "days_ahead": int}
RITUAL_OPTIONAL = {"venue": str, "online_url": str, "description": str}
HANDOVER_FIELDS = {"chapter": str, "from": str, "to": str, "days_ago": int}


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"settings": dict, "rituals": dict, "holidays": dict, "handovers": list,
                                        "calls": dict, "webhooks": dict})
    for slug, spec in data.get("settings", {}).items():
        place = where(FILE, "settings", slug)
        checker.refer("chapter", slug, place)
        if checker.table(spec, place, required=SETTINGS_FIELDS, optional=SETTINGS_OPTIONAL):
            if not 7 <= spec["meets_every_days"] <= 366:
                checker.problem(where_in(place, "meets_every_days"), "between 7 and 366 days")
    for key, spec in data.get("rituals", {}).items():
        place = where(FILE, "rituals", key)
        if checker.table(spec, place, required=RITUAL_FIELDS, optional=RITUAL_OPTIONAL):
            checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
            checker.refer("person", spec["by"], where_in(place, "by"))
            checker.choice(spec["rhythm"], Ritual.Rhythm.values, where_in(place, "rhythm"))
    for slug, days in data.get("holidays", {}).items():
        place = where(FILE, "holidays", slug)
        checker.refer("chapter", slug, place)
        for index, day in enumerate(days if isinstance(days, list) else []):
            if checker.table(day, where_in(place, index), required={"month_day": str, "name": str}):
                try:
                    dt.date(2000, *map(int, day["month_day"].split("-")))
                except (TypeError, ValueError):
                    checker.problem(where_in(where_in(place, index), "month_day"), "expected MM-DD, like 12-25")
    for index, spec in enumerate(data.get("handovers", [])):
        place = where(FILE, "handovers", index)
        if checker.table(spec, place, required=HANDOVER_FIELDS, optional={"note": str}):
            checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
            checker.refer("person", spec["from"], where_in(place, "from"))
            checker.refer("person", spec["to"], where_in(place, "to"))
    for slug, spec in data.get("calls", {}).items():
        place = where(FILE, "calls", slug)
        checker.refer("chapter", slug, place)
        if checker.table(spec, place, required={"by": str}, optional={"message": str}):
            checker.refer("person", spec["by"], where_in(place, "by"))
    for slug, spec in data.get("webhooks", {}).items():
        place = where(FILE, "webhooks", slug)
        checker.refer("chapter", slug, place)
        if checker.table(spec, place, required={"by": str, "kind": str, "url": str}, optional={"failed": list}):
            checker.refer("person", spec["by"], where_in(place, "by"))
            for number, failure in enumerate(spec.get("failed", [])):
                checker.table(failure, where_in(where_in(place, "failed"), number),
                              required={"text": str, "days_ago": int, "error": str})


def load(data: dict, ctx: Context) -> None:
    _date_terms(ctx)
    for slug, spec in data.get("settings", {}).items():
        chapter = ctx.get("chapter", slug)
        if HealthSettings.objects.filter(chapter=chapter).exists():
            continue  # the organisers may have changed it since
        by = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).first().user
        services.set_health_settings(
            chapter=chapter, by=by, meets_every_days=spec["meets_every_days"], timezone_name=spec["timezone"],
            latitude=Decimal(str(spec["latitude"])) if "latitude" in spec else None,
            longitude=Decimal(str(spec["longitude"])) if "longitude" in spec else None,
        )
        ctx.count()
    for slug, days in data.get("holidays", {}).items():
        chapter = ctx.get("chapter", slug)
        by = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).first().user
        for day in days:
            month, number = map(int, day["month_day"].split("-"))
            date = dt.date(ctx.now.year, month, number)
            if date <= ctx.now.date():
                date = date.replace(year=date.year + 1)
            if not Holiday.objects.filter(chapter=chapter, name=day["name"], date__gte=ctx.now.date()).exists():
                services.add_holiday(chapter=chapter, by=by, date=date, name=day["name"])
                ctx.count()
    for spec in data.get("rituals", {}).values():
        chapter = ctx.get("chapter", spec["chapter"])
        ritual = Ritual.objects.filter(chapter=chapter, title=spec["title"]).first()
        if ritual is None:
            hour, minute = map(int, spec["start_time"].split(":"))
            ritual = services.add_ritual(
                chapter=chapter, by=ctx.get("person", spec["by"]), title=spec["title"], format="lean_coffee",
                rhythm=spec["rhythm"], weekday=spec["weekday"], week_of_month=spec["week_of_month"],
                start_time=dt.time(hour, minute), duration_minutes=spec["duration_minutes"],
                venue=spec.get("venue", ""), online_url=spec.get("online_url", ""), capacity=spec["capacity"],
                description=spec.get("description", ""), days_ahead=spec["days_ahead"], starts_on=ctx.now.date(),
            )
            ctx.count()
        ctx.count(len(rituals.create_for(ritual, ctx.now)))  # what the worker would create today
    for spec in data.get("handovers", []):
        _handover(spec, ctx)
    for slug, spec in data.get("calls", {}).items():
        chapter = ctx.get("chapter", slug)
        if not CoOrganiserCall.objects.filter(chapter=chapter).exists():
            services.open_call(chapter=chapter, by=ctx.get("person", spec["by"]), message=spec.get("message", ""))
            ctx.count()
    for slug, spec in data.get("webhooks", {}).items():
        _webhook(ctx.get("chapter", slug), spec, ctx)
    alerts.refresh_all(ctx.now)


def _date_terms(ctx: Context) -> None:
    """Each organiser's term began when they joined (the chapters loader dates memberships back)."""
    for membership in Membership.objects.filter(role=Membership.Role.ORGANISER):
        terms = OrganiserTerm.objects.filter(chapter=membership.chapter_id, user=membership.user_id,
                                             ended_at__isnull=True)
        if not terms.exists():  # the global chapter is set up directly, not through a service
            OrganiserTerm.objects.create(chapter_id=membership.chapter_id, user_id=membership.user_id,
                                         started_at=membership.joined_at)
            ctx.count()
        terms.filter(started_at__gt=membership.joined_at).update(started_at=membership.joined_at)


def _handover(spec: dict, ctx: Context) -> None:
    chapter = ctx.get("chapter", spec["chapter"])
    giver, taker = ctx.get("person", spec["from"]), ctx.get("person", spec["to"])
    if Handover.objects.filter(chapter=chapter, to_user=taker).exists():
        return
    when = ctx.days_ago(spec["days_ago"])
    if not Membership.objects.filter(chapter=chapter, user=taker).exists():
        Membership.objects.filter(pk=services.join(chapter=chapter, by=taker).pk).update(joined_at=when)
        ctx.count()
    handover = services.nominate_successor(chapter=chapter, by=giver, successor=taker, note=spec.get("note", ""))
    services.accept_handover(handover=handover, by=taker)
    Handover.objects.filter(pk=handover.pk).update(created_at=when, answered_at=when)
    OrganiserTerm.objects.filter(chapter=chapter, user=giver, ended_at__isnull=False).update(ended_at=when)
    OrganiserTerm.objects.filter(chapter=chapter, user=taker, ended_at__isnull=True).update(started_at=when)
    Membership.objects.filter(chapter=chapter, user=taker).update(joined_at=when)
    ctx.count(2)


def _webhook(chapter, spec: dict, ctx: Context) -> None:
    by = ctx.get("person", spec["by"])
    webhook = Webhook.objects.filter(chapter=chapter).first()
    if webhook is None:
        webhook = services.set_webhook(chapter=chapter, by=by, kind=spec["kind"], url=spec["url"])
        ctx.count()
    for failure in spec.get("failed", []):
        if WebhookDelivery.objects.filter(webhook=webhook, text=failure["text"]).exists():
            continue
        when = ctx.days_ago(failure["days_ago"])
        WebhookDelivery.objects.create(
            webhook=webhook, text=failure["text"], status=WebhookDelivery.Status.FAILED, attempts=5,
            last_error=failure["error"], created_at=when, finished_at=when + dt.timedelta(hours=1, minutes=25),
        )
        ctx.count()
