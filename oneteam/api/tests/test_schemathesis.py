"""Schemathesis throws generated requests at every operation: no answer may be a server error,
and every answer must match what the OpenAPI description promises."""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from oneteam.chapters.models import Chapter, Membership
from oneteam.people.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

# Path parameters of records that exist in this test's database, filled in by
# the ``api_data`` fixture, so that generated requests also reach real data.
KNOWN: dict[str, dict] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    known = KNOWN.get(context.operation.path)
    if not known:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**path_parameters, **known}])


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, which would close the database
    connection holding this test's transaction; Django's test client avoids
    that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(keep_test_connection, make_user, make_event, global_chapter):
    local = Chapter.objects.create(
        name="Bristol", slug="bristol", level=Chapter.Level.LOCAL, parent=global_chapter, country="GB",
    )
    organiser = make_user(display_name="Jo Organiser", profile_public=True, country="GB", skills="Facilitation")
    Membership.objects.create(chapter=local, user=organiser, role=Membership.Role.ORGANISER)
    event = make_event(chapter=local, slug="bristol-lean-coffee", capacity=1)
    make_event(chapter=local, start=timezone.now() - dt.timedelta(days=2))
    _token, raw = ApiToken.issue(make_user(), "Schemathesis")
    KNOWN.update({
        "/chapters/{slug}": {"slug": local.slug},
        "/events/{slug}": {"slug": event.slug},
        "/events/{slug}/registration": {"slug": event.slug},
        "/people/{id}": {"id": organiser.pk},
    })
    yield {"Authorization": f"Bearer {raw}"}
    KNOWN.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case, api_data):
    response = case.call_and_validate(headers=api_data)
    assert response.status_code < 500
