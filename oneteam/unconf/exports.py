"""The whole unconference as open data: pitches with interest counts, the grid and the notes.

Never in an export: withdrawn pitches, open co-host invitations, who marked
interest in what, and the grid before it is published.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.utils import timezone

from oneteam.events.exports import csv_safe

from .models import Pitch, Placement, SessionNote, Unconference
from .selectors import _accepted_hosts, _known, with_interest

CSV_COLUMNS = ["id", "title", "kind", "theme", "status", "merged_into", "hosts", "interest", "room", "starts",
               "ends", "url", "notes"]


def unconference_data(unconference: Unconference, *, with_grid: bool) -> dict:
    zone = unconference.event.tz
    pitches = _known(list(with_interest(Pitch.objects.filter(unconference=unconference)
                                        .exclude(status=Pitch.Status.WITHDRAWN))
                          .select_related("theme").prefetch_related(_accepted_hosts()).order_by("pk")), unconference)
    placements = {p.pitch_id: p for p in Placement.objects.filter(unconference=unconference)
                  .select_related("room", "slot")} if with_grid else {}
    notes = dict(SessionNote.objects.filter(pitch__unconference=unconference).values_list("pitch_id", "body")) \
        if with_grid else {}
    rows = []
    for pitch in pitches:
        placement = placements.get(pitch.pk)
        status = pitch.status
        if not with_grid and status == Pitch.Status.SCHEDULED:
            status = Pitch.Status.PROPOSED  # whether it is in an unpublished grid is not public yet
        rows.append({
            "id": pitch.pk,
            "title": pitch.title,
            "description": pitch.description,
            "kind": pitch.kind,
            "theme": pitch.theme.name if pitch.theme else "",
            "status": status,
            "merged_into": pitch.merged_into_id,
            "hosts": [h.user.public_name for h in pitch.accepted_hosts],
            "interest": pitch.interest_count if not pitch.is_merged else 0,
            "room": placement.room.name if placement else None,
            "starts": timezone.localtime(placement.slot.start, zone).isoformat() if placement else None,
            "ends": timezone.localtime(placement.slot.end, zone).isoformat() if placement else None,
            "url": settings.SITE_URL + pitch.get_absolute_url(),
            "notes": notes.get(pitch.pk, ""),
        })
    return {
        "unconference": {
            "title": unconference.title, "slug": unconference.slug,
            "url": settings.SITE_URL + unconference.get_absolute_url(),
            "timezone": unconference.event.timezone, "grid_published": unconference.grid_published,
            # How the last generated grid was made: `oneteam schedule --seed S --work W` on /instance replays it.
            "scheduler": {"seed": unconference.grid_seed, "work": unconference.grid_work}
            if with_grid and unconference.grid_work else None,
        },
        "pitches": rows,
    }


def as_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in data["pitches"]:
        values = {**row, "hosts": "; ".join(row["hosts"])}
        writer.writerow([csv_safe(values[column]) for column in CSV_COLUMNS])
    return out.getvalue()
