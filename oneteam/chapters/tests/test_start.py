"""Starting a chapter: the journey, the starter kit, and bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.chapters import services
from oneteam.chapters.checklist import STARTER_CHECKLIST
from oneteam.chapters.models import Chapter, ChecklistItem, Membership

pytestmark = pytest.mark.django_db


def form_data(global_chapter, **overrides):
    data = {
        "name": "OneTeam Hackney",
        "level": "local",
        "parent": str(global_chapter.pk),
        "country": "GB",
        "city": "Hackney Council",
        "description": "Lean coffee for **everyone** at the council.",
        "rhythm": "Second Tuesday of the month",
        "contact_email": "hackney@example.org",
    }
    data.update(overrides)
    return data


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("chapters:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_form_defaults_to_the_global_chapter(client, make_user, global_chapter):
    client.force_login(make_user())
    response = client.get(reverse("chapters:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Start a chapter" in html
    assert f'<option value="{global_chapter.pk}" selected>OneTeam Global</option>' in html
    assert "global" not in [value for value, _label in response.context["form"].fields["level"].choices]


def test_journey_creates_chapter_organiser_and_checklist(client, make_user, global_chapter):
    person = make_user(display_name="Ada")
    client.force_login(person)
    response = client.post(reverse("chapters:start"), form_data(global_chapter), follow=True)
    chapter = Chapter.objects.get(name="OneTeam Hackney")
    assert response.redirect_chain[-1][0] == chapter.get_absolute_url()
    assert (chapter.slug, chapter.level, chapter.parent, chapter.city) == (
        "oneteam-hackney", "local", global_chapter, "Hackney Council"
    )
    assert Membership.objects.get(chapter=chapter, user=person).role == "organiser"
    keys = list(ChecklistItem.objects.filter(chapter=chapter).values_list("key", flat=True))
    assert keys == ["co-organiser", "rhythm", "first-lean-coffee", "principles"]
    assert not ChecklistItem.objects.filter(chapter=chapter, done_at__isnull=False).exists()
    html = response.content.decode()
    assert "You have started OneTeam Hackney" in html
    assert "Starter checklist" in html
    for step in STARTER_CHECKLIST:
        assert str(step.title) in html
    assert "<strong>everyone</strong>" in html
    assert "You are the only organiser" in html


def test_country_chapter_needs_a_country(client, make_user, global_chapter):
    client.force_login(make_user())
    response = client.post(
        reverse("chapters:start"), form_data(global_chapter, name="OneTeam Ireland", level="country", country="")
    )
    assert response.status_code == 200
    assert "Choose the country this chapter is for" in response.content.decode()
    assert not Chapter.objects.filter(name="OneTeam Ireland").exists()
    ok = client.post(reverse("chapters:start"), form_data(global_chapter, name="OneTeam Ireland", level="country", country="IE"))
    assert ok.status_code == 302
    assert Chapter.objects.get(name="OneTeam Ireland").country == "IE"


def test_local_chapter_can_belong_to_a_country_chapter_and_inherits_its_country(client, make_user, global_chapter):
    person = make_user()
    wales = services.start_chapter(by=person, name="OneTeam Wales", level="country", country="GB")
    client.force_login(person)
    client.post(reverse("chapters:start"), form_data(global_chapter, name="OneTeam Cardiff", parent=wales.pk, country=""))
    cardiff = Chapter.objects.get(name="OneTeam Cardiff")
    assert (cardiff.parent, cardiff.country) == (wales, "GB")


def test_country_chapter_must_belong_to_the_global_one(make_user, global_chapter):
    person = make_user()
    wales = services.start_chapter(by=person, name="OneTeam Wales", level="country", country="GB")
    with pytest.raises(services.ChapterError):
        services.start_chapter(by=person, name="OneTeam Gwynedd", level="country", country="GB", parent=wales)


def test_empty_form_shows_errors_and_creates_nothing(client, make_user, global_chapter):
    client.force_login(make_user())
    response = client.post(reverse("chapters:start"), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert Chapter.objects.count() == 1


def test_duplicate_name_in_the_same_parent_is_refused(client, make_user, global_chapter):
    services.start_chapter(by=make_user(), name="OneTeam Hackney", parent=global_chapter)
    client.force_login(make_user())
    response = client.post(reverse("chapters:start"), form_data(global_chapter, name="oneteam hackney"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already a chapter called" in html
    assert 'value="oneteam hackney"' in html  # what was typed is kept
    assert "Second Tuesday of the month" in html
    assert Chapter.objects.filter(name__iexact="oneteam hackney").count() == 1


def test_same_name_elsewhere_gets_a_numbered_slug(make_user, global_chapter):
    person = make_user()
    wales = services.start_chapter(by=person, name="OneTeam Wales", level="country", country="GB")
    first = services.start_chapter(by=person, name="Digital", parent=global_chapter)
    second = services.start_chapter(by=person, name="Digital", parent=wales)
    assert (first.slug, second.slug) == ("digital", "digital-2")


def test_a_chapter_called_start_does_not_hide_the_start_page(make_user, global_chapter):
    chapter = services.start_chapter(by=make_user(), name="Start", parent=global_chapter)
    assert chapter.slug == "start-2"


def test_overlong_values_are_refused_and_kept(client, make_user, global_chapter):
    client.force_login(make_user())
    long_name = "N" * 121
    response = client.post(
        reverse("chapters:start"), form_data(global_chapter, name=long_name, description="d" * 4001)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 120 characters" in html and "at most 4000 characters" in html
    assert long_name in html
    assert Chapter.objects.count() == 1


def test_global_level_cannot_be_chosen(client, make_user, global_chapter):
    client.force_login(make_user())
    response = client.post(reverse("chapters:start"), form_data(global_chapter, level="global"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Chapter.objects.filter(level="global").count() == 1
    with pytest.raises(services.ChapterError):
        services.start_chapter(by=make_user(), name="Another world", level="global")


def test_bad_email_and_unknown_parent_are_refused(client, make_user, global_chapter):
    client.force_login(make_user())
    response = client.post(
        reverse("chapters:start"), form_data(global_chapter, contact_email="not an address", parent="999999")
    )
    html = response.content.decode()
    assert "Enter a valid email address" in html
    assert "Select a valid choice" in html
    assert Chapter.objects.count() == 1


def test_script_in_description_is_not_run(client, make_user, global_chapter):
    client.force_login(make_user())
    description = 'Hello <script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>'
    client.post(reverse("chapters:start"), form_data(global_chapter, description=description))
    chapter = Chapter.objects.get(name="OneTeam Hackney")
    assert chapter.description == description  # stored as typed
    html = client.get(chapter.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert "<img src=x" not in html and "&lt;script&gt;" in html
    assert "Hello" in html
