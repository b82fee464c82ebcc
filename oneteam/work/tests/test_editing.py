"""Changing and deleting a project's dated updates, objectives and key results: the project's
team may, with GOV.UK error messages; nobody else may, and they see no links to try."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oneteam.work import services
from oneteam.work.models import KeyResult, Objective, ProjectUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(make_user, make_project):
    owner = make_user(display_name="Olu Owner")
    project = make_project(by=owner)
    update = services.post_update(project=project, by=owner, body="We ran the first drop-in at Dalston library.")
    objective = services.add_objective(project=project, by=owner, title="More residents online")
    result = services.add_key_result(objective=objective, by=owner, title="Residents helped",
                                     target=Decimal(200), unit="people")
    return owner, project, update, objective, result


def test_the_team_corrects_an_update_which_keeps_its_date_and_author(client, story):
    owner, project, update, _objective, _result = story
    client.force_login(owner)
    page = client.get(project.get_absolute_url()).text
    assert reverse("work:edit_update", args=[project.slug, update.pk]) in page
    form = client.get(reverse("work:edit_update", args=[project.slug, update.pk])).text
    assert "We ran the first drop-in at Dalston library." in form  # the old words, ready to correct
    response = client.post(reverse("work:edit_update", args=[project.slug, update.pk]),
                           {"body": "We ran the first drop-in at Hackney Central library."})
    assert response.status_code == 302 and response.url.endswith("#updates")
    changed = ProjectUpdate.objects.get(pk=update.pk)
    assert changed.created_at == update.created_at and changed.author == owner
    page = client.get(project.get_absolute_url()).text
    assert "Hackney Central library" in page and "Dalston" not in page


def test_an_empty_update_is_refused_with_an_error_summary(client, story):
    owner, project, update, _objective, _result = story
    client.force_login(owner)
    page = client.post(reverse("work:edit_update", args=[project.slug, update.pk]), {"body": "  "}).text
    assert "govuk-error-summary" in page and "Enter the update" in page
    assert ProjectUpdate.objects.get(pk=update.pk).body.startswith("We ran the first drop-in")


def test_deleting_an_update_asks_first_then_removes_it(client, story):
    owner, project, update, _objective, _result = story
    client.force_login(owner)
    address = reverse("work:delete_update", args=[project.slug, update.pk])
    question = client.get(address).text
    assert "Delete this update?" in question and "Dalston library" in question
    assert ProjectUpdate.objects.filter(pk=update.pk).exists()  # asking deletes nothing
    assert client.post(address).status_code == 302
    assert not ProjectUpdate.objects.filter(pk=update.pk).exists()
    assert "Dalston library" not in client.get(project.get_absolute_url()).text


def test_the_team_renames_an_objective_and_changes_a_key_result(client, story):
    owner, project, _update, objective, result = story
    services.record_progress(key_result=result, by=owner, current=Decimal(50))
    client.force_login(owner)
    client.post(reverse("work:edit_objective", args=[project.slug, objective.pk]),
                {"title": "Every older resident online"})
    form = client.get(reverse("work:edit_key_result", args=[project.slug, result.pk])).text
    assert 'value="Residents helped"' in form and 'value="50.00"' in form
    response = client.post(reverse("work:edit_key_result", args=[project.slug, result.pk]),
                           {"title": "Residents helped at home", "start_value": "0", "target": "100",
                            "current": "50", "unit": "people"})
    assert response.status_code == 302
    page = client.get(project.get_absolute_url()).text
    assert "Every older resident online" in page and "Residents helped at home" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">50%</td>' in page  # 50 of 100 now


def test_a_changed_key_result_must_still_have_a_target_apart_from_its_start(client, story):
    owner, project, _update, _objective, result = story
    client.force_login(owner)
    page = client.post(reverse("work:edit_key_result", args=[project.slug, result.pk]),
                       {"title": "Flat", "start_value": "7", "target": "7", "current": "7"}).text
    assert "govuk-error-summary" in page and "The target must differ from the starting value" in page
    assert KeyResult.objects.get(pk=result.pk).title == "Residents helped"
    page = client.post(reverse("work:edit_objective", args=[project.slug, result.objective_id]), {"title": ""}).text
    assert "govuk-error-summary" in page and "Enter the objective" in page


def test_deleting_an_objective_takes_its_key_results_and_deleting_a_key_result_leaves_the_objective(
        client, story):
    owner, project, _update, objective, result = story
    client.force_login(owner)
    other = services.add_key_result(objective=objective, by=owner, title="Sessions run", target=Decimal(20))
    question = client.get(reverse("work:delete_objective", args=[project.slug, objective.pk])).text
    assert "Its 2 key result(s) are deleted with it." in question
    client.post(reverse("work:delete_key_result", args=[project.slug, result.pk]))
    assert list(KeyResult.objects.values_list("title", flat=True)) == ["Sessions run"]
    assert Objective.objects.filter(pk=objective.pk).exists()
    client.post(reverse("work:delete_objective", args=[project.slug, objective.pk]))
    assert not Objective.objects.exists() and not KeyResult.objects.filter(pk=other.pk).exists()
    assert "More residents online" not in client.get(project.get_absolute_url()).text


def test_nobody_outside_the_team_changes_or_deletes(client, make_user, story):
    owner, project, update, objective, result = story
    stranger = make_user()
    client.force_login(stranger)
    page = client.get(project.get_absolute_url()).text
    assert reverse("work:edit_update", args=[project.slug, update.pk]) not in page
    assert reverse("work:delete_objective", args=[project.slug, objective.pk]) not in page
    assert reverse("work:edit_key_result", args=[project.slug, result.pk]) not in page
    for name, pk, data in (("edit_update", update.pk, {"body": "Vandalised"}), ("delete_update", update.pk, {}),
                           ("edit_objective", objective.pk, {"title": "Vandalised"}),
                           ("delete_objective", objective.pk, {}),
                           ("edit_key_result", result.pk, {"title": "V", "start_value": "0", "target": "1",
                                                           "current": "0"}),
                           ("delete_key_result", result.pk, {})):
        assert client.post(reverse(f"work:{name}", args=[project.slug, pk]), data).status_code == 403, name
    assert ProjectUpdate.objects.get(pk=update.pk).body.startswith("We ran")
    assert Objective.objects.get(pk=objective.pk).title == "More residents online"
    assert KeyResult.objects.get(pk=result.pk).title == "Residents helped"
    with pytest.raises(PermissionDenied):
        services.delete_update(update=update, by=stranger)
    with pytest.raises(PermissionDenied):
        services.edit_key_result(key_result=result, by=stranger, title="V", target=Decimal(1),
                                 start_value=Decimal(0))


def test_an_update_of_another_project_is_not_found_through_this_one(client, make_user, make_project, story):
    owner, project, update, _objective, _result = story
    mine = make_project(by=owner, title="Another project of mine")
    client.force_login(owner)
    assert client.post(reverse("work:delete_update", args=[mine.slug, update.pk])).status_code == 404
    assert ProjectUpdate.objects.filter(pk=update.pk).exists()
