"""The overlaps report reads a bounded number of neighbour rows per request: a reader who may
see few of the closest pairs gets what the first rows hold, and the page says the list is partial."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oneteam.work import selectors
from oneteam.work.models import Neighbour

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_user, make_project, other_organisation):
    """Six close pairs private to a team, then one public pair further down."""
    owner = make_user(display_name="Olu Owner")
    private = [make_project(by=owner, title=f"Team-only rota {i}", visibility="team") for i in range(6)]
    elsewhere = [make_project(title=f"Leeds rota {i}", organisation=other_organisation) for i in range(6)]
    for i, (mine, theirs) in enumerate(zip(private, elsewhere)):
        Neighbour.objects.create(project=mine, neighbour=theirs, score=0.95 - i / 100)
    public = make_project(title="Library opening hours consultation")
    other = make_project(title="Library hours survey", organisation=other_organisation)
    Neighbour.objects.create(project=public, neighbour=other, score=0.5)
    return owner, public, other


def test_a_reader_who_may_see_few_pairs_gets_a_bounded_walk_and_is_told(client, register, monkeypatch):
    _owner, public, other = register
    monkeypatch.setattr(selectors, "OVERLAP_CHUNK", 2)
    monkeypatch.setattr(selectors, "OVERLAP_WALK", 4)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("work:overlaps")).text
    # Signed out, the first four rows are private pairs: nothing to show, and the page says why.
    assert "Team-only rota" not in page and public.title not in page
    assert "This list comes from the 4 closest matches in the register" in page
    assert "No possible overlaps you may see among those matches." in page
    assert "No possible overlaps right now." not in page
    neighbour_reads = [q for q in queries.captured_queries if "work_neighbour" in q["sql"]]
    assert len(neighbour_reads) <= 3  # two chunks of two rows, and one look past them

    # With room to read the whole table, the public pair is found and the list is complete.
    monkeypatch.setattr(selectors, "OVERLAP_WALK", 100)
    page = client.get(reverse("work:overlaps")).text
    assert public.title in page and other.title in page
    assert "closest matches in the register" not in page


def test_the_team_finds_its_pairs_within_the_walk_and_the_list_is_complete(client, register, monkeypatch):
    owner, _public, _other = register
    monkeypatch.setattr(selectors, "OVERLAP_CHUNK", 2)
    monkeypatch.setattr(selectors, "OVERLAP_WALK", 4)
    client.force_login(owner)
    report = selectors.overlaps(owner, limit=3)
    assert [pair.first.title for pair in report.pairs] == ["Team-only rota 0", "Team-only rota 1", "Team-only rota 2"]
    assert report.complete and report.rows_read == 4
    # The page asks for more pairs than four rows hold, so it shows what it found and says so.
    page = client.get(reverse("work:overlaps")).text
    assert "Team-only rota 0" in page and "Leeds rota 1" in page
    assert "This list comes from the 4 closest matches in the register" in page
