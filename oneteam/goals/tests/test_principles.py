"""The seven principles as reference data, and a page each listing what is tagged with them."""

from django.urls import reverse

from oneteam.goals import services
from oneteam.goals.models import Principle


def test_the_seven_principles_are_there(principles):
    assert Principle.objects.count() == 7
    assert list(Principle.objects.values_list("position", flat=True)) == list(range(1, 8))


def test_a_principle_page_lists_goals_microactions_and_stories(client, principles, global_organiser, make_user):
    principle = principles["take-practical-action"]
    services.create_goal(by=global_organiser, title="OneTeam in a box", why="y", first_action="z",
                         principles=[principle])
    item = services.suggest_microaction(by=make_user(), title="Write down one thing to stop doing",
                                        principles=[principle])
    services.curate(microaction=item, by=global_organiser, status="listed")
    hidden = services.suggest_microaction(by=make_user(), title="A suggestion nobody curated", principles=[principle])
    page = client.get(reverse("goals:principle", args=[principle.slug])).content.decode()
    assert "OneTeam in a box" in page
    assert "Write down one thing to stop doing" in page
    assert hidden.title not in page
    assert 'rel="alternate"' in page  # the stories app advertises this principle's feed
    assert client.get(reverse("goals:principles")).status_code == 200
    assert client.get(reverse("goals:principle", args=["no-such"])).status_code == 404
