"""Registering a project: the form, the similar projects before saving (a step without
JavaScript, a JSON endpoint for the live list), and the page it makes."""

import pytest
from django.urls import reverse

from oneteam.work.models import ChecklistStep, Project

pytestmark = pytest.mark.django_db

PARAPHRASE = {
    "title": "Digital skills support for pensioners",
    "summary": "Volunteers teach older residents to use tablets and video calls in library drop-in sessions.",
    "phase": "discovery",
    "visibility": "public",
    "themes": "older people, digital inclusion",
    "role": "Service designer",
}


def test_a_new_project_paraphrasing_another_sees_it_before_saving(client, make_user, make_project,
                                                                  other_organisation):
    existing = make_project()
    person = make_user()
    client.force_login(person)
    form = {**PARAPHRASE, "organisation": other_organisation.pk}

    step = client.post(reverse("work:register"), form)
    assert step.status_code == 200
    assert "Similar projects already exist" in step.text
    assert existing.title in step.text
    assert not Project.objects.filter(title=PARAPHRASE["title"]).exists()

    saved = client.post(reverse("work:register"), {**form, "seen_similar": "on"})
    project = Project.objects.get(title=PARAPHRASE["title"])
    assert saved.status_code == 302 and saved["Location"] == project.get_absolute_url()
    assert project.people.get().user == person
    assert sorted(t.name for t in project.themes.all()) == ["digital inclusion", "older people"]
    page = client.get(project.get_absolute_url())
    assert "Service designer" in page.text and "Responsible" in page.text
    assert existing.title in page.text  # similar projects on the new page


def test_a_project_unlike_any_other_is_saved_straight_away(client, make_user, organisation):
    client.force_login(make_user())
    response = client.post(reverse("work:register"), {
        "title": "Pothole reporting map", "summary": "Residents pin potholes on a map for road crews.",
        "organisation": organisation.pk, "phase": "alpha", "visibility": "public",
    })
    assert response.status_code == 302
    project = Project.objects.get()
    assert ChecklistStep.objects.filter(project=project, kind="startup").count() == 5


def test_the_form_says_what_is_missing(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("work:register"), {"title": "", "summary": ""})
    assert "Enter the project&#x27;s title" in response.text or "Enter the project's title" in response.text
    assert "Describe what the project does" in response.text
    assert "Select the organisation that runs the project" in response.text


def test_end_before_start_is_refused(client, make_user, organisation):
    client.force_login(make_user())
    response = client.post(reverse("work:register"), {
        "title": "Bins", "summary": "Collecting bins.", "organisation": organisation.pk, "phase": "idea",
        "visibility": "public", "start_date": "2026-05-01", "end_date": "2026-04-01",
    })
    assert "The end date must be the same as or after the start date" in response.text
    assert not Project.objects.exists()


def test_registering_needs_an_account(client):
    response = client.get(reverse("work:register"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_similar_while_typing_answers_json(client, make_project):
    existing = make_project()
    response = client.get(reverse("work:similar_json"), {"text": "tablets and video calls for pensioners"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["similar"]]
    assert titles[0] == existing.title


def test_the_register_page_loads_its_script_from_a_file(client, make_user):
    client.force_login(make_user())
    page = client.get(reverse("work:register"))
    assert 'src="/static/work/similar.js"' in page.text
    assert "<script>" not in page.text


def test_the_list_filters_by_phase_country_and_organisation_newest_first(client, make_project, organisation):
    from oneteam.people.models import Organisation

    oslo = Organisation.objects.create(name="Oslo kommune", slug="oslo-kommune", kind="council", country="NO")
    older = make_project(title="Beta in Hackney, older", phase="beta")
    newer = make_project(title="Beta in Hackney, newer", phase="beta")
    make_project(title="Alpha in Hackney", phase="alpha")
    make_project(title="Beta in Oslo", phase="beta", organisation=oslo)

    def titles(**query):
        page = client.get(reverse("work:list"), query).text
        return [title for title in ("Beta in Hackney, newer", "Beta in Hackney, older", "Alpha in Hackney",
                                    "Beta in Oslo") if title in page], page

    shown, page = titles(phase="beta", country="gb")
    assert shown == ["Beta in Hackney, newer", "Beta in Hackney, older"]
    assert page.index(newer.title) < page.index(older.title)  # most recently changed first
    assert titles(phase="beta", country="NO")[0] == ["Beta in Oslo"]
    assert titles(country="NO", organisation="hackney-council")[0] == []
    assert titles(organisation="hackney-council")[0] == ["Beta in Hackney, newer", "Beta in Hackney, older",
                                                         "Alpha in Hackney"]
    assert titles(country="SE")[0] == []  # a country with no organisations: nothing, not everything


def test_a_filtered_search_ranks_inside_the_filter(client, make_project, organisation, monkeypatch):
    """The best matches of the whole register may all fail the filters; the search must still
    find the matching projects that pass them, best first."""
    from oneteam.people.models import Organisation
    from oneteam.work import selectors

    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)  # a tiny register with the big one's proportions
    oslo = Organisation.objects.create(name="Oslo kommune", slug="oslo-kommune", kind="council", country="NO")
    for n in range(4):  # the register's best matches for the words, all in Hackney
        make_project(title=f"Bin collection rounds planned by data {n}", phase="beta",
                     summary="Planning bin collection rounds from sensor data so lorries skip empty bins.")
    make_project(title="Smarter bin collection in Oslo", phase="beta", organisation=oslo,
                 summary="Sensors in public bins tell the collection crews which ones are full.")
    make_project(title="Library opening hours", phase="beta", organisation=oslo,
                 summary="Staffless opening hours for branch libraries in the evenings.")

    page = client.get(reverse("work:list"), {"q": "bin collection rounds", "country": "NO", "phase": "beta"}).text
    assert "Smarter bin collection in Oslo" in page
    assert "Bin collection rounds planned by data" not in page  # the filter still holds
    everywhere = client.get(reverse("work:list"), {"q": "bin collection rounds"}).text
    assert "Smarter bin collection in Oslo" not in everywhere  # without the filter, the three best are Hackney's


def test_the_filter_menus_offer_what_is_in_use_and_mark_the_chosen_values(client, make_project, organisation):
    from oneteam.people.models import Organisation

    Organisation.objects.create(name="Unused & idle", slug="unused", kind="council", country="SE")
    oslo = Organisation.objects.create(name="Bergen & Oslo <test>", slug="bergen-oslo", kind="council", country="NO")
    make_project(title="Beta in Hackney", phase="beta", themes=["Older people"])
    make_project(title="Beta in Oslo", phase="beta", organisation=oslo)

    page = client.get(reverse("work:list"), {"phase": "beta", "country": "NO", "organisation": "bergen-oslo",
                                             "theme": "older-people"}).text
    assert '<option value="beta" selected>Beta</option>' in page
    assert '<option value="alpha">Alpha</option>' in page
    assert '<option value="bergen-oslo" selected>Bergen &amp; Oslo &lt;test&gt;</option>' in page
    assert '<option value="hackney-council">Hackney Council</option>' in page
    assert '<option value="older-people" selected>Older people</option>' in page
    assert '<option value="NO" selected>Norway</option>' in page
    assert '<option value="GB">United Kingdom</option>' in page
    assert "unused" not in page and "Sweden" not in page  # only organisations (and countries) in use
