"""The microactions library: anyone suggests, organisers curate, people commit and mark done,
counts shown, a personal page, and one commitment per person even under racing clicks."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from oneteam.goals import selectors, services
from oneteam.goals.models import Commitment, Microaction


@pytest.fixture
def listed(global_organiser, make_user, principles):
    item = services.suggest_microaction(by=make_user(), title="Invite someone from another team for a coffee",
                                        principles=[principles["work-across-borders"]])
    return services.curate(microaction=item, by=global_organiser, status="listed")


def test_a_suggestion_is_private_until_curated(client, make_user, global_organiser):
    author, stranger = make_user(), make_user()
    client.force_login(author)
    client.post(reverse("goals:suggest"), {"title": "Share one thing you learned this week"})
    item = Microaction.objects.get()
    assert item.is_suggested
    assert client.get(item.get_absolute_url()).status_code == 200
    client.force_login(stranger)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Share one thing" not in client.get(reverse("goals:microactions")).content.decode()
    assert client.get(reverse("goals:curate", args=[item.slug])).status_code == 403
    client.force_login(global_organiser)
    assert "Share one thing" in client.get(reverse("goals:microactions")).content.decode()
    client.post(reverse("goals:curate", args=[item.slug]), {"title": item.title, "status": "listed"})
    item.refresh_from_db()
    assert item.is_listed
    client.logout()
    assert "Share one thing" in client.get(reverse("goals:microactions")).content.decode()


def test_commit_and_mark_done_with_a_private_note(client, listed, make_user):
    person, other = make_user(), make_user()
    client.force_login(person)
    client.post(reverse("goals:commit", args=[listed.slug]))
    client.post(reverse("goals:commit", args=[listed.slug]))  # twice changes nothing
    assert Commitment.objects.filter(user=person).count() == 1
    client.post(reverse("goals:done", args=[listed.slug]), {"note": "Had tea with the housing team"})
    commitment = Commitment.objects.get(user=person)
    assert commitment.is_done and commitment.note == "Had tea with the housing team"
    page = client.get(listed.get_absolute_url()).content.decode()
    assert "1 person did this" in page
    mine = client.get(reverse("goals:mine")).content.decode()
    assert listed.title in mine and "Had tea with the housing team" in mine
    client.force_login(other)
    assert "Had tea" not in client.get(listed.get_absolute_url()).content.decode()
    client.logout()
    assert "Had tea" not in client.get(listed.get_absolute_url()).content.decode()


def test_counts_say_how_many_people_did_it(listed, make_user):
    for n in range(3):
        person = make_user()
        services.commit(microaction=listed, by=person)
        if n:
            services.mark_done(microaction=listed, by=person)
    item = selectors.library().get(pk=listed.pk)
    assert (item.committed_count, item.done_count) == (3, 2)


def test_nobody_commits_to_a_suggestion_or_marks_done_without_committing(make_user, listed):
    suggestion = services.suggest_microaction(by=make_user(), title="Not yet listed")
    with pytest.raises(services.GoalError):
        services.commit(microaction=suggestion, by=make_user())
    with pytest.raises(services.GoalError):
        services.mark_done(microaction=listed, by=make_user())


def test_the_database_refuses_a_second_commitment(listed, make_user):
    from django.db import IntegrityError, transaction

    person = make_user()
    Commitment.objects.create(microaction=listed, user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(microaction=listed, user=person)


@pytest.mark.django_db(transaction=True)
def test_racing_commits_leave_one_commitment(listed, make_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL (DATABASE_URL)")
    person = make_user()
    errors = []

    def click():
        try:
            services.commit(microaction=listed, by=person)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Commitment.objects.filter(microaction=listed, user=person).count() == 1


def test_an_action_from_elsewhere_becomes_work_in_one_step(global_organiser, make_user, principles):
    goal = services.create_goal(by=global_organiser, title="Leadership", why="y", first_action="z")
    owner = make_user()
    action = services.create_action_from(text="Draft the leadership workshop", by=global_organiser, goal=goal,
                                         owner=owner)
    assert action.goal == goal and action.owner == owner
    person = make_user()
    commitment = services.create_action_from(text="Ask my manager about shadowing", by=person)
    assert commitment.user == person and commitment.microaction.is_suggested
