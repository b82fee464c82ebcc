"""Every public surface names people by their public name, never by their e-mail address."""

from __future__ import annotations

import pytest

from oneteam.chapters.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def nameless_organiser(make_user, global_chapter):
    person = make_user(email="quiet.person@example.org", display_name="")
    Membership.objects.create(chapter=global_chapter, user=person, role=Membership.Role.ORGANISER)
    return person


def test_a_person_without_a_display_name_is_a_numbered_member(nameless_organiser):
    assert str(nameless_organiser.public_name) == f"OneTeam member {nameless_organiser.pk}"
    assert str(nameless_organiser) == str(nameless_organiser.public_name)


def test_the_chapter_page_and_api_never_show_the_address(client, nameless_organiser, global_chapter):
    page = client.get(global_chapter.get_absolute_url()).content.decode()
    api = client.get(f"/api/chapters/{global_chapter.slug}").content.decode()
    for surface in (page, api):
        assert "quiet.person" not in surface
        assert f"OneTeam member {nameless_organiser.pk}" in surface
