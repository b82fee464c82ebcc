"""Help wanted: skills a project needs, matched with members offering them as free agents."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_wanted_skill_is_matched_with_public_free_agents_only(client, make_user, make_project):
    owner = make_user()
    project = make_project(by=owner)
    make_user(display_name="Rhiannon Research", is_free_agent=True, profile_public=True,
              free_agent_skills="User research, workshops")
    make_user(display_name="Hidden Helper", is_free_agent=True, profile_public=False,
              free_agent_skills="user research")
    make_user(display_name="Quiet Agent", is_free_agent=True, profile_public=True, show_free_agent=False,
              free_agent_skills="user research")
    client.force_login(owner)
    client.post(reverse("work:ask_for_help", args=[project.slug]),
                {"skill": "user research", "note": "Interviews with residents"})
    for path in (project.get_absolute_url(), reverse("work:help_wanted")):
        page = client.get(path).text
        assert "Rhiannon Research" in page
        assert "Hidden Helper" not in page and "Quiet Agent" not in page


def test_the_same_skill_is_asked_once(client, make_user, make_project):
    owner = make_user()
    project = make_project(by=owner)
    client.force_login(owner)
    client.post(reverse("work:ask_for_help", args=[project.slug]), {"skill": "Data analysis"})
    page = client.post(reverse("work:ask_for_help", args=[project.slug]), {"skill": "data analysis"})
    assert "The project already asks for this skill" in page.text
