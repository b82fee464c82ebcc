"""The board's pages render in every phase, for organisers, members and visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Board

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("phase", Board.Phase.values)
def test_board_renders_in_every_phase(client, board, organiser, make_user, seat, at_phase, phase):
    member = make_user()
    topic = services.propose_topic(board=board, by=seat(member), title="Sharing what we work on")
    board = at_phase(board, phase)
    if phase == "discussing":
        services.start_topic(board=board, by=organiser, topic=topic)
    for who in (None, member, organiser):
        if who:
            client.force_login(who)
        else:
            client.logout()
        response = client.get(board.get_absolute_url())
        assert response.status_code == 200
        assert "Sharing what we work on" in response.content.decode()
        assert client.get(reverse("leancoffee:projector", args=[board.slug])).status_code == 200


def test_a_chapter_page_lists_its_standalone_boards(client, organiser, global_chapter):
    board = services.create_board(by=organiser, chapter=global_chapter, title="Friday lean coffee")
    page = client.get(global_chapter.get_absolute_url()).content.decode()
    assert "Friday lean coffee" in page and board.get_absolute_url() in page
    assert "Start a lean coffee board" not in page
    client.force_login(organiser)
    assert "Start a lean coffee board" in client.get(global_chapter.get_absolute_url()).content.decode()


def test_a_member_cannot_start_a_board(client, make_user, global_chapter, make_event):
    client.force_login(make_user())
    assert client.get(reverse("leancoffee:create_for_chapter", args=[global_chapter.slug])).status_code == 403
    assert client.get(reverse("leancoffee:create_for_event", args=[make_event().slug])).status_code == 403
