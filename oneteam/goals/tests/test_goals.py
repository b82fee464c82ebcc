"""Goals of the movement and of chapters: who sets them, actions with owners and due dates,
"I'll help", progress drawn and tabled, and the open log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oneteam.chapters.models import Chapter, Membership
from oneteam.goals import services
from oneteam.goals.models import Action, GoalUpdate, Helper


@pytest.fixture
def goal(global_organiser, principles):
    return services.create_goal(
        by=global_organiser, title="Bring Free Agents to the UK", why="Move skills to where they are needed.",
        first_action="Gather case studies", year=2025, principles=[principles["work-across-borders"]],
    )


@pytest.fixture
def local_chapter(global_chapter):
    return Chapter.objects.create(name="Hackney", slug="hackney", level=Chapter.Level.LOCAL, parent=global_chapter)


def test_only_global_organisers_set_movement_goals(make_user, global_organiser):
    with pytest.raises(PermissionDenied):
        services.create_goal(by=make_user(), title="x", why="y", first_action="z")
    goal = services.create_goal(by=global_organiser, title="Leadership", why="y", first_action="z")
    assert goal.is_movement_goal
    assert list(goal.owners.all()) == [global_organiser]
    assert GoalUpdate.objects.filter(goal=goal).exists()  # the log starts with the goal


def test_chapter_organisers_set_their_chapter_goals(client, make_user, local_chapter):
    organiser = make_user()
    Membership.objects.create(chapter=local_chapter, user=organiser, role=Membership.Role.ORGANISER)
    client.force_login(organiser)
    response = client.post(reverse("goals:create_for_chapter", args=["hackney"]), {
        "title": "Monthly lean coffee", "why": "Meet people from other services.", "first_action": "Book a room",
        "status": "active", "year": "2025",
    })
    assert response.status_code == 302
    chapter_page = client.get(local_chapter.get_absolute_url()).content.decode()
    assert "Monthly lean coffee" in chapter_page
    client.force_login(make_user())
    assert client.post(reverse("goals:create_for_chapter", args=["hackney"]), {}).status_code == 403


def test_goal_form_errors_are_govuk_messages(client, global_organiser):
    client.force_login(global_organiser)
    page = client.post(reverse("goals:create"), {"title": " ", "year": "1200"}).content.decode()
    assert "There is a problem" in page
    assert "Enter the first concrete action" in page
    assert "Enter a year between 2000 and 2100" in page


def test_actions_have_owners_due_dates_and_status(client, goal, global_organiser, make_user):
    helper = make_user(display_name="Hana Helper")
    services.help_with(by=helper, goal=goal)
    client.force_login(global_organiser)
    response = client.post(reverse("goals:add_action", args=[goal.slug]), {
        "title": "Write up the Canadian model", "owner": helper.pk, "due": "2025-03-27",
    })
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert (action.owner, action.due) == (helper, dt.date(2025, 3, 27))
    # The owner moves it along; someone else cannot.
    client.force_login(helper)
    client.post(reverse("goals:action_status", args=[goal.slug, action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.is_done
    client.force_login(make_user())
    assert client.post(reverse("goals:action_status", args=[goal.slug, action.pk]), {"status": "todo"}).status_code == 403


def test_ill_help_on_a_goal_and_an_action_once_each(client, goal, global_organiser, make_user):
    action = services.add_action(goal=goal, by=global_organiser, title="Gather case studies")
    person = make_user(display_name="Tag Myself")
    client.force_login(person)
    for _ in range(2):
        client.post(reverse("goals:help", args=[goal.slug]), {"action": action.pk})
    client.post(reverse("goals:help", args=[goal.slug]))
    assert Helper.objects.filter(user=person).count() == 2
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Tag Myself" in page
    assert "Stop helping" in page
    client.post(reverse("goals:help", args=[goal.slug]), {"action": action.pk, "stop": "true"})
    assert Helper.objects.filter(user=person).count() == 1


def test_progress_is_drawn_and_tabled(client, goal, global_organiser):
    first = services.add_action(goal=goal, by=global_organiser, title="One")
    services.add_action(goal=goal, by=global_organiser, title="Two")
    services.set_action_status(action=first, by=global_organiser, status="done")
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "1 of 2 actions done (50%)" in page
    assert 'role="img"' in page and "<table" in page
    listing = client.get(reverse("goals:list")).content.decode()
    assert "Bring Free Agents to the UK 50%" in listing  # the chart's description
    assert "1 of 2" in listing


def test_the_open_log_takes_updates_from_helpers_only(client, goal, make_user):
    person = make_user()
    with pytest.raises(PermissionDenied):
        services.post_update(goal=goal, by=person, text="Hello")
    services.help_with(by=person, goal=goal)
    client.force_login(person)
    client.post(reverse("goals:post_update", args=[goal.slug]), {"text": "Met **three** teams"})
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "<strong>three</strong>" in page


def test_owners_are_chosen_from_owners_and_helpers(client, goal, global_organiser, make_user):
    helper, stranger = make_user(display_name="Helpful Hari"), make_user(display_name="Stranger Sam")
    services.help_with(by=helper, goal=goal)
    client.force_login(global_organiser)
    page = client.get(reverse("goals:edit", args=[goal.slug])).content.decode()
    assert "Helpful Hari" in page and "Stranger Sam" not in page
    data = {"title": goal.title, "why": goal.why, "first_action": goal.first_action, "status": "active",
            "year": "2025", "owners": [global_organiser.pk, helper.pk]}
    assert client.post(reverse("goals:edit", args=[goal.slug]), data).status_code == 302
    assert set(goal.owners.all()) == {global_organiser, helper}
    refused = client.post(reverse("goals:edit", args=[goal.slug]), {**data, "owners": [stranger.pk]})
    assert "Select owners from the list" in refused.content.decode()
    assert "Select at least one owner" in client.post(reverse("goals:edit", args=[goal.slug]),
                                                      {**data, "owners": []}).content.decode()
