"""A story that links to work-register projects lists the public ones, and never a members-only or team project."""

from __future__ import annotations

import pytest

from oneteam.people.models import Organisation
from oneteam.work import index
from oneteam.work import services as work_services
from oneteam.work.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    index.reset()
    yield
    index.reset()


@pytest.fixture
def projects(make_user):
    organisation = Organisation.objects.create(name="Leeds City Council", slug="leeds-city-council", kind="council",
                                               country="GB")
    owner = make_user()
    public = work_services.register_project(by=owner, title="Free school meals without a form",
                                            summary="Families on benefits get meals automatically.",
                                            organisation=organisation)
    team = work_services.register_project(by=owner, title="Restructure planning team",
                                          summary="Who moves where, not yet shared.", organisation=organisation,
                                          visibility=Project.Visibility.TEAM)
    members = work_services.register_project(by=owner, title="Members-only pilot of shared inboxes",
                                             summary="For members to see.", organisation=organisation,
                                             visibility=Project.Visibility.MEMBERS)
    return public, team, members


def test_a_story_lists_the_public_projects_it_links_to(client, write_story, projects):
    public, team, members = projects
    story = write_story(body=f"We copied [Leeds](https://oneteam.example/work/{public.slug}/), "
                             f"looked at [this](/work/{team.slug}/) and [that](/work/{members.slug}/), "
                             "and browsed [the directory](/work/directory/).")
    assert list(story.projects.all()) == [public]
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Project:" in page and public.title in page
    assert team.title not in page and members.title not in page
    answer = client.get(f"/api/stories/{story.slug}").json()
    assert answer["projects"] == [public.slug]


def test_a_project_made_private_later_leaves_the_story(client, write_story, projects):
    public, _team, _members = projects
    story = write_story(body=f"See [the project](/work/{public.slug}/).")
    Project.objects.filter(pk=public.pk).update(visibility=Project.Visibility.TEAM)
    page = client.get(story.get_absolute_url()).content.decode()
    assert public.title not in page and "Mentioned in this story" not in page
    assert client.get(f"/api/stories/{story.slug}").json()["projects"] == []
