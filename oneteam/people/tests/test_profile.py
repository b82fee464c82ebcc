"""Your own profile, changing it, and what the public profile shows."""

import pytest
from django.urls import reverse

from oneteam.people.models import Organisation, User
from oneteam.people.selectors import public_profile

GOOD = {
    "display_name": "Sunita Rao",
    "organisation": "",
    "profession": "User researcher",
    "country": "GB",
    "languages": "English, Hindi",
    "skills": "interviews, usability testing",
    "contact_preference": "in_person",
    "contact_notes": "Tuesdays are best",
    "digest_frequency": "daily",
    "is_free_agent": "on",
    "free_agent_skills": "discovery research",
    "free_agent_days_per_month": "2",
    "profile_public": "on",
    "show_organisation": "on",
    "show_profession": "on",
    "show_country": "on",
    "show_skills": "on",
    "show_free_agent": "on",
}


@pytest.fixture
def council(db):
    return Organisation.objects.create(name="Leeds City Council", slug="leeds-city-council", kind="council", country="GB")


@pytest.mark.django_db
def test_edit_saves_every_answer(client, make_user, council):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("people:edit"), {**GOOD, "organisation": council.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:me")
    assert "Your profile has been saved." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Sunita Rao"
    assert user.organisation == council
    assert user.country.code == "GB"
    assert user.contact_preference == "in_person"
    assert user.digest_frequency == "daily"
    assert user.is_free_agent and user.free_agent_days_per_month == 2
    assert user.profile_public


@pytest.mark.django_db
def test_organisation_can_be_left_empty(client, make_user, council):
    user = make_user(organisation=council)
    client.force_login(user)
    client.post(reverse("people:edit"), GOOD)
    user.refresh_from_db()
    assert user.organisation is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("free_agent_days_per_month", "32", "Days available each month must be 31 or fewer"),
        ("free_agent_days_per_month", "-1", "Days available each month must be 0 or more"),
        ("free_agent_days_per_month", "two", "whole number"),
        ("profession", "x" * 121, "Profession or role must be 120 characters or fewer (you typed 121)"),
        ("skills", "y" * 501, "Skills must be 500 characters or fewer"),
        ("display_name", "", "Enter your name"),
        ("display_name", "<script>alert(1)</script>", "Remove the &lt; and &gt; characters"),
        ("free_agent_skills", "", "Enter the skills you offer as a free agent"),
        ("digest_frequency", "hourly", "Select a valid choice"),
        ("organisation", "999999", "Select a valid choice"),
    ],
)
@pytest.mark.django_db
def test_bad_input_keeps_the_input_and_changes_nothing(client, make_user, field, value, message):
    user = make_user(display_name="Before", profession="Before")
    client.force_login(user)
    before = User.objects.filter(pk=user.pk).values().get()
    data = {**GOOD, "profession": "Typed this", field: value}
    response = client.post(reverse("people:edit"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    if field != "profession":
        assert 'value="Typed this"' in html
    assert User.objects.filter(pk=user.pk).values().get() == before
    # The header still shows the saved name, not the rejected one.
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_your_overview_says_what_is_public(client, make_user):
    user = make_user(display_name="Sunita", profile_public=True, show_profession=False, profession="Analyst")
    client.force_login(user)
    html = client.get(reverse("people:me")).content.decode()
    assert "Your public profile is on" in html
    assert user.email in html  # you see your own address
    assert "Only you" in html and "Public" in html
    assert reverse("people:edit") in html and reverse("people:tokens") in html


@pytest.mark.django_db
def test_your_overview_points_to_the_calendar_feed(client, make_user):
    user = make_user()
    client.force_login(user)
    html = client.get(reverse("people:me")).content.decode()
    assert reverse("events:mine") + "#calendar-feed" in html


@pytest.mark.django_db
def test_only_a_hash_of_the_calendar_secret_is_stored(make_user, calendar_token):
    import hashlib

    user = make_user()
    raw = calendar_token(user)
    user.refresh_from_db()
    assert user.calendar_token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {str(getattr(user, f.attname)) for f in user._meta.concrete_fields}


@pytest.mark.django_db
def test_hidden_fields_never_appear_on_the_public_profile(client, make_user, council):
    person = make_user(
        email="private.person@example.org",
        display_name="Jonas Berg",
        organisation=council,
        profession="Secret profession",
        country="SE",
        languages="Swedish",
        skills="Hidden skill",
        contact_notes="Hidden note",
        is_free_agent=True,
        free_agent_skills="Hidden offer",
        free_agent_days_per_month=3,
        profile_public=True,
        show_organisation=False,
        show_profession=False,
        show_country=False,
        show_skills=False,
        show_free_agent=False,
    )
    stranger = make_user()
    client.force_login(stranger)
    html = client.get(reverse("people:profile", args=[person.pk])).content.decode()
    assert "Jonas Berg" in html
    for secret in ("private.person", "Leeds City Council", "Secret profession", "Sweden", "Swedish",
                   "Hidden skill", "Hidden note", "Hidden offer", "free agent"):
        assert secret not in html, secret
    assert public_profile(person) == {
        "display_name": "Jonas Berg", "organisation": None, "organisation_url": None, "profession": None,
        "country": None, "country_name": None, "languages": [], "skills": [], "free_agent": None,
        "url": reverse("people:profile", args=[person.pk]),
    }


@pytest.mark.django_db
def test_shown_fields_appear_and_the_e_mail_never_does(client, make_user, council):
    person = make_user(
        email="shown.person@example.org", display_name="Ana Silva", organisation=council, profession="Designer",
        country="PT", languages="Portuguese, English", skills="service design", is_free_agent=True,
        free_agent_skills="prototyping", free_agent_days_per_month=4, profile_public=True,
    )
    html = client.get(reverse("people:profile", args=[person.pk])).content.decode()
    for shown in ("Ana Silva", "Leeds City Council", "Designer", "Portugal", "Portuguese", "service design",
                  "prototyping", "4 days a month"):
        assert shown in html, shown
    assert "shown.person" not in html
    data = public_profile(person)
    assert data["country"] == "PT" and data["languages"] == ["Portuguese", "English"]
    assert data["free_agent"] == {"skills": ["prototyping"], "days_per_month": 4}


@pytest.mark.django_db
def test_a_private_profile_is_404_for_others_but_visible_to_you(client, make_user):
    person = make_user(display_name="Quiet Person", profile_public=False)
    url = reverse("people:profile", args=[person.pk])
    assert client.get(url).status_code == 404
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    assert "only you can see this page" in response.content.decode()
    assert client.get(reverse("people:profile", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_an_empty_form_is_refused(client, make_user):
    user = make_user(display_name="Kept")
    client.force_login(user)
    html = client.post(reverse("people:edit"), {}).content.decode()
    assert "There is a problem" in html and 'href="#id_display_name"' in html
    user.refresh_from_db()
    assert user.display_name == "Kept"
