"""Personal API tokens: created, shown once, stored hashed, revoked."""

import re

import pytest
from django.urls import reverse

from oneteam.people.models import ApiToken


def create(client, name="Dashboard"):
    return client.post(reverse("people:tokens"), {"name": name}, follow=True)


@pytest.mark.django_db
def test_a_new_token_is_shown_once_and_kept_out_of_the_url(client, make_user):
    user = make_user()
    client.force_login(user)
    response = create(client)
    final_url = response.redirect_chain[-1][0]
    assert final_url == reverse("people:tokens")
    raw = re.search(r'id="new-token">([^<]+)<', response.content.decode()).group(1)
    assert raw.startswith("ot_") and raw not in final_url

    token = ApiToken.objects.get(user=user)
    assert token.name == "Dashboard"
    assert token.token_hash == ApiToken.hash(raw) and raw not in token.token_hash

    again = client.get(reverse("people:tokens")).content.decode()
    assert raw not in again and "Dashboard" in again


@pytest.mark.django_db
def test_an_empty_or_overlong_name_is_refused(client, make_user):
    client.force_login(make_user())
    html = client.post(reverse("people:tokens"), {}).content.decode()
    assert "There is a problem" in html and "Enter a name for the token" in html
    html = client.post(reverse("people:tokens"), {"name": "n" * 81}).content.decode()
    assert "Token name must be 80 characters or fewer" in html
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_revoke_your_own_token_with_a_post(client, make_user):
    user = make_user()
    token, _raw = ApiToken.issue(user, "Old script")
    client.force_login(user)
    url = reverse("people:revoke_token", args=[token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "The token has been revoked." in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_someone_elses_token_cannot_be_revoked_or_seen(client, make_user):
    owner = make_user()
    token, _raw = ApiToken.issue(owner, "Owner's token")
    client.force_login(make_user())
    assert "Owner&#x27;s token" not in client.get(reverse("people:tokens")).content.decode()
    assert client.post(reverse("people:revoke_token", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
