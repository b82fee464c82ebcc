"""The register's API: list, search, read, similar projects, and register or change a
project with a personal token; 4xx with a reason on bad input."""

import pytest

from oneteam.people.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(make_user):
    person = make_user(display_name="Tess Token")
    return person, ApiToken.issue(user=person, name="test")[1]


def test_list_read_and_similar(client, make_project, other_organisation):
    first = make_project()
    second = make_project(title="Digital skills for pensioners", organisation=other_organisation,
                          summary="Volunteers teach older residents to use tablets and video calls.")
    listing = client.get("/api/projects").json()
    assert listing["count"] == 2 and {item["slug"] for item in listing["items"]} == {first.slug, second.slug}
    detail = client.get(f"/api/projects/{first.slug}").json()
    assert detail["organisation"] == "Hackney Council" and detail["responsible"]
    similar = client.get(f"/api/projects/{first.slug}/similar").json()
    assert similar[0]["project"]["slug"] == second.slug and similar[0]["score"] > 0
    found = client.get("/api/projects", {"q": "tablets for pensioners", "country": "GB"}).json()
    assert found["items"][0]["slug"] in {first.slug, second.slug}


def test_register_and_change_with_a_token(client, token, organisation):
    person, raw = token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    created = client.post("/api/projects", {"title": "Pothole map", "summary": "Residents pin potholes.",
                                            "organisation": organisation.slug, "phase": "alpha",
                                            "themes": ["roads"]}, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["responsible"] == ["Tess Token"]
    changed = client.patch(f"/api/projects/{slug}", {"phase": "beta"}, content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["phase"] == "beta"


def test_bad_input_is_refused_with_a_reason(client, token, organisation, make_project):
    _person, raw = token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    unknown = client.post("/api/projects", {"title": "X", "summary": "Y", "organisation": "atlantis"},
                          content_type="application/json", **auth)
    assert unknown.status_code == 404 and "organisation" in unknown.json()["detail"]
    backwards = client.post("/api/projects", {"title": "X", "summary": "Y", "organisation": organisation.slug,
                                              "start_date": "2026-05-01", "end_date": "2026-04-01"},
                            content_type="application/json", **auth)
    assert backwards.status_code == 409 and "end date" in backwards.json()["detail"]
    phase = client.post("/api/projects", {"title": "X", "summary": "Y", "organisation": organisation.slug,
                                          "phase": "finished"}, content_type="application/json", **auth)
    assert phase.status_code == 422 and "phase" in phase.json()["detail"]
    empty = client.post("/api/projects", {"title": "", "summary": "Y", "organisation": organisation.slug},
                        content_type="application/json", **auth)
    assert empty.status_code == 422
    assert client.post("/api/projects", {}, content_type="application/json").status_code == 401
    someone_elses = make_project()
    refused = client.patch(f"/api/projects/{someone_elses.slug}", {"phase": "live"},
                           content_type="application/json", **auth)
    assert refused.status_code == 403
    assert client.get("/api/projects?phase=finished").status_code == 422
    assert client.get("/api/projects/no-such-project").status_code == 404


def test_control_characters_are_refused_in_a_query_and_a_body(client, token, organisation):
    """PostgreSQL refuses a null character in any query: it is refused first, naming each value."""
    response = client.get("/api/projects", {"q": "roads", "organisation": "a\x00", "theme": "b\x00"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == ("Some values were refused: organisation: must not contain control characters; "
                              "theme: must not contain control characters.")
    assert [e["loc"] for e in body["errors"]] == [["query", "organisation"], ["query", "theme"]]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token[1]}"}
    response = client.post("/api/projects", {"title": "Pothole\x00map", "summary": "Residents pin potholes.",
                                             "organisation": organisation.slug, "themes": ["roads", "\x00"]},
                           content_type="application/json", **auth)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "title"], ["body", "themes"]]
    assert "title: must not contain control characters" in response.json()["detail"]
    assert client.get("/api/projects").json()["count"] == 0
    # A search drops them instead: they can match nothing.
    assert client.get("/api/projects", {"q": "roads\x00"}).status_code == 200
