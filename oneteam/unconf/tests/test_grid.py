"""The grid: generated off the request by the scheduler, pinned, moved with its cost, published."""

import pytest
from django.urls import reverse

from oneteam.scheduler import evaluate, violations
from oneteam.unconf import selectors, services
from oneteam.unconf.models import ClosedCell, GridRun, Pitch, Placement


@pytest.fixture
def busy(unconference, rooms_and_slots, pitch_by, make_user):
    """Eight pitches, eighteen people with interests skewed towards the first pitches."""
    hosts = [make_user(display_name=f"Host {i}") for i in range(8)]
    pitches = [pitch_by(hosts[i], f"Session {i}") for i in range(8)]
    people = [make_user() for _ in range(18)]
    for n, person in enumerate(people):
        for i in range(8):
            if (n + i) % (i + 2) == 0:
                services.mark_interest(pitch=pitches[i], by=person)
    return pitches, people


def generate(unconference, by, committed, **options):
    with committed():
        run = services.request_generation(unconference=unconference, by=by, **{"seconds": 1, **options})
    return GridRun.objects.get(pk=run.pk)


def test_generation_fills_the_grid_and_records_metrics(unconference, busy, global_organiser, committed):
    run = generate(unconference, global_organiser, committed)
    assert run.is_done and run.percent == 100
    placements = Placement.objects.filter(unconference=unconference)
    assert placements.count() == 6  # 2 rooms x 3 slots, 8 pitches
    score = selectors.grid_score(unconference)
    assert score.problems == []
    assert run.lost == score.metrics.lost
    assert Pitch.objects.filter(status="scheduled").count() == 6
    assert Pitch.objects.filter(status="proposed").count() == 2


def test_one_generation_at_a_time(unconference, busy, global_organiser):
    services.request_generation(unconference=unconference, by=global_organiser, seconds=1)  # queued, not committed
    with pytest.raises(services.UnconfError, match="already being generated"):
        services.request_generation(unconference=unconference, by=global_organiser, seconds=1)


def test_the_request_returns_before_the_solve(client, unconference, busy, global_organiser, django_capture_on_commit_callbacks):
    client.force_login(global_organiser)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("unconf:generate", args=[unconference.slug]), {"seconds": "1", "seed": "0",
                                                                                      "keep_pins": "on"})
    run = GridRun.objects.get()
    assert response["Location"] == reverse("unconf:run", args=[unconference.slug, run.pk])
    assert len(callbacks) == 1 and run.status == "queued"
    page = client.get(response["Location"]).content.decode()
    assert "Generating the grid" in page and "refresh this page" in page
    callbacks[0]()  # the worker picks it up
    status = client.get(response["Location"] + "?format=json").json()
    assert status["finished"] and status["percent"] == 100


def test_closed_cells_stay_empty(unconference, busy, rooms_and_slots, global_organiser, committed):
    rooms, slots = rooms_and_slots
    services.set_closed_cells(unconference=unconference, by=global_organiser, closed={(rooms[0].pk, slots[1].pk)})
    generate(unconference, global_organiser, committed)
    assert not Placement.objects.filter(room=rooms[0], slot=slots[1]).exists()
    assert Placement.objects.count() == 5


def test_pins_survive_reoptimising(unconference, busy, rooms_and_slots, global_organiser, committed):
    pitches, _people = busy
    rooms, slots = rooms_and_slots
    generate(unconference, global_organiser, committed)
    last = Pitch.objects.filter(status="proposed").first() or pitches[-1]
    cost = services.move_session(pitch=last, by=global_organiser, room=rooms[1], slot=slots[2])
    placement = Placement.objects.get(pitch=last)
    assert placement.pinned and (placement.room, placement.slot) == (rooms[1], slots[2])
    assert isinstance(cost, int)
    generate(unconference, global_organiser, committed, seed=3)
    placement = Placement.objects.get(pitch=last)
    assert placement.pinned and (placement.room, placement.slot) == (rooms[1], slots[2])
    assert f"pitch-{last.pk}" in {s.id for s in selectors.build_instance(unconference).sessions if s.pinned}


def test_generating_without_pins_lets_them_go(unconference, busy, rooms_and_slots, global_organiser, committed):
    pitches, _ = busy
    rooms, slots = rooms_and_slots
    services.move_session(pitch=pitches[0], by=global_organiser, room=rooms[1], slot=slots[2])
    generate(unconference, global_organiser, committed, keep_pins=False)
    assert not Placement.objects.filter(pinned=True).exists()


