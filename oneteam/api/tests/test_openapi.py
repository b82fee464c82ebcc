"""The OpenAPI description and the interactive docs."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/chapters": {"get"},
    "/api/chapters/{slug}": {"get"},
    "/api/events": {"get"},
    "/api/events/{slug}": {"get"},
    "/api/events/{slug}/registration": {"get", "post", "delete"},
    "/api/health/chapters": {"get"},
    "/api/health/chapters/{slug}": {"get"},
    "/api/people/{id}": {"get"},
    "/api/principles": {"get"},
    "/api/goals": {"get"},
    "/api/goals/{slug}": {"get"},
    "/api/goals/{slug}/help": {"post"},
    "/api/microactions": {"get"},
    "/api/microactions/{slug}": {"get"},
    "/api/microactions/{slug}/commitment": {"post"},
    "/api/microactions/{slug}/done": {"post"},
    "/api/stories": {"get"},
    "/api/stories/{slug}": {"get"},
    "/api/unconferences": {"get"},
    "/api/unconferences/{slug}": {"get"},
    "/api/unconferences/{slug}/instance": {"get"},
    "/api/unconferences/{slug}/grid": {"get"},
    "/api/unconferences/{slug}/pitches/{pitch_id}/interest": {"put", "delete"},
    "/api/lean-coffee/{slug}": {"get"},
    "/api/lean-coffee/{slug}/topics": {"post"},
    "/api/lean-coffee/{slug}/topics/{topic_id}/votes": {"post", "delete"},
    "/api/projects": {"get", "post"},
    "/api/projects/{slug}": {"get", "patch"},
    "/api/projects/{slug}/similar": {"get"},
}


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_schema_names_the_api_and_lists_every_path(openapi):
    assert openapi["info"]["title"] == "OneTeam API"
    assert openapi["info"]["version"] == "1"
    assert {path: set(methods) for path, methods in openapi["paths"].items()} == PATHS


def test_every_operation_is_described_with_its_errors(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            where = f"{method.upper()} {path}"
            assert operation["summary"] and operation["description"], where
            errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
            assert errors, f"{where} documents no error"
            for code, response in errors.items():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                schema = openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]
                assert "detail" in schema["required"], f"{where} {code}"


def test_sign_up_documents_auth_and_conflicts(openapi):
    post = openapi["paths"]["/api/events/{slug}/registration"]["post"]
    assert {"201", "401", "404", "409", "422"} <= set(post["responses"])
    assert post["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["scheme"] == "bearer"


def test_read_endpoints_need_no_authentication(openapi):
    for path in ("/api/chapters", "/api/chapters/{slug}", "/api/events", "/api/events/{slug}", "/api/people/{id}"):
        assert "security" not in openapi["paths"][path]["get"], path


def test_interactive_docs_are_served(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
