"""Fixtures for the lean coffee tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def organiser(global_organiser):
    return global_organiser


@pytest.fixture
def board(organiser, make_event):
    from oneteam.leancoffee import services

    return services.create_board(by=organiser, event=make_event(title="Monthly lean coffee"))


@pytest.fixture
def seat(board):
    """The participant seat of a member on ``board`` (made as on their first action)."""
    from oneteam.leancoffee import services

    return lambda user, on=None: services.join_as_member(board=on or board, by=user)


@pytest.fixture
def at_phase(organiser):
    """Move a board along the phases to ``phase`` as the organiser would."""
    from oneteam.leancoffee import services
    from oneteam.leancoffee.models import Board

    order = [p for p in Board.Phase.values]

    def move(board, phase):
        board.refresh_from_db()
        while order.index(board.phase) < order.index(phase):
            board = services.set_phase(board=board, by=organiser, phase=order[order.index(board.phase) + 1])
        return board

    return move


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
