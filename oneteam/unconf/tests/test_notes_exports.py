"""Session notes (open to read, written by hosts, the interested and organisers) and the open-data exports."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oneteam.core.testing import HOSTILE_MARKDOWN
from oneteam.unconf import services
from oneteam.unconf.models import Placement

from .test_grid import busy, generate  # noqa: F401


@pytest.fixture
def published(unconference, busy, global_organiser, committed):  # noqa: F811
    generate(unconference, global_organiser, committed)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    return Placement.objects.select_related("pitch").first().pitch


def test_interested_people_write_notes_everyone_reads_them(client, published, busy, make_user):  # noqa: F811
    _pitches, people = busy
    fan = next(p for p in people if published.interests.filter(user=p).exists())
    client.force_login(fan)
    response = client.post(reverse("unconf:notes", args=[published.unconference.slug, published.pk]),
                           {"body": "We agreed to **share templates**."}, follow=True)
    assert "The notes are saved." in response.content.decode()
    client.logout()
    assert "<strong>share templates</strong>" in client.get(published.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        services.save_note(pitch=published, by=make_user(), body="Spam")


def test_notes_are_sanitised(client, published, global_organiser):
    services.save_note(pitch=published, by=global_organiser, body=HOSTILE_MARKDOWN)
    body = client.get(published.get_absolute_url()).content.decode()
    assert "<script" not in body.split("</main>")[0].split('id="notes"')[1]


def test_exports_carry_pitches_counts_grid_and_notes(client, published, global_organiser):
    services.save_note(pitch=published, by=global_organiser, body="=SUM(A1) a formula-looking note")
    slug = published.unconference.slug
    data = client.get(reverse("unconf:export", args=[slug, "json"])).json()
    row = next(r for r in data["pitches"] if r["id"] == published.pk)
    assert row["room"] and row["starts"] and row["status"] == "scheduled"
    assert row["notes"].startswith("=SUM")
    assert row["interest"] == published.interests.count()
    text = client.get(reverse("unconf:export", args=[slug, "csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(data["pitches"])
    assert next(r for r in rows if r["id"] == str(published.pk))["notes"].startswith("'=SUM")
    assert client.get(reverse("unconf:export", args=[slug, "xml"])).status_code == 404
