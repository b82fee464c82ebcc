"""When a person's account is deleted, their places go to the waiting list as if they had cancelled."""

from __future__ import annotations

import pytest
from django.core import mail

from oneteam.events import services
from oneteam.events.models import Registration

pytestmark = pytest.mark.django_db


def test_deleting_a_person_promotes_the_next_one_and_tells_them(make_user, make_event, committed):
    event = make_event(capacity=1)
    leaving = make_user(email="leaving@example.org")
    next_in_line = make_user(email="next@example.org")
    services.sign_up(event=event, by=leaving)
    services.sign_up(event=event, by=next_in_line)
    with committed():
        leaving.delete()
    promoted = Registration.objects.get(event=event, user=next_in_line)
    assert promoted.status == Registration.Status.CONFIRMED and promoted.seat == 1
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    assert not Registration.objects.filter(user_id=leaving.pk).exists()


def test_deleting_someone_who_was_only_waiting_moves_nobody(make_user, make_event):
    event = make_event(capacity=1)
    holder, waiting, behind = make_user(), make_user(), make_user()
    for person in (holder, waiting, behind):
        services.sign_up(event=event, by=person)
    waiting.delete()
    assert Registration.objects.get(user=holder).is_confirmed
    assert Registration.objects.get(user=behind).is_waiting
