"""Interest: once per person and pitch, counted the same everywhere, safe under simultaneous clicks."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from oneteam.events.tests.test_concurrency import run_together
from oneteam.unconf import selectors, services
from oneteam.unconf.models import Interest, Pitch


def test_marking_twice_counts_once(unconference, pitch_by, make_user):
    pitch = pitch_by(make_user())
    ben = make_user()
    assert services.mark_interest(pitch=pitch, by=ben) is True
    assert services.mark_interest(pitch=pitch, by=ben) is False
    assert selectors.pitch_with_details(pitch).interest_count == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Interest.objects.create(pitch=pitch, user=ben)


def test_interest_through_the_page_and_back(client, unconference, pitch_by, make_user):
    pitch = pitch_by(make_user(), "Plain English in letters")
    client.force_login(make_user())
    url = reverse("unconf:interest", args=[unconference.slug, pitch.pk])
    body = client.post(url, {"interested": "true"}, follow=True).content.decode()
    assert "You are interested in “Plain English in letters”." in body
    assert "1 person" in body
    body = client.post(url, {"interested": "false"}, follow=True).content.decode()
    assert "no longer marked as interested" in body and "0 people" in body


def test_signed_out_people_are_asked_to_sign_in(client, unconference, pitch_by, make_user):
    pitch = pitch_by(make_user())
    response = client.post(reverse("unconf:interest", args=[unconference.slug, pitch.pk]), {"interested": "true"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Sign in to mark your interest" in client.get(pitch.get_absolute_url()).content.decode()


def test_no_interest_in_a_withdrawn_pitch(unconference, pitch_by, make_user):
    ana = make_user()
    pitch = pitch_by(ana)
    services.withdraw_pitch(pitch=pitch, by=ana)
    with pytest.raises(services.UnconfError):
        services.mark_interest(pitch=Pitch.objects.get(pk=pitch.pk), by=make_user())


@pytest.mark.django_db(transaction=True)
def test_forty_people_clicking_at_once_each_count_once(make_user, make_event, global_organiser):
    import datetime as dt

    from django.utils import timezone

    from oneteam.events.models import Event

    start = timezone.now() + dt.timedelta(days=3)
    event = make_event(format=Event.Format.UNCONFERENCE, start=start, end=start + dt.timedelta(hours=8))
    unconference = services.create_unconference(event=event, by=global_organiser)
    pitch = services.submit_pitch(unconference=unconference, by=make_user(), title="Data sharing across borders")
    people = [make_user() for _ in range(20)]
    jobs = [lambda person=person: services.mark_interest(pitch=pitch, by=person) for person in people]
    jobs += [lambda person=person: services.mark_interest(pitch=pitch, by=person) for person in people]  # double clicks
    results = run_together(jobs)
    assert sum(results) == 20
    assert Interest.objects.filter(pitch=pitch).count() == 20
    assert selectors.pitch_with_details(pitch).interest_count == 20
