"""Closing a board publishes its notes; the chapter's Slack or Teams channel hears of it, public items only."""

from __future__ import annotations

import datetime as dt

import pytest

from oneteam.chapters import services as chapter_services
from oneteam.chapters.models import WebhookDelivery
from oneteam.chapters.tests.fakes import fake_webhook  # noqa: F401  (the fixture)
from oneteam.leancoffee import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(global_chapter, organiser, fake_webhook):  # noqa: F811
    chapter_services.set_webhook(chapter=global_chapter, by=organiser, kind="slack", url=fake_webhook.url)
    return fake_webhook


def _discuss(board, organiser, seat, make_user, at_phase):
    me = seat(make_user(display_name="Ada Lovelace"))
    topic = services.propose_topic(board=board, by=me, title="Knowing who owns what")
    board = at_phase(board, "discussing")
    services.start_topic(board=board, by=organiser, topic=topic)
    services.add_capture(board=board, by=organiser, topic=topic, kind="insight", text="Nobody knows the owners")
    services.add_capture(board=board, by=organiser, topic=topic, kind="action", text="Map the owners of our services",
                         owner=me, due=dt.date(2030, 1, 31))
    services.add_capture(board=board, by=organiser, topic=topic, kind="action",
                         text="Raise the secret restructure with the director", private=True)
    return at_phase(board, "retrospective")


def test_closing_announces_the_public_notes_once(board, organiser, seat, make_user, at_phase, channel, committed):
    board = _discuss(board, organiser, seat, make_user, at_phase)
    assert channel.posts == []  # nothing before the notes are published
    with committed():
        services.set_phase(board=board, by=organiser, phase="closed")
    [text] = channel.texts()
    assert text.startswith("The notes of the lean coffee “Monthly lean coffee” are published: http")
    assert f"{board.event.get_absolute_url()}#lean-coffee" in text
    assert "Knowing who owns what" in text and "Map the owners of our services" in text
    assert "secret restructure" not in text  # private items stay with the facilitators
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SENT


def test_a_draft_events_board_is_never_announced(organiser, make_event, make_user, channel, committed):
    from oneteam.events.models import Event

    event = make_event(title="Private planning", status=Event.Status.DRAFT, published_at=None)
    board = services.create_board(by=organiser, event=event)
    for phase in ("voting", "discussing", "retrospective"):
        board = services.set_phase(board=board, by=organiser, phase=phase)
    with committed():
        services.set_phase(board=board, by=organiser, phase="closed")
    assert channel.posts == [] and not WebhookDelivery.objects.exists()


def test_without_a_channel_closing_still_works(board, organiser, at_phase, fake_webhook, committed):  # noqa: F811
    with committed():
        board = at_phase(board, "closed")
    assert board.is_closed and fake_webhook.posts == []


def test_replaying_a_past_board_announces_nothing(board, organiser, seat, make_user, at_phase, channel, committed):
    board = _discuss(board, organiser, seat, make_user, at_phase)
    with committed():
        services.set_phase(board=board, by=organiser, phase="closed", announce_notes=False)
    assert channel.posts == [] and not WebhookDelivery.objects.exists()
