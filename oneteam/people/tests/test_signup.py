"""Creating an account: the e-mail, the confirmation and the errors."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from oneteam.people.models import User

SIGNUP = {
    "display_name": "Amira Haddad",
    "email": "Amira@Example.org",
    "password1": "lantern orchard velvet",
    "password2": "lantern orchard velvet",
}


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_sign_up_sends_a_link_that_confirms_with_a_post_and_signs_in(client):
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert "Check your e-mail" in response.content.decode()
    user = User.objects.get(email="amira@example.org")
    assert user.display_name == "Amira Haddad"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amira@example.org"]
    assert message.subject == "[OneTeam] Confirm your e-mail address"
    link = confirmation_link(message)

    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirm my e-mail address" in html and 'method="post"' in html
    assert not EmailAddress.objects.get(user=user).verified, "a GET must not confirm"

    done = client.post(link, follow=True)
    assert done.redirect_chain[-1][0] == reverse("people:me")
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Your profile" in done.content.decode()


@pytest.mark.django_db
def test_a_second_sign_up_with_the_same_address_makes_no_account_and_tells_the_owner(client, make_user):
    make_user(email="taken@example.org", display_name="First owner")
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "TAKEN@example.org"}, follow=True)
    # No error on the page (that would tell a stranger who has an account); the owner is told by e-mail.
    assert response.status_code == 200
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert User.objects.get(email="taken@example.org").display_name == "First owner"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[OneTeam] You already have an account"
    assert "/accounts/confirm-email/" not in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_empty_form_shows_the_error_summary_and_creates_nothing(client):
    response = client.post(reverse("account_signup"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_display_name"' in html and "Enter your name" in html
    assert 'href="#id_email"' in html
    assert "govuk-form-group--error" in html
    assert "<title>Create an account – Error – OneTeam</title>" in html
    assert User.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {**SIGNUP, "display_name": "<script>alert(1)</script>", "password2": "something else entirely"},
    )
    html = response.content.decode()
    assert "Remove the &lt; and &gt; characters" in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="Amira@Example.org"' in html
    assert User.objects.count() == 0


def test_sign_up_page_is_ours(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert html.count("<h1") == 1
    assert "govuk-header" in html or "govuk-generic-header" in html
    for label in ("Your name", "E-mail address", "Create a password", "Type the password again"):
        assert label in html
    assert "placeholder" not in html
    assert html.index("id_display_name") < html.index("id_email")
