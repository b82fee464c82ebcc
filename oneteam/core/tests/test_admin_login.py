"""The admin signs people in through allauth, never through a password form of its own."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def staff(make_user):
    return make_user(email="admin@example.org", password=PASSWORD, is_staff=True, is_superuser=True)


def test_the_admin_login_page_leads_to_allauths_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("account_login")
    assert "next=/admin/" in target.query.replace("%2F", "/")

    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert [t.name for t in page.templates][0] == "account/login.html"
    assert "this_is_the_login_form" not in page.content.decode()  # the admin's own form


def test_posting_a_password_to_the_admin_login_signs_nobody_in(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_staff_signed_in_through_allauth_reach_the_admin(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code == 302  # already in: on to the admin index
    assert urlsplit(client.get("/admin/login/")["Location"]).path == "/admin/"


def test_people_who_are_not_staff_are_refused(client, make_user):
    client.force_login(make_user())
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/", follow=True).status_code == 403
