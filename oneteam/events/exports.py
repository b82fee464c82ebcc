"""Spreadsheet exports for organisers (the iCalendar feeds are in ``ical.py``)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event
from .selectors import AttendeeList

# A cell starting with one of these is read as a formula by spreadsheet programs.
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Stop spreadsheets reading a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_TRIGGERS) else text


def attendees_csv(event: Event, people: AttendeeList) -> str:
    """Everyone with a place, then the waiting list in order, with their needs."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("E-mail"), _("Status"), _("Position"), _("Accessibility needs"), _("Signed up at")])
    for registration in people.confirmed + people.waiting:
        signed_up = timezone.localtime(registration.queued_at, event.tz).isoformat(timespec="minutes")
        writer.writerow(
            [
                csv_safe(cell)
                for cell in (
                    registration.user.public_name,
                    registration.user.email,
                    registration.get_status_display(),
                    registration.position or "",
                    registration.accessibility_needs,
                    signed_up,
                )
            ]
        )
    return out.getvalue()
