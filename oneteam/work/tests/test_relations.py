"""Confirming how two projects relate, or dismissing the pair: both pages show a
confirmed relation, the responsible people are told, dismissed pairs stop being suggested."""

import pytest
from django.core import mail
from django.urls import reverse

from oneteam.work.models import Relation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_user, make_project, other_organisation):
    alice = make_user(display_name="Alice", email="alice@example.org")
    bola = make_user(display_name="Bola", email="bola@example.org")
    mine = make_project(by=alice)
    theirs = make_project(by=bola, organisation=other_organisation, title="Digital skills for over-65s",
                          summary="Volunteers in libraries teach pensioners to use tablets and video calls.")
    return alice, bola, mine, theirs


def test_the_similar_list_offers_to_judge_the_pair(client, pair):
    alice, _bola, mine, theirs = pair
    client.force_login(alice)
    page = client.get(mine.get_absolute_url()).text
    assert theirs.title in page
    assert reverse("work:judge", args=[mine.slug, theirs.slug]) in page


def test_confirming_shows_on_both_pages_and_tells_the_other_team(client, pair, django_capture_on_commit_callbacks):
    alice, bola, mine, theirs = pair
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("work:judge", args=[mine.slug, theirs.slug]),
                               {"kind": "duplicate", "note": "Same volunteers, same libraries: let us merge."})
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.first_id < relation.second_id
    for project in (mine, theirs):
        page = client.get(project.get_absolute_url()).text
        assert "Related projects" in page and "Same volunteers, same libraries" in page
    assert [m.to for m in mail.outbox] == [["bola@example.org"]]
    assert theirs.title in mail.outbox[0].subject and mine.title in mail.outbox[0].body
    # Judged pairs leave the similar list (they show as relations instead).
    similar = client.get(mine.get_absolute_url()).text.split('id="similar"')[1]
    assert theirs.title not in similar


def test_dismissing_stops_the_suggestion_and_tells_nobody(client, pair, django_capture_on_commit_callbacks):
    alice, _bola, mine, theirs = pair
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("work:judge", args=[mine.slug, theirs.slug]), {"kind": "dismissed"})
    assert mail.outbox == []
    page = client.get(mine.get_absolute_url()).text
    assert "Related projects" not in page
    assert theirs.title not in page.split('id="similar"')[1]
    assert theirs.title not in client.get(reverse("work:overlaps")).text


def test_the_overlaps_report_pairs_projects_across_organisations(client, pair):
    _alice, _bola, mine, theirs = pair
    page = client.get(reverse("work:overlaps")).text
    assert mine.title in page and theirs.title in page


def test_someone_on_neither_project_cannot_judge(client, make_user, pair):
    _alice, _bola, mine, theirs = pair
    client.force_login(make_user())
    assert client.get(reverse("work:judge", args=[mine.slug, theirs.slug])).status_code == 403
    assert client.post(reverse("work:judge", args=[mine.slug, theirs.slug]), {"kind": "duplicate"}).status_code == 403
    assert not Relation.objects.exists()


def test_a_relation_kind_must_be_chosen(client, pair):
    alice, _bola, mine, theirs = pair
    client.force_login(alice)
    page = client.post(reverse("work:judge", args=[mine.slug, theirs.slug]), {"kind": ""})
    assert "Select how the projects relate" in page.text
