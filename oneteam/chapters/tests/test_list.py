"""The chapter list: hierarchy, filters, search and the dormant rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from oneteam.chapters import selectors, services
from oneteam.chapters.models import Chapter
from oneteam.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(start, make_user, global_chapter):
    alice = make_user(display_name="Alice")
    uk = start(alice, "OneTeam UK", level=Chapter.Level.COUNTRY, country="GB", rhythm="Quarterly")
    leeds = start(alice, "OneTeam Leeds", parent=uk, city="Leeds", description="Lean coffee by the canal")
    france = start(make_user(), "OneTeam France", level=Chapter.Level.COUNTRY, country="FR")
    dft = start(make_user(), "OneTeam Transport", city="London", country="GB", description="Roads and rail")
    return {"global": global_chapter, "uk": uk, "leeds": leeds, "france": france, "dft": dft}


def names(response):
    return [row.chapter.name for row in response.context["rows"]]


def test_list_shows_hierarchy_with_counts(client, tree, make_user):
    services.join(chapter=tree["leeds"], by=make_user())
    response = client.get(reverse("chapters:list"))
    assert response.status_code == 200
    # Global first, then each country followed by its local chapters.
    assert names(response) == ["OneTeam Global", "OneTeam France", "OneTeam UK", "OneTeam Leeds", "OneTeam Transport"]
    depths = {row.chapter.name: row.depth for row in response.context["rows"]}
    assert depths == {
        "OneTeam Global": 0, "OneTeam France": 1, "OneTeam UK": 1, "OneTeam Leeds": 2, "OneTeam Transport": 1,
    }
    leeds = next(r.chapter for r in response.context["rows"] if r.chapter.name == "OneTeam Leeds")
    assert (leeds.member_count, leeds.organiser_count) == (2, 1)
    html = response.content.decode()
    assert "Quarterly" in html and "United Kingdom" in html and "Active" in html


def test_country_filter_includes_local_chapters_of_that_country(client, tree):
    response = client.get(reverse("chapters:list"), {"country": "GB"})
    assert names(response) == ["OneTeam UK", "OneTeam Leeds", "OneTeam Transport"]
    assert 'value="GB" selected' in response.content.decode()


def test_country_filter_offers_only_countries_with_chapters(client, tree):
    choices = dict(client.get(reverse("chapters:list")).context["form"].fields["country"].choices)
    assert set(choices) == {"", "GB", "FR"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("leeds", ["OneTeam Leeds"]),  # name and city
        ("CANAL", ["OneTeam Leeds"]),  # description, any case
        ("london", ["OneTeam Transport"]),  # city only
        ("nothing like this", []),
    ],
)
def test_search(client, tree, q, expected):
    response = client.get(reverse("chapters:list"), {"q": q})
    assert names(response) == expected
    if not expected:
        assert "No chapter matches these filters" in response.content.decode()


def test_status_filter(client, tree):
    Chapter.objects.filter(pk=tree["france"].pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    dormant = client.get(reverse("chapters:list"), {"status": "dormant"})
    assert names(dormant) == ["OneTeam France"]
    assert "Dormant" in dormant.content.decode()
    active = client.get(reverse("chapters:list"), {"status": "active"})
    assert "OneTeam France" not in names(active) and "OneTeam Leeds" in names(active)


def test_unknown_filter_values_show_an_error_and_all_chapters(client, tree):
    response = client.get(reverse("chapters:list"), {"country": "XX", "status": "asleep"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert len(names(response)) == 5


def test_filters_work_together(client, tree):
    response = client.get(reverse("chapters:list"), {"country": "GB", "q": "roads", "status": "active"})
    assert names(response) == ["OneTeam Transport"]


def test_list_query_count_does_not_grow_with_chapters(client, tree, start, make_user, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("chapters:list"))
    for n in range(15):
        start(make_user(), f"Chapter {n}", parent=tree["uk"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("chapters:list"))


class TestDormant:
    """Dormant: older than DORMANT_MIN_AGE, no published event in DORMANT_QUIET_PERIOD, none upcoming."""

    @pytest.fixture
    def old(self, start, make_user):
        return start(make_user(), "OneTeam Sleepy", age_days=selectors.DORMANT_MIN_AGE.days + 1)

    def test_thresholds(self):
        assert selectors.DORMANT_MIN_AGE == dt.timedelta(days=90)
        assert selectors.DORMANT_QUIET_PERIOD == dt.timedelta(days=120)

    def test_young_chapter_without_events_is_active(self, start, make_user):
        chapter = start(make_user(), "OneTeam New", age_days=selectors.DORMANT_MIN_AGE.days - 1)
        assert selectors.chapter_status(chapter) == "active"

    def test_old_chapter_without_events_is_dormant(self, old):
        assert selectors.chapter_status(old) == "dormant"
        assert selectors.chapter_detail(old.slug).status == "dormant"

    def test_recent_published_event_keeps_it_active(self, old, make_event):
        make_event(chapter=old, start=timezone.now() - dt.timedelta(days=100))
        assert selectors.chapter_status(old) == "active"

    def test_event_before_the_quiet_period_does_not(self, old, make_event):
        make_event(chapter=old, start=timezone.now() - dt.timedelta(days=130))
        assert selectors.chapter_status(old) == "dormant"

    def test_upcoming_published_event_keeps_it_active(self, old, make_event):
        make_event(chapter=old, start=timezone.now() + dt.timedelta(days=30))
        assert selectors.chapter_status(old) == "active"

    @pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.CANCELLED])
    def test_unpublished_events_do_not_count(self, old, make_event, status):
        make_event(chapter=old, status=status, start=timezone.now() + dt.timedelta(days=3))
        assert selectors.chapter_status(old) == "dormant"

    def test_chapter_list_filter_matches_chapter_status(self, old, start, make_user):
        start(make_user(), "OneTeam Busy")
        assert [c.name for c in selectors.chapter_list(status="dormant")] == ["OneTeam Sleepy"]
        assert "OneTeam Sleepy" not in [c.name for c in selectors.chapter_list(status="active")]
