"""The directory of responsibility: by organisation, theme or person, who owns which project."""

import pytest
from django.urls import reverse

from oneteam.work import services

pytestmark = pytest.mark.django_db


def test_the_directory_groups_projects_with_their_responsible_people(client, make_user, make_project):
    owner = make_user(display_name="Grace Owner")
    project = make_project(by=owner, themes=["older people"])
    services.add_person(project=project, by=owner, name="Sam Contact", role="Librarian", responsible=True)
    by_organisation = client.get(reverse("work:directory")).text
    assert "Hackney Council" in by_organisation and project.title in by_organisation
    assert "Grace Owner" in by_organisation and "Sam Contact" in by_organisation
    assert "older people" in client.get(reverse("work:directory") + "?by=theme").text
    by_person = client.get(reverse("work:directory") + "?by=person").text
    assert "Sam Contact" in by_person


def test_people_without_a_public_name_show_as_a_member_number(client, make_user, make_project):
    owner = make_user(display_name="")
    make_project(by=owner)
    page = client.get(reverse("work:directory")).text
    assert owner.email not in page
