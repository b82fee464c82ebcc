"""Start-up and close-down checklists from templates that a chapter's organisers adapt."""

import pytest
from django.urls import reverse

from oneteam.chapters.models import Membership
from oneteam.work.models import ChecklistStep

pytestmark = pytest.mark.django_db


def test_a_new_project_gets_the_site_start_up_checklist_and_ticks_it(client, make_user, make_project):
    owner = make_user()
    project = make_project(by=owner)
    step = project.checklist_steps.first()
    client.force_login(owner)
    client.post(reverse("work:tick_step", args=[project.slug, step.pk]), {"done": "1"})
    step.refresh_from_db()
    assert step.done and step.done_by == owner
    page = client.get(project.get_absolute_url()).text
    assert "Mark as not done" in page
    client.post(reverse("work:start_checklist", args=[project.slug, "closedown"]))
    assert project.checklist_steps.filter(kind="closedown").count() == 5


def test_a_chapter_adapts_its_checklist_and_its_projects_follow_it(client, global_organiser, global_chapter,
                                                                   make_project):
    client.force_login(global_organiser)
    response = client.post(reverse("work:adapt_checklist", args=[global_chapter.slug, "startup"]),
                           {"steps": "Tell the chapter on the mailing list\n\nBook a show-and-tell"})
    assert response.status_code == 302
    project = make_project(chapter=global_chapter)
    assert [s.text for s in ChecklistStep.objects.filter(project=project)] == [
        "Tell the chapter on the mailing list", "Book a show-and-tell"]


def test_only_organisers_adapt_a_chapters_checklist(client, make_user, global_chapter):
    member = make_user()
    Membership.objects.create(chapter=global_chapter, user=member, role=Membership.Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("work:adapt_checklist", args=[global_chapter.slug, "startup"])).status_code == 403


def test_others_do_not_see_the_checklists(client, make_user, make_project):
    project = make_project()
    client.force_login(make_user())
    assert 'id="checklists"' not in client.get(project.get_absolute_url()).text
