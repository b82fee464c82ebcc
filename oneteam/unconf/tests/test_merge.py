"""Joining pitches: interest and hosts carry over, nobody counted twice."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oneteam.events.tests.test_concurrency import run_together
from oneteam.unconf import permissions, selectors, services
from oneteam.unconf.models import Host, Interest, Pitch


@pytest.fixture
def two_pitches(unconference, pitch_by, make_user):
    ana, ben = make_user(display_name="Ana"), make_user(display_name="Ben")
    first = pitch_by(ana, "Accessibility of PDFs")
    second = pitch_by(ben, "Making documents accessible")
    return ana, ben, first, second


def test_interest_and_hosts_carry_over_counted_once(two_pitches, make_user, global_organiser, unconference):
    ana, ben, first, second = two_pitches
    both, only_first, only_second = make_user(), make_user(), make_user()
    for person in (both, only_first):
        services.mark_interest(pitch=first, by=person)
    for person in (both, only_second, ana):
        services.mark_interest(pitch=second, by=person)
    services.merge_pitches(source=first, target=second, by=global_organiser)
    first.refresh_from_db()
    assert first.is_merged and first.merged_into_id == second.pk
    assert selectors.pitch_with_details(second).interest_count == 4  # both, only_first, only_second, ana
    assert set(Interest.objects.filter(pitch=second).values_list("user_id", flat=True)) == {
        both.pk, only_first.pk, only_second.pk, ana.pk}
    assert not Interest.objects.filter(pitch=first).exists()
    assert permissions.is_host(ana, second) and permissions.is_host(ben, second)
    instance = selectors.build_instance(unconference)
    assert [s.id for s in instance.sessions] == [f"pitch-{second.pk}"]
    assert len(instance.sessions[0].hosts) == 2


def test_a_pending_invitation_on_both_becomes_one(two_pitches, make_user, global_organiser):
    ana, ben, first, second = two_pitches
    cara = make_user(email="cara@example.org")
    services.invite_cohost(pitch=first, by=ana, email="cara@example.org")
    services.invite_cohost(pitch=second, by=ben, email="cara@example.org")
    services.merge_pitches(source=first, target=second, by=global_organiser)
    assert Host.objects.filter(user=cara).count() == 1


def test_the_merged_pitch_page_sends_people_on(client, two_pitches, global_organiser):
    _ana, _ben, first, second = two_pitches
    services.merge_pitches(source=first, target=second, by=global_organiser)
    response = client.get(first.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == second.get_absolute_url()
    assert "was joined with this pitch" in response.content.decode()


def test_only_organisers_merge(two_pitches):
    ana, _ben, first, second = two_pitches
    with pytest.raises(PermissionDenied):
        services.merge_pitches(source=first, target=second, by=ana)


def test_merge_page(client, two_pitches, global_organiser, unconference):
    _ana, _ben, first, second = two_pitches
    client.force_login(global_organiser)
    url = reverse("unconf:merge", args=[unconference.slug])
    assert client.post(url, {"source": first.pk, "target": first.pk}).status_code == 200
    response = client.post(url, {"source": first.pk, "target": second.pk}, follow=True)
    assert "The pitches are joined" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_interest_and_merge(make_user, make_event, global_organiser):
    import datetime as dt

    from django.utils import timezone

    from oneteam.events.models import Event

    start = timezone.now() + dt.timedelta(days=3)
    event = make_event(format=Event.Format.UNCONFERENCE, start=start, end=start + dt.timedelta(hours=8))
    unconference = services.create_unconference(event=event, by=global_organiser)
    first = services.submit_pitch(unconference=unconference, by=make_user(), title="Open data standards")
    second = services.submit_pitch(unconference=unconference, by=make_user(), title="Data standards in the open")
    people = [make_user() for _ in range(12)]

    def mark(person, pitch):
        try:
            return services.mark_interest(pitch=pitch, by=person)
        except services.UnconfError:
            return None  # the pitch was merged first: the page tells them to mark the joined one

    jobs = [lambda p=p: mark(p, first) for p in people] + [lambda p=p: mark(p, second) for p in people[:6]]
    jobs.append(lambda: services.merge_pitches(source=first, target=second, by=global_organiser))
    run_together(jobs)
    assert not Interest.objects.filter(pitch=first).exists()
    users = list(Interest.objects.filter(pitch=second).values_list("user_id", flat=True))
    assert len(users) == len(set(users))
    assert Pitch.objects.get(pk=first.pk).is_merged


def test_similar_pitches_are_suggested_and_grouped(client, unconference, pitch_by, make_user, global_organiser,
                                                   committed):
    with committed():  # the suggestions are worked out by a background task once the pitch is saved
        first = pitch_by(make_user(), "Accessible PDF documents for citizens", "Making PDF documents accessible.")
        second = pitch_by(make_user(), "PDF documents that are accessible", "Accessible PDF documents for citizens.")
        pitch_by(make_user(), "Gardening at the town hall", "Growing vegetables on the roof.")
    page = client.get(first.get_absolute_url()).content.decode()
    assert "You might pitch together" in page and "PDF documents that are accessible" in page
    assert "Gardening" not in page.split("You might pitch together")[1].split("</ul>")[0]
    client.force_login(global_organiser)
    page = client.get(reverse("unconf:clusters", args=[unconference.slug])).content.decode()
    assert "Group 1: 2 pitches" in page
    assert f"?source={second.pk}&amp;target={first.pk}" in page or f"?source={first.pk}&amp;target={second.pk}" in page
