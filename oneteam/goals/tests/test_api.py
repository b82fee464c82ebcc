"""The goals and microactions API: the same rules and counts as the pages."""

import pytest

from oneteam.goals import services
from oneteam.goals.models import Commitment, Helper
from oneteam.people.models import ApiToken


@pytest.fixture
def token(make_user):
    person = make_user(display_name="Api Person")
    _token, raw = ApiToken.issue(person, "test")
    return person, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_goals_with_progress_and_helping(client, global_organiser, token, principles):
    person, auth = token
    goal = services.create_goal(by=global_organiser, title="Sustainable funding", why="y", first_action="z",
                                principles=[principles["take-practical-action"]])
    action = services.add_action(goal=goal, by=global_organiser, title="List funders")
    services.set_action_status(action=action, by=global_organiser, status="done")
    listing = client.get("/api/goals").json()
    assert listing["items"][0]["percent_done"] == 100
    assert listing["items"][0]["principles"] == ["take-practical-action"]
    assert client.post(f"/api/goals/{goal.slug}/help", {"action": action.pk}, content_type="application/json").status_code == 401
    response = client.post(f"/api/goals/{goal.slug}/help", {"action": action.pk}, content_type="application/json", **auth)
    assert response.status_code == 200
    assert Helper.objects.filter(user=person, action=action).exists()
    detail = client.get(f"/api/goals/{goal.slug}").json()
    assert detail["action_list"][0]["helpers"] == [{"id": person.pk, "name": "Api Person"}]
    assert client.post(f"/api/goals/{goal.slug}/help", {"action": 999999}, content_type="application/json",
                       **auth).status_code == 404


def test_commit_and_done_through_the_api(client, global_organiser, token, make_user):
    person, auth = token
    item = services.curate(microaction=services.suggest_microaction(by=make_user(), title="Say thank you"),
                           by=global_organiser, status="listed")
    hidden = services.suggest_microaction(by=make_user(), title="Not listed")
    assert client.get(f"/api/microactions/{hidden.slug}").status_code == 404
    assert client.post(f"/api/microactions/{item.slug}/done", content_type="application/json", **auth).status_code == 409
    assert client.post(f"/api/microactions/{item.slug}/commitment", **auth).status_code == 200
    response = client.post(f"/api/microactions/{item.slug}/done", {"note": "Done at the team meeting"},
                           content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["done_at"]
    assert Commitment.objects.get(user=person).note == "Done at the team meeting"
    public = client.get(f"/api/microactions/{item.slug}").json()
    assert (public["committed"], public["done"]) == (1, 1)
    assert "Done at the team meeting" not in client.get("/api/microactions").content.decode()
