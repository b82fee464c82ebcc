"""The health page, the global view and their API: public figures, nothing private."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oneteam.chapters import alerts, services
from oneteam.chapters.models import Chapter
from oneteam.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_leeds(leeds, make_event):
    """Leeds, a year old, with one meeting 200 days ago, a draft planned and a place on the map."""
    Chapter.objects.filter(pk=leeds.pk).update(created_at=timezone.now() - dt.timedelta(days=365))
    leeds.refresh_from_db()
    make_event(chapter=leeds, slug="old-one", title="Old lean coffee", start=timezone.now() - dt.timedelta(days=200))
    make_event(chapter=leeds, slug="secret", title="Secret draft gathering", status=Event.Status.DRAFT,
               start=timezone.now() + dt.timedelta(days=5))
    return leeds


def test_anyone_sees_the_status_reasons_chart_and_table(client, quiet_leeds):
    page = client.get(f"/chapters/{quiet_leeds.slug}/health/").content.decode()
    assert "Dormant" in page
    assert "No meeting for more than 120 days and nothing planned: the chapter has gone quiet." in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img"' in page
    assert "People with a place" in page  # the table with the chart's figures
    assert "Secret draft gathering" not in page  # a draft never counts as something planned
    assert "Alerts sent to the organisers" not in page


def test_organisers_see_the_alerts(client, quiet_leeds, organiser):
    alerts.refresh_all(timezone.now())
    client.force_login(organiser)
    page = client.get(f"/chapters/{quiet_leeds.slug}/health/").content.decode()
    assert "Alerts sent to the organisers" in page and "OneTeam Leeds is now dormant." in page


def test_health_settings_are_for_organisers_and_validated(client, quiet_leeds, organiser, make_user):
    client.force_login(make_user())
    assert client.get(f"/chapters/{quiet_leeds.slug}/health/settings/").status_code == 403
    client.force_login(organiser)
    response = client.post(f"/chapters/{quiet_leeds.slug}/health/settings/",
                           {"meets_every_days": "3", "timezone_name": "Europe/London"})
    assert "Enter a number of days of 7 or more" in response.content.decode()
    response = client.post(f"/chapters/{quiet_leeds.slug}/health/settings/",
                           {"meets_every_days": "14", "timezone_name": "Europe/Oslo", "latitude": "53.8",
                            "longitude": "-1.55"})
    assert response.status_code == 302
    assert quiet_leeds.health_settings.meets_every_days == 14


def test_the_global_view_lists_by_country_with_health_next_event_and_contact(client, quiet_leeds, organiser,
                                                                                make_event):
    services.update_chapter(chapter=quiet_leeds, by=organiser, contact_email="leeds@example.org")
    services.set_health_settings(chapter=quiet_leeds, by=organiser, meets_every_days=30,
                                 timezone_name="Europe/London", latitude=53.8, longitude=-1.55)
    page = client.get("/chapters/world/").content.decode()
    assert "United Kingdom" in page and "OneTeam Leeds" in page and "Dormant" in page
    assert "leeds@example.org" in page and "Nothing planned" in page
    assert "Secret draft gathering" not in page
    assert "<title>OneTeam Leeds: Dormant</title>" in page  # its point on the map
    make_event(chapter=quiet_leeds, slug="soon", title="Lean coffee soon", start=timezone.now() + dt.timedelta(days=3))
    alerts.refresh_all(timezone.now())
    page = client.get("/chapters/world/?country=GB").content.decode()
    assert "Lean coffee soon" in page


def test_the_api_gives_health_and_the_global_view(client, quiet_leeds):
    body = client.get(f"/api/health/chapters/{quiet_leeds.slug}").json()
    assert body["status"] == "dormant" and body["organisers"] == 1
    assert body["reasons"][0]["text"].startswith("No meeting for more than 120 days")
    assert body["next_event"] is None and len(body["months"]) == 6
    rows = client.get("/api/health/chapters?country=GB").json()
    assert [row["chapter"]["slug"] for row in rows] == [quiet_leeds.slug]
    assert "Secret" not in str(rows)
    assert client.get("/api/health/chapters/nowhere").status_code == 404
    assert client.get("/api/health/chapters?country=Britain").status_code == 422


def test_the_webhook_address_never_reaches_the_api_or_the_pages(client, quiet_leeds, organiser, settings):
    settings.ONETEAM_WEBHOOK_HOSTS = ("127.0.0.1",)
    services.set_webhook(chapter=quiet_leeds, by=organiser, kind="slack", url="http://127.0.0.1:9/secret-path")
    for address in (f"/chapters/{quiet_leeds.slug}/", f"/chapters/{quiet_leeds.slug}/health/", "/chapters/world/",
                    f"/api/health/chapters/{quiet_leeds.slug}", "/api/health/chapters"):
        assert "secret-path" not in client.get(address).content.decode()


def test_the_charts_escape_every_label_and_draw_status_by_shape():
    from oneteam.chapters import charts

    svg = charts.point_map("Map", "Points", [("<script>alert(1)</script>", 51.5, -0.1, "at_risk")])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<polygon" in svg
    svg = charts.column_chart("People", "By month", [("Jan <b>", 3), ("Feb", 0)])
    assert "<b>" not in svg and svg.count("<rect") == 1 and 'role="img"' in svg and "style=" not in svg
