"""The demo shows a chapter in each health status, with its reasons, and every health feature."""

from __future__ import annotations

import pytest

from oneteam.chapters.models import CoOrganiserCall, Health, Holiday, OrganiserTerm, Ritual, WebhookDelivery
from oneteam.demo.runner import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_status_with_reasons_and_every_feature(client):
    load_demo()
    rows = {h.chapter.slug: (h.status, [r["text"] for r in h.reasons]) for h in Health.objects.select_related("chapter")}
    print({slug: status for slug, (status, _reasons) in rows.items()})
    assert {status for status, _reasons in rows.values()} == {"thriving", "steady", "at_risk", "dormant"}
    assert all(reasons for _status, reasons in rows.values())
    assert Ritual.objects.filter(chapter__slug="leeds").exists() and Holiday.objects.exists()
    assert OrganiserTerm.objects.filter(chapter__slug="scotland", how="handover").exists()
    assert OrganiserTerm.objects.filter(chapter__slug="scotland", ended_at__isnull=False).exists()
    assert CoOrganiserCall.objects.filter(chapter__slug="croydon-council", closed_at__isnull=True).exists()
    assert WebhookDelivery.objects.filter(webhook__chapter__slug="hackney-council", status="failed").exists()
    page = client.get("/chapters/world/").content.decode()
    assert "At risk" in page and "Thriving" in page and "Dormant" in page and "Steady" in page
