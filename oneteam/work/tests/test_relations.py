"""Confirming how two projects relate, or dismissing the pair: both pages show a
confirmed relation, the responsible people are told, dismissed pairs stop being suggested."""

import pytest
from django.core import mail
from django.urls import reverse

from oneteam.work import tasks
from oneteam.work.models import Neighbour, Project, Relation

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
    tasks.find_neighbours.call()
    assert theirs.title in client.get(reverse("work:overlaps")).text  # suggested until dismissed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("work:judge", args=[mine.slug, theirs.slug]), {"kind": "dismissed"})
    assert mail.outbox == []
    page = client.get(mine.get_absolute_url()).text
    assert "Related projects" not in page
    assert theirs.title not in page.split('id="similar"')[1]
    assert theirs.title not in client.get(reverse("work:overlaps")).text


def test_the_overlaps_report_pairs_projects_across_organisations(client, pair):
    _alice, _bola, mine, theirs = pair
    assert "No possible overlaps right now." in client.get(reverse("work:overlaps")).text  # until the worker ran
    tasks.find_neighbours.call()
    page = client.get(reverse("work:overlaps")).text
    assert mine.title in page and theirs.title in page


def _nonsense(rng, words=8) -> str:
    return " ".join("".join(rng.choice("bcdfghjklmnpqrstvwz") + rng.choice("aeiou") for _ in range(4))
                    for _ in range(words))


def test_the_overlaps_report_covers_old_projects_too(client, pair, organisation, other_organisation):
    """The report once paired only the 400 most recently changed projects; a pair among older ones
    must still appear, however many projects changed since."""
    import datetime as dt
    import random

    _alice, _bola, mine, theirs = pair
    Project.objects.filter(pk__in=[mine.pk, theirs.pk]).update(changed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    rng = random.Random(9)
    Project.objects.bulk_create([
        Project(title=_nonsense(rng, 3), summary=_nonsense(rng), slug=f"filler-{n}",
                organisation=organisation if n % 2 else other_organisation)
        for n in range(450)
    ])
    newest = set(Project.objects.order_by("-changed_at", "-pk").values_list("pk", flat=True)[:400])
    assert mine.pk not in newest and theirs.pk not in newest
    tasks.find_neighbours.call()
    page = client.get(reverse("work:overlaps")).text
    assert mine.title in page and theirs.title in page


def test_a_later_batch_keeps_what_earlier_batches_found_and_drops_only_stale_rows(pair, monkeypatch):
    _alice, _bola, mine, theirs = pair
    monkeypatch.setattr(tasks, "NEIGHBOUR_BATCH", 1)  # each project scanned in its own batch
    tasks.find_neighbours.call()
    assert set(Neighbour.objects.values_list("project_id", "neighbour_id")) == {
        (mine.pk, theirs.pk), (theirs.pk, mine.pk)}
    from oneteam.work import services

    services.update_project(project=theirs, by=theirs.created_by, title="Pothole reporting by photo",
                            summary="Residents photograph potholes and the highways team fixes them.")
    assert list(tasks.unscanned_projects().values_list("pk", flat=True)) == [theirs.pk]
    stale_score = Neighbour.objects.get(project=mine, neighbour=theirs).score
    tasks.find_neighbours.call()
    # mine's row scored theirs by its old words: gone; theirs' new row scores the new words.
    assert not Neighbour.objects.filter(project=mine, neighbour=theirs).exists()
    assert Neighbour.objects.get(project=theirs, neighbour=mine).score < stale_score


def test_a_changed_project_is_paired_by_its_new_words(client, pair, make_project, other_organisation):
    alice, _bola, mine, theirs = pair
    tasks.find_neighbours.call()
    from oneteam.work import services

    services.update_project(project=theirs, by=theirs.created_by,
                            title="Pothole reporting by photo",
                            summary="Residents photograph potholes and the highways team fixes them within a week.")
    roads = make_project(by=alice, title="Fixing potholes residents report",
                         summary="A photo of a pothole sent by a resident reaches the highways team, "
                                 "which repairs it within a week.")
    tasks.find_neighbours.call()
    page = client.get(reverse("work:overlaps")).text
    assert roads.title in page and "Pothole reporting by photo" in page
    assert "Digital skills for over-65s" not in page  # the old words are forgotten


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
