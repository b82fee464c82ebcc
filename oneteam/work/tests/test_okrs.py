"""Objectives and key results, with progress drawn (SVG) and the same figures in a table."""

import pytest
from django.urls import reverse

from oneteam.work.models import KeyResult

pytestmark = pytest.mark.django_db


def test_a_team_adds_an_objective_and_key_result_and_records_progress(client, make_user, make_project):
    owner = make_user()
    project = make_project(by=owner)
    client.force_login(owner)
    client.post(reverse("work:add_objective", args=[project.slug]), {"title": "More residents online"})
    objective = project.objectives.get()
    response = client.post(reverse("work:add_key_result", args=[project.slug, objective.pk]),
                           {"title": "Residents helped", "start_value": "0", "target": "200", "unit": "people"})
    assert response.status_code == 302
    result = KeyResult.objects.get()
    client.post(reverse("work:record_progress", args=[project.slug, result.pk]), {"current": "50"})
    result.refresh_from_db()
    assert result.progress == 25
    page = client.get(project.get_absolute_url()).text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img"' in page
    assert "Progress towards: More residents online" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">25%</td>' in page


def test_a_target_equal_to_the_start_is_refused(client, make_user, make_project):
    owner = make_user()
    project = make_project(by=owner)
    client.force_login(owner)
    client.post(reverse("work:add_objective", args=[project.slug]), {"title": "Objective"})
    objective = project.objectives.get()
    page = client.post(reverse("work:add_key_result", args=[project.slug, objective.pk]),
                       {"title": "Flat", "start_value": "5", "target": "5"})
    assert "The target must differ from the starting value" in page.text


def test_progress_is_capped_between_0_and_100():
    assert KeyResult(start_value=10, target=0, current=-5).progress == 100
    assert KeyResult(start_value=0, target=10, current=-5).progress == 0


def test_only_the_team_changes_objectives(client, make_user, make_project):
    project = make_project()
    client.force_login(make_user())
    assert client.post(reverse("work:add_objective", args=[project.slug]), {"title": "X"}).status_code == 403
    page = client.get(project.get_absolute_url()).text
    assert "Add an objective" not in page
