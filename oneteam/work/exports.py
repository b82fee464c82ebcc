"""The open exports of the register: public projects only, as CSV and JSON."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from oneteam.events.exports import csv_safe


def project_record(project, absolute_url: str) -> dict:
    return {
        "title": project.title,
        "url": absolute_url,
        "summary": project.summary,
        "organisation": project.organisation.name,
        "country": str(project.organisation.country or ""),
        "team": project.team,
        "phase": project.phase,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "themes": [theme.name for theme in project.themes.all()],
    }


def projects_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ["title", "url", "summary", "organisation", "country", "team", "phase", "start_date", "end_date",
               "themes"]
    writer.writerow([_(name.replace("_", " ").capitalize()) for name in columns])
    for record in records:
        row = {**record, "themes": "; ".join(record["themes"])}
        writer.writerow([csv_safe(row[name]) for name in columns])
    return out.getvalue()
