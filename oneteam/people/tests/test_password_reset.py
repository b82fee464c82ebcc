"""Forgotten passwords and changing a password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

NEW = "meadow copper lantern 7"


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_reset_by_e_mail_then_sign_in_with_the_new_password(client, make_user):
    user = make_user(email="lena@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "lena@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[OneTeam] Choose a new password"

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0]

    mismatch = client.post(action, {"password1": NEW, "password2": NEW + "x"})
    assert "There is a problem" in mismatch.content.decode()

    done = client.post(action, {"password1": NEW, "password2": NEW}, follow=True)
    assert "Your password has been changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_page_and_no_reset_link(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_an_empty_reset_form_shows_the_error_summary(client):
    html = client.post(reverse("account_reset_password"), {"email": ""}).content.decode()
    assert "There is a problem" in html and 'href="#id_email"' in html
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_broken_reset_link_says_so(client):
    response = client.get("/accounts/password/reset/key/zz-nonsense/", follow=True)
    assert "This link does not work" in response.content.decode()


@pytest.mark.django_db
def test_change_password_needs_the_current_one(client, make_user):
    user = make_user()
    client.force_login(user)
    wrong = client.post(
        reverse("account_change_password"), {"oldpassword": "not my password", "password1": NEW, "password2": NEW}
    )
    assert "There is a problem" in wrong.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct horse battery", "password1": NEW, "password2": NEW},
    )
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.django_db
def test_e_mail_management_page_uses_our_markup(client, make_user):
    client.force_login(make_user(email="lena@example.org"))
    html = client.get(reverse("account_email")).content.decode()
    assert "Your e-mail addresses" in html and "lena@example.org" in html
    assert "govuk-radios__input" in html and html.count("<h1") == 1
