"""Signing in and out."""

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.mark.django_db
def test_sign_in_goes_to_your_profile(client, make_user):
    user = make_user(email="kofi@example.org", display_name="Kofi")
    response = client.post(reverse("account_login"), {"login": "KOFI@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:me")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "You are signed in as Kofi." in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_shows_the_error_summary_and_keeps_the_address(client, make_user):
    make_user(email="kofi@example.org")
    response = client.post(reverse("account_login"), {"login": "kofi@example.org", "password": "not it at all"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'value="kofi@example.org"' in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_empty_sign_in_form_names_both_fields(client):
    html = client.post(reverse("account_login"), {}).content.decode()
    assert 'href="#id_login"' in html and 'href="#id_password"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_an_unconfirmed_address_cannot_sign_in_yet(client, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(email="new@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_asks_first_then_signs_out_with_a_post(client, make_user):
    client.force_login(make_user())
    page = client.get(reverse("account_logout"))
    html = page.content.decode()
    assert page.status_code == 200 and 'method="post"' in html and "Sign out" in html
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_that_need_you_send_you_to_sign_in(client):
    for name in ("people:me", "people:edit", "people:tokens", "people:organisation_create"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