def test_a_move_says_what_it_cost(client, unconference, busy, rooms_and_slots, global_organiser, committed):
    rooms, slots = rooms_and_slots
    generate(unconference, global_organiser, committed)
    instance = selectors.build_instance(unconference, with_pins=False)
    before = evaluate(instance, selectors.current_assignments(unconference)).lost
    placement = Placement.objects.order_by("pk").first()
    target = next((r, s) for r in rooms for s in slots if (r.pk, s.pk) != (placement.room_id, placement.slot_id))
    client.force_login(global_organiser)
    response = client.post(reverse("unconf:grid_change", args=[unconference.slug]),
                           {"action": "move", "pitch": placement.pitch_id, "cell": f"{target[0].pk}-{target[1].pk}"},
                           follow=True)
    after = evaluate(instance, selectors.current_assignments(unconference)).lost
    body = response.content.decode()
    delta = after - before
    if delta > 0:
        assert f"This change loses {delta} attendance" in body
    elif delta < 0:
        assert f"This change saves {-delta} attendance" in body
    else:
        assert "neither gains nor loses" in body
    assert violations(instance, selectors.current_assignments(unconference)) == []


def test_a_host_is_never_in_two_places(unconference, rooms_and_slots, pitch_by, make_user, global_organiser):
    rooms, slots = rooms_and_slots
    ana = make_user()
    first, second = pitch_by(ana, "One"), pitch_by(ana, "Two")
    services.move_session(pitch=first, by=global_organiser, room=rooms[0], slot=slots[0])
    with pytest.raises(services.UnconfError, match="also hosts"):
        services.move_session(pitch=second, by=global_organiser, room=rooms[1], slot=slots[0])


def test_moving_into_a_closed_room_is_refused(unconference, rooms_and_slots, pitch_by, make_user, global_organiser):
    rooms, slots = rooms_and_slots
    ClosedCell.objects.create(room=rooms[0], slot=slots[0])
    with pytest.raises(services.UnconfError, match="closed"):
        services.move_session(pitch=pitch_by(make_user()), by=global_organiser, room=rooms[0], slot=slots[0])


def test_organiser_page_shows_metrics_in_words_chart_and_table(client, unconference, busy, global_organiser, committed):
    generate(unconference, global_organiser, committed)
    client.force_login(global_organiser)
    body = client.get(reverse("unconf:grid", args=[unconference.slug])).content.decode()
    score = selectors.grid_score(unconference)
    assert f"This grid loses {score.metrics.lost} attendance" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="oneteam-chart" role="img"' in body
    assert "Lost attendances, by cause" in body
    assert "Fewest possible (lower bound)" in body


def test_publishing_shows_the_grid_to_everyone(client, unconference, busy, global_organiser, committed, make_user):
    generate(unconference, global_organiser, committed)
    url = reverse("unconf:grid", args=[unconference.slug])
    assert client.get(url).status_code == 404
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    body = client.get(url).content.decode()
    assert "Session 0" in body or "Session 1" in body
    assert "What this grid costs" not in body  # metrics and edit forms are for organisers


def test_agenda_and_ics(client, unconference, busy, global_organiser, committed):
    _pitches, people = busy
    generate(unconference, global_organiser, committed)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    person = people[0]
    client.force_login(person)
    body = client.get(reverse("unconf:agenda", args=[unconference.slug])).content.decode()
    agenda = selectors.agenda(unconference, person)
    for placement in agenda.placements:
        assert placement.pitch.title in body
    if agenda.clashes:
        assert "Clash: you wanted" in body
    response = client.get(reverse("unconf:agenda_ics", args=[unconference.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == len(agenda.placements)


def test_the_public_grid_is_cached_until_it_or_interest_changes(client, unconference, busy, global_organiser,
                                                               committed, make_user):
    pitches, _ = busy
    generate(unconference, global_organiser, committed)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    url = reverse("unconf:grid", args=[unconference.slug])
    placed = Placement.objects.select_related("pitch").first().pitch
    before = client.get(url).content.decode()
    services.update_pitch(pitch=placed, by=global_organiser, title="A brand new title")
    after = client.get(url).content.decode()
    assert "A brand new title" in after and "A brand new title" not in before
    count = after.count("interested")
    services.mark_interest(pitch=placed, by=make_user())
    assert client.get(url).content.decode() != after
    assert count


def test_the_version_the_page_polls_changes_with_every_grid_change(client, unconference, busy, rooms_and_slots,
                                                                   global_organiser, committed):
    pitches, _ = busy
    rooms, slots = rooms_and_slots
    generate(unconference, global_organiser, committed)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    url = reverse("unconf:grid_version", args=[unconference.slug])
    before = client.get(url).json()["version"]
    services.move_session(pitch=pitches[0], by=global_organiser, room=rooms[0], slot=slots[2])
    assert client.get(url).json()["version"] > before
    page = client.get(reverse("unconf:grid", args=[unconference.slug])).content.decode()
    assert f'data-version-url="{url}"' in page and "Refresh the grid" in page
