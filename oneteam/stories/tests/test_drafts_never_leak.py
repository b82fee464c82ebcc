"""A draft reaches its authors and nobody else: one test per surface."""

import pytest
from django.urls import reverse

from oneteam.chapters.models import Chapter

from .helpers import png

SECRET = "Unannounced reorganisation"


@pytest.fixture
def chapter(global_chapter):
    return Chapter.objects.create(name="Leeds", slug="leeds", level=Chapter.Level.LOCAL, parent=global_chapter)


@pytest.fixture
def draft(write_story, principles, chapter):
    from oneteam.stories import services

    story = write_story(publish=False, title=SECRET, summary=SECRET, chapter=chapter,
                        principles=[principles["work-in-the-open"]], kind="podcast", audio_url="https://media.example/a.mp3",
                        duration_seconds=60, transcript=SECRET)
    services.update_story(story=story, by=story.created_by, cover=png(), cover_alt="A whiteboard")
    return story


@pytest.fixture
def published(write_story, principles, chapter):
    return write_story(title="Open and proud", chapter=chapter, principles=[principles["work-in-the-open"]])


def _text(response):
    return response.content.decode()


def test_not_on_its_own_page_nor_its_cover(client, draft, make_user):
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("stories:cover", args=[draft.slug])).status_code == 404
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.created_by)
    assert client.get(draft.get_absolute_url()).status_code == 200
    cover = client.get(reverse("stories:cover", args=[draft.slug]))
    assert cover.status_code == 200 and cover["Cache-Control"] == "private, no-store"


def test_not_in_the_list_or_search(client, draft, published):
    assert SECRET not in _text(client.get(reverse("stories:list")))
    assert SECRET not in _text(client.get(reverse("stories:list"), {"q": "reorganisation"}))
    assert "No stories match" in _text(client.get(reverse("stories:list"), {"q": "reorganisation"}))


def test_not_on_the_chapter_page(client, draft, published, chapter):
    page = _text(client.get(chapter.get_absolute_url()))
    assert "Open and proud" in page and SECRET not in page


def test_not_on_the_principle_page(client, draft, published):
    page = _text(client.get(reverse("goals:principle", args=["work-in-the-open"])))
    assert "Open and proud" in page and SECRET not in page


def test_not_on_the_podcast_page(client, draft):
    assert SECRET not in _text(client.get(reverse("stories:podcast")))


@pytest.mark.parametrize("feed", [
    ("stories:feed", []), ("stories:chapter_feed", ["leeds"]), ("stories:principle_feed", ["work-in-the-open"]),
    ("stories:podcast_feed", []),
])
def test_not_in_any_feed(client, draft, published, feed):
    name, args = feed
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert SECRET not in _text(response)


def test_not_in_the_api(client, draft, published):
    listing = client.get("/api/stories").json()
    assert [item["title"] for item in listing["items"]] == ["Open and proud"]
    assert client.get(f"/api/stories/{draft.slug}").status_code == 404
    assert SECRET not in _text(client.get("/api/stories", {"q": "reorganisation"}))


def test_not_on_someone_elses_list_of_stories(client, draft, make_user):
    client.force_login(make_user())
    assert SECRET not in _text(client.get(reverse("stories:mine")))
    client.force_login(draft.created_by)
    assert SECRET in _text(client.get(reverse("stories:mine")))
