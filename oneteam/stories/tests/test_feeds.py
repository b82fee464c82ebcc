"""Feeds: every one parses as RSS 2.0 (feedparser and the standard library's XML parser), pages
advertise them with <link rel="alternate">, and the podcast feed carries enclosures."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from oneteam.chapters.models import Chapter

from .helpers import mp3


@pytest.fixture
def stories(write_story, principles, global_chapter):
    chapter = Chapter.objects.create(name="Wales", slug="wales", level=Chapter.Level.LOCAL, parent=global_chapter)
    two = [principles["work-in-the-open"], principles["be-diverse-and-inclusive"]]
    blog = write_story(title="Gweithio yn yr agored", language="cy", chapter=chapter, principles=two)
    episode = write_story(title="Episode 1: free agents", kind="podcast", audio=mp3(), duration_seconds=1935,
                          transcript="**Host:** Welcome.", principles=two)
    hosted = write_story(title="Episode 2: leadership", kind="podcast", audio_url="https://media.example.org/two.m4a",
                         audio_bytes=123456, duration_seconds=600, transcript="Hello")
    return blog, episode, hosted


FEEDS = [("stories:feed", []), ("stories:chapter_feed", ["wales"]),
         ("stories:principle_feed", ["work-in-the-open"]), ("stories:podcast_feed", [])]


@pytest.mark.parametrize("name,args", FEEDS)
def test_every_feed_parses_as_rss_2(client, stories, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.entries
    assert ET.fromstring(response.content).tag == "rss"


def test_the_podcast_feed_has_enclosures_with_length_and_type(client, stories):
    _blog, episode, hosted = stories
    root = ET.fromstring(client.get(reverse("stories:podcast_feed")).content)
    items = {item.findtext("title"): item for item in root.iter("item")}
    assert set(items) == {episode.title, hosted.title}
    own = items[episode.title].find("enclosure")
    assert own.get("url").endswith(reverse("stories:audio", args=[episode.slug]))
    assert own.get("type") == "audio/mpeg" and int(own.get("length")) == episode.audio_bytes > 0
    other = items[hosted.title].find("enclosure")
    assert other.attrib == {"url": "https://media.example.org/two.m4a", "length": "123456", "type": "audio/mp4"}
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert items[episode.title].findtext(f"{itunes}duration") == "1935"


def test_the_audio_is_served(client, stories):
    _blog, episode, _hosted = stories
    response = client.get(reverse("stories:audio", args=[episode.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"


@pytest.mark.parametrize("path,feed", [
    (reverse("stories:list"), reverse("stories:feed")),
    (reverse("chapters:detail", args=["wales"]), reverse("stories:chapter_feed", args=["wales"])),
    (reverse("goals:principle", args=["work-in-the-open"]), reverse("stories:principle_feed", args=["work-in-the-open"])),
    (reverse("stories:podcast"), reverse("stories:podcast_feed")),
])
def test_pages_advertise_their_feeds(client, stories, path, feed):
    page = client.get(path).content.decode()
    head = page.split("</head>", 1)[0]
    assert f'rel="alternate" type="application/rss+xml"' in head and f'href="{feed}"' in head


def test_an_episode_cannot_be_published_without_a_transcript(write_story):
    from oneteam.stories import services

    with pytest.raises(services.StoryError, match="transcript"):
        write_story(kind="podcast", audio_url="https://media.example.org/x.mp3", duration_seconds=60)


def test_the_audio_answers_byte_ranges_as_podcast_apps_ask(client, stories):
    _blog, episode, _hosted = stories
    url = reverse("stories:audio", args=[episode.slug])
    part = client.get(url, HTTP_RANGE="bytes=0-2")
    assert part.status_code == 206 and part.content == b"ID3"
    assert part["Content-Range"] == f"bytes 0-2/{episode.audio_bytes}" and part["Accept-Ranges"] == "bytes"
    tail = client.get(url, HTTP_RANGE="bytes=-4")
    assert tail.status_code == 206 and len(tail.content) == 4
    assert client.get(url, HTTP_RANGE=f"bytes={episode.audio_bytes + 10}-").status_code == 416


def test_feed_links_use_the_sites_own_address(client, stories):
    blog, _episode, _hosted = stories
    parsed = feedparser.parse(client.get(reverse("stories:feed")).content)
    assert parsed.feed.link == "http://testserver/stories/"
    entry = next(e for e in parsed.entries if e.title == blog.title)
    assert entry.link == entry.id == f"http://testserver{blog.get_absolute_url()}"
    for name, args in FEEDS:
        assert "example.com" not in client.get(reverse(name, args=args)).content.decode()
