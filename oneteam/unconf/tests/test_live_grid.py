"""The grid live on the day: every change to the grid is announced on its live channel, with nothing private."""

from __future__ import annotations

import json
import warnings
from unittest import mock

import pytest
from django.urls import reverse

from oneteam.core import live
from oneteam.unconf import services
from oneteam.unconf.models import GridRun, Unconference

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Secret reorganisation plan"


@pytest.fixture
def planned(unconference, rooms_and_slots, pitch_by, make_user, global_organiser, committed):
    """Four pitches with some interest, a generated grid; not yet published."""
    hosts = [make_user(display_name=f"Host {i}") for i in range(4)]
    pitches = [pitch_by(hosts[0], SECRET_TITLE)] + [pitch_by(hosts[i], f"Session {i}") for i in range(1, 4)]
    for person in [make_user() for _ in range(5)]:
        for pitch in pitches[:3]:
            services.mark_interest(pitch=pitch, by=person)
    with committed():
        run = services.request_generation(unconference=unconference, by=global_organiser, seconds=1)
    assert GridRun.objects.get(pk=run.pk).is_done
    return pitches


def _sent(send) -> list[tuple[str, dict, bytes]]:
    out = []
    for call in send.call_args_list:
        channel, _key, message = call.args
        out.append((channel, json.loads(message.split(b"data: ", 1)[1]), message))
    return out


def _body(response) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Django warns that it consumes the async stream synchronously
        return b"".join(response)


def test_publishing_moving_and_pinning_are_announced_with_the_new_version(
        unconference, planned, rooms_and_slots, global_organiser, committed):
    rooms, slots = rooms_and_slots
    with mock.patch.object(live, "_send") as send, committed():
        services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    [(channel, state, message)] = _sent(send)
    unconference.refresh_from_db()
    assert channel == unconference.channel == f"unconf.{unconference.pk}"
    assert state == {"v": unconference.grid_version, "published": True}
    assert message.startswith(f"id: {unconference.grid_version}\nevent: grid\n".encode())

    for change in (
        lambda: services.move_session(pitch=planned[3], by=global_organiser, room=rooms[1], slot=slots[2]),
        lambda: services.set_pinned(pitch=planned[1], by=global_organiser, pinned=True),
        lambda: services.unschedule(pitch=planned[2], by=global_organiser),
    ):
        before = Unconference.objects.get(pk=unconference.pk).grid_version
        with mock.patch.object(live, "_send") as send, committed():
            change()
        [(_channel, state, _message)] = _sent(send)
        assert state["v"] > before and state["v"] == Unconference.objects.get(pk=unconference.pk).grid_version


def test_a_new_generation_is_announced(unconference, planned, global_organiser, committed):
    with mock.patch.object(live, "_send") as send, committed():
        services.request_generation(unconference=unconference, by=global_organiser, seconds=1)
    states = [state for channel, state, _m in _sent(send) if channel == unconference.channel]
    assert states and states[-1]["v"] == Unconference.objects.get(pk=unconference.pk).grid_version


def test_a_refused_change_is_not_announced(unconference, planned, make_user, committed):
    with mock.patch.object(live, "_send") as send, committed(), pytest.raises(Exception):
        services.set_grid_published(unconference=unconference, by=make_user(), published=True)
    assert not send.called


def test_the_channel_carries_nothing_private(unconference, planned, rooms_and_slots, global_organiser, committed):
    rooms, slots = rooms_and_slots
    with mock.patch.object(live, "_send") as send, committed():
        services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
        services.move_session(pitch=planned[0], by=global_organiser, room=rooms[0], slot=slots[0])
        services.update_pitch(pitch=planned[0], by=planned[0].created_by, title=SECRET_TITLE + " (revised)")
    for _channel, state, message in _sent(send):
        assert set(state) == {"v", "published"}
        assert b"Secret" not in message and b"Host" not in message and b"@" not in message


def test_the_stream_starts_from_the_current_version_for_anyone_who_may_see_the_grid(
        client, unconference, planned, global_organiser, committed):
    url = reverse("unconf:grid_live", args=[unconference.slug])
    assert client.get(url).status_code == 404  # not published: only organisers may follow it
    client.force_login(global_organiser)
    assert client.get(url)["Content-Type"].startswith("text/event-stream")
    client.logout()
    with committed():
        services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    response = client.get(url)
    body = _body(response)
    unconference.refresh_from_db()
    assert body.startswith(b"retry: 2000\n\n")  # under WSGI it sends the state and ends: the browser asks again
    assert f"id: {unconference.grid_version}\nevent: grid\n".encode() in body
    assert json.loads(body.split(b"data: ", 1)[1]) == {"v": unconference.grid_version, "published": True}


def test_the_page_offers_the_live_channel_and_still_works_without_javascript(client, unconference, planned,
                                                                           global_organiser, committed):
    with committed():
        services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    unconference.refresh_from_db()
    page = client.get(reverse("unconf:grid", args=[unconference.slug])).content.decode()
    live_url = reverse("unconf:grid_live", args=[unconference.slug])
    assert f'data-live-url="{live_url}"' in page and f'data-version="{unconference.grid_version}"' in page
    assert "Refresh the grid" in page and "unconf/grid.js" in page  # the plain link, and the polling fallback's URL
    assert reverse("unconf:grid_version", args=[unconference.slug]) in page
    assert SECRET_TITLE in page  # the grid itself is in the page, not fetched by a script
