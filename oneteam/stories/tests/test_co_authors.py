"""Co-authors on the story form: added by public name or e-mail address of existing members, shown by public name."""

import pytest
from django.urls import reverse

from oneteam.stories.models import Story

pytestmark = pytest.mark.django_db


def form(**extra):
    data = {"title": "Two councils, one team", "kind": "blog", "language": "en", "body": "We wrote this together."}
    data.update(extra)
    return data


@pytest.fixture
def people(make_user):
    return {
        "wren": make_user(display_name="Wren Writer"),
        "cai": make_user(email="cai@example.org", display_name="Cai Co-author"),
        "dee": make_user(email="dee@example.org", display_name="Dee Dafydd"),
    }


def test_co_authors_by_name_and_e_mail_see_and_edit_the_draft(client, people):
    client.force_login(people["wren"])
    response = client.post(reverse("stories:create"), form(co_authors="Cai Co-author\ndee@example.org"))
    story = Story.objects.get()
    assert response.url == story.get_absolute_url()
    assert set(story.authors.all()) == {people["wren"], people["cai"], people["dee"]}
    client.force_login(people["dee"])
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Draft: only its authors can see this" in page
    assert "Wren Writer" in page and "Cai Co-author" in page and "Dee Dafydd" in page
    assert "dee@example.org" not in page and "cai@example.org" not in page  # public names only
    edit = client.get(reverse("stories:edit", args=[story.slug])).content.decode()
    assert "Wren Writer" in edit and "Cai Co-author" in edit and "@example.org" not in edit  # never an address
    # Dee saves the form unchanged: the same people stay authors, Dee included.
    client.post(reverse("stories:edit", args=[story.slug]), form(co_authors="Wren Writer\nCai Co-author"))
    assert set(story.authors.all()) == {people["wren"], people["cai"], people["dee"]}


def test_removing_a_co_author_ends_their_access_to_the_draft(client, people):
    client.force_login(people["wren"])
    client.post(reverse("stories:create"), form(co_authors="Cai Co-author"))
    story = Story.objects.get()
    client.post(reverse("stories:edit", args=[story.slug]), form(co_authors=""))
    assert list(story.authors.all()) == [people["wren"]]
    client.force_login(people["cai"])
    assert client.get(story.get_absolute_url()).status_code == 404
    assert client.get(reverse("stories:edit", args=[story.slug])).status_code == 404


def test_unknown_and_ambiguous_names_give_govuk_errors(client, people, make_user):
    make_user(display_name="Sam Smith")
    make_user(display_name="sam smith")
    client.force_login(people["wren"])
    page = client.post(reverse("stories:create"), form(co_authors="Nobody Atall")).content.decode()
    assert "There is a problem" in page and "No member has the name or e-mail address “Nobody Atall”" in page
    page = client.post(reverse("stories:create"), form(co_authors="Sam Smith")).content.decode()
    assert "More than one member is called “Sam Smith”: enter their e-mail address instead" in page
    assert not Story.objects.exists()


def test_closed_accounts_cannot_be_added(client, people):
    people["cai"].is_active = False
    people["cai"].save()
    client.force_login(people["wren"])
    page = client.post(reverse("stories:create"), form(co_authors="cai@example.org")).content.decode()
    assert "No member has the name or e-mail address “cai@example.org”" in page


def test_an_administrator_editing_does_not_become_an_author(client, people, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@example.org", password="x" * 20)
    client.force_login(people["wren"])
    client.post(reverse("stories:create"), form())
    story = Story.objects.get()
    client.force_login(admin)
    client.post(reverse("stories:edit", args=[story.slug]), form(co_authors="Wren Writer\nCai Co-author"))
    assert set(story.authors.all()) == {people["wren"], people["cai"]}
