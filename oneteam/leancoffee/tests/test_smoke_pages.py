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
