"""Guests join with the link or the short code and a name, within the same vote limits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Participant, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_board(board, organiser):
    return services.update_board(board=board, by=organiser, guests_allowed=True)


def test_a_guest_joins_with_the_code_and_takes_part(client, open_board, at_phase):
    response = client.post(reverse("leancoffee:join"), {"code": open_board.join_code.lower()})
    assert response["Location"] == reverse("leancoffee:join_code", args=[open_board.join_code])
    response = client.post(response["Location"], {"name": "  Gwen  "}, follow=True)
    assert "Welcome, Gwen." in response.content.decode()
    client.post(reverse("leancoffee:propose", args=[open_board.slug]), {"title": "Guests welcome?"})
    guest = Participant.objects.get(guest_name="Gwen")
    assert guest.user is None and guest.topics.get().title == "Guests welcome?"
    board = at_phase(open_board, "voting")
    topic = guest.topics.get()
    for _ in range(4):
        response = client.post(reverse("leancoffee:vote", args=[board.slug, topic.pk]), follow=True)
    assert "You have used all your votes" in response.content.decode()
    assert Vote.objects.filter(participant=guest).count() == 3
    assert "Gwen (guest)" in response.content.decode()


def test_a_wrong_code_says_so(client, open_board):
    response = client.post(reverse("leancoffee:join"), {"code": "NOPE00"})
    assert "No board has that code" in response.content.decode()


def test_guests_are_refused_when_the_board_does_not_take_them(client, board):
    page = client.get(reverse("leancoffee:join_code", args=[board.join_code])).content.decode()
    assert "This board does not take guests." in page
    response = client.post(reverse("leancoffee:join_code", args=[board.join_code]), {"name": "Gwen"})
    assert not Participant.objects.exists()
    assert response.status_code == 200


def test_closing_the_door_to_guests_stops_existing_guests(client, open_board, organiser):
    client.post(reverse("leancoffee:join_code", args=[open_board.join_code]), {"name": "Gwen"})
    services.update_board(board=open_board, by=organiser, guests_allowed=False)
    response = client.post(reverse("leancoffee:propose", args=[open_board.slug]), {"title": "Still here?"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_guest_needs_a_name(client, open_board):
    response = client.post(reverse("leancoffee:join_code", args=[open_board.join_code]), {"name": "   "})
    assert "Enter your name" in response.content.decode()


def test_co_facilitators_are_added_by_email(client, board, organiser, make_user):
    helper = make_user(email="helper@example.org", display_name="Hana Helper")
    client.force_login(organiser)
    response = client.post(reverse("leancoffee:facilitators", args=[board.slug]), {"email": "HELPER@example.org"},
                           follow=True)
    assert "Hana Helper now facilitates this board." in response.content.decode()
    client.force_login(helper)
    assert client.post(reverse("leancoffee:phase", args=[board.slug]), {"phase": "voting"}).status_code == 302
    board.refresh_from_db()
    assert board.is_voting


def test_removing_a_co_facilitator_who_is_not_there_changes_nothing(client, board, organiser, make_user):
    helper = make_user(email="helper@example.org", display_name="Hana Helper")
    client.force_login(organiser)
    client.post(reverse("leancoffee:facilitators", args=[board.slug]), {"email": "helper@example.org"})
    for value in ("not-a-number", ""):
        response = client.post(reverse("leancoffee:facilitators", args=[board.slug]), {"remove": value})
        assert response.status_code == 302
    assert list(board.facilitators.values_list("user", flat=True)) == [helper.pk]
    response = client.post(reverse("leancoffee:facilitators", args=[board.slug]), {"remove": helper.pk},
                           follow=True)
    assert "Hana Helper no longer facilitates this board." in response.content.decode()
