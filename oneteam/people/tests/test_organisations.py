"""Listing, viewing and adding organisations."""

import pytest
from django.urls import reverse

from oneteam.people.models import Organisation


@pytest.fixture
def organisations(db):
    return [
        Organisation.objects.create(name="Bristol City Council", slug="bristol-city-council", kind="council", country="GB"),
        Organisation.objects.create(name="Digital Agency", slug="digital-agency", kind="agency", country="EE"),
        Organisation.objects.create(name="Food Charity", slug="food-charity", kind="charity", country="GB"),
    ]


def test_list_filters_by_type_and_country(client, organisations):
    html = client.get(reverse("people:organisations")).content.decode()
    assert all(o.name in html for o in organisations)
    html = client.get(reverse("people:organisations"), {"kind": "council"}).content.decode()
    assert "Bristol City Council" in html and "Digital Agency" not in html and "Food Charity" not in html
    html = client.get(reverse("people:organisations"), {"country": "GB"}).content.decode()
    assert "Bristol City Council" in html and "Food Charity" in html and "Digital Agency" not in html
    html = client.get(reverse("people:organisations"), {"kind": "charity", "country": "EE"}).content.decode()
    assert "No organisations match the filter." in html


def test_a_nonsense_filter_is_reported_not_crashed(client, organisations):
    response = client.get(reverse("people:organisations"), {"kind": "<b>x</b>"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_detail_lists_only_public_people_who_show_it(client, organisations, make_user):
    council = organisations[0]
    make_user(display_name="Open Olu", organisation=council, profile_public=True)
    make_user(display_name="Private Pat", organisation=council, profile_public=False)
    make_user(display_name="Discreet Dee", organisation=council, profile_public=True, show_organisation=False)
    html = client.get(reverse("people:organisation", args=[council.slug])).content.decode()
    assert "Open Olu" in html
    assert "Private Pat" not in html and "Discreet Dee" not in html
    assert client.get(reverse("people:organisation", args=["no-such-body"])).status_code == 404


def test_signed_in_people_add_an_organisation_with_a_unique_slug(client, organisations, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("people:organisation_create"),
        {"name": "Bristol City Council", "kind": "council", "country": "US", "website": "https://bristol.example"},
        follow=True,
    )
    created = Organisation.objects.get(name="Bristol City Council", country="US")
    assert created.slug == "bristol-city-council-us"
    assert response.redirect_chain[-1][0] == reverse("people:organisation", args=[created.slug])
    assert "Bristol City Council has been added." in response.content.decode()

    client.post(reverse("people:organisation_create"), {"name": "Bristol  City Council", "kind": "council", "country": ""})
    assert Organisation.objects.get(name="Bristol City Council", country="").slug == "bristol-city-council-2"


def test_the_same_name_in_the_same_country_is_refused_clearly(client, organisations, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("people:organisation_create"), {"name": "bristol city council", "kind": "council", "country": "GB"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "bristol city council is already listed in United Kingdom" in html
    assert Organisation.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the name of the organisation"),
        ({"name": "Fine"}, "Select the type of organisation"),
        ({"name": "x" * 201, "kind": "other"}, "Name must be 200 characters or fewer"),
        ({"name": "Fine", "kind": "galaxy"}, "Select a valid choice"),
        ({"name": "Fine", "kind": "other", "website": "not a web address"}, "Enter the website as a full address"),
        ({"name": "<script>x</script>", "kind": "other"}, "Remove the &lt; and &gt; characters"),
    ],
)
def test_bad_organisations_are_refused(client, make_user, data, message):
    client.force_login(make_user())
    html = client.post(reverse("people:organisation_create"), data).content.decode()
    assert message in html
    assert Organisation.objects.count() == 0
