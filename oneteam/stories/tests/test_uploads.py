"""Cover images and audio: type and size checked, alt text required, stored through the storage
API, refused with a clear message, and nothing half-saved left behind."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oneteam.stories import uploads
from oneteam.stories.models import Story

from .helpers import mp3, png


def post(client, **extra):
    data = {"title": "With a picture", "kind": "blog", "language": "en", "body": "Hello"}
    data.update(extra)
    return client.post(reverse("stories:create"), data)


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_a_cover_with_alt_text_is_stored_and_served(client, make_user, media_root):
    client.force_login(make_user())
    response = post(client, cover_image=png(), cover_alt="Six people around a table of sticky notes")
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.cover_image.name.startswith("stories/covers/") and story.cover_image.name.endswith(".png")
    assert len(stored_files(media_root)) == 1
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'alt="Six people around a table of sticky notes"' in page
    image = client.get(reverse("stories:cover", args=[story.slug]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_an_image_without_alt_text_is_refused(client, make_user, media_root):
    client.force_login(make_user())
    page = post(client, cover_image=png()).content.decode()
    assert "Describe the cover image for people who cannot see it" in page
    assert not Story.objects.exists() and stored_files(media_root) == []


def test_a_file_that_is_not_an_image_is_refused(client, make_user, media_root):
    client.force_login(make_user())
    fake = SimpleUploadedFile("cover.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    page = post(client, cover_image=fake, cover_alt="x").content.decode()
    assert "The cover image must be a JPEG, PNG, WebP or GIF picture" in page
    assert not Story.objects.exists() and stored_files(media_root) == []


def test_an_oversized_image_is_refused(client, make_user, media_root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_COVER_BYTES", 100)
    client.force_login(make_user())
    page = post(client, cover_image=png(size=(200, 200)), cover_alt="x").content.decode()
    assert "The cover image must be smaller than" in page
    assert not Story.objects.exists() and stored_files(media_root) == []


def test_a_failed_save_removes_the_files_it_stored(make_user, media_root, monkeypatch):
    from oneteam.stories import services

    def boom(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_relate", boom)
    try:
        services.create_story(by=make_user(), title="t", body="b", kind="blog", language="en", cover=png(),
                              cover_alt="x")
    except RuntimeError:
        pass
    assert not Story.objects.exists() and stored_files(media_root) == []


def test_audio_must_be_audio(client, make_user, media_root):
    client.force_login(make_user())
    page = post(client, kind="podcast", audio_file=SimpleUploadedFile("x.mp3", b"MZ\x90\x00 not audio"),
                duration="10:00", transcript="Hi").content.decode()
    assert "The audio file must be an MP3, M4A, Ogg or WAV recording" in page
    assert stored_files(media_root) == []
    post(client, kind="podcast", audio_file=mp3(), duration="10:00", transcript="Hi")
    story = Story.objects.get()
    assert story.audio_type == "audio/mpeg" and story.audio_bytes > 4096
