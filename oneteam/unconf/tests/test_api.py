"""The API: pitches and interest, and the grid in exactly the format of `oneteam schedule`."""

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from oneteam.people.services import issue_api_token
from oneteam.scheduler import Assignment, Instance, evaluate, violations
from oneteam.unconf import services
from oneteam.unconf.models import Interest

from .test_grid import busy, generate  # noqa: F401  (fixture and helper)


def run_cli(instance: dict, tmp_path, seed, seconds=None, work=None) -> dict:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from oneteam.cli import main; sys.exit(main())", "schedule", str(path),
         "--seed", str(seed), *(["--work", str(work)] if work is not None else ["--seconds", str(seconds)])],
        capture_output=True, text=True, check=True, timeout=300,
    )
    return json.loads(out.stdout)


def assert_same_result(served: dict, expected: dict) -> None:
    assert set(served) == {"assignments", "unscheduled", "metrics", "lower_bound"}
    key = lambda a: (a["session"], a["room"], a["slot"])  # noqa: E731
    assert sorted(map(key, served["assignments"])) == sorted(map(key, expected["assignments"]))
    assert sorted(served["unscheduled"]) == sorted(expected["unscheduled"])
    assert served["metrics"] == expected["metrics"]
    assert served["lower_bound"] == expected["lower_bound"]


def test_published_grid_round_trips_through_the_cli(client, unconference, busy, global_organiser, committed,  # noqa: F811
                                                    tmp_path):
    generate(unconference, global_organiser, committed, seconds=1, seed=7)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    instance = client.get(f"/api/unconferences/{unconference.slug}/instance").json()
    served = client.get(f"/api/unconferences/{unconference.slug}/grid").json()
    assert set(instance) == {"rooms", "slots", "sessions", "interests", "unavailable"}
    parsed = Instance.from_dict(instance)
    placed = [Assignment(**a) for a in served["assignments"]]
    assert violations(parsed, placed) == []
    assert evaluate(parsed, placed).to_dict() == served["metrics"]
    unconference.refresh_from_db()
    assert_same_result(served, run_cli(instance, tmp_path, seed=7, work=unconference.grid_work))


def test_pins_are_in_the_instance_and_respected(client, unconference, busy, rooms_and_slots, global_organiser,  # noqa: F811
                                                committed, tmp_path):
    pitches, _ = busy
    rooms, slots = rooms_and_slots
    services.move_session(pitch=pitches[7], by=global_organiser, room=rooms[1], slot=slots[0])
    generate(unconference, global_organiser, committed, seconds=1, seed=1)
    client.force_login(global_organiser)  # organisers get them before publishing
    instance = client.get(f"/api/unconferences/{unconference.slug}/instance").json()
    pinned = [s for s in instance["sessions"] if "pinned" in s]
    assert pinned == [{"id": f"pitch-{pitches[7].pk}", "title": "Session 7", "hosts": pinned[0]["hosts"],
                       "pinned": {"room": f"room-{rooms[1].pk}", "slot": f"slot-{slots[0].pk}"}}]
    served = client.get(f"/api/unconferences/{unconference.slug}/grid").json()
    unconference.refresh_from_db()
    assert_same_result(served, run_cli(instance, tmp_path, seed=1, work=unconference.grid_work))


def test_unpublished_grid_is_not_public(client, unconference, busy, global_organiser, committed, make_user):  # noqa: F811
    generate(unconference, global_organiser, committed)
    for path in ("instance", "grid"):
        response = client.get(f"/api/unconferences/{unconference.slug}/{path}")
        assert response.status_code == 404
        assert response.json() == {"detail": "The grid of this unconference is not published yet."}
    client.force_login(make_user())
    assert client.get(f"/api/unconferences/{unconference.slug}/grid").status_code == 404
    detail = client.get(f"/api/unconferences/{unconference.slug}").json()
    assert detail["grid_url"] is None and {p["status"] for p in detail["pitches"]} == {"proposed"}


def test_people_are_pseudonyms(client, unconference, busy, global_organiser, committed):  # noqa: F811
    generate(unconference, global_organiser, committed)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    text = client.get(f"/api/unconferences/{unconference.slug}/instance").content.decode()
    assert "@example.org" not in text and "Host 0" not in text


def test_interest_with_a_token(client, unconference, pitch_by, make_user):
    pitch = pitch_by(make_user())
    person = make_user()
    _token, raw = issue_api_token(by=person, name="script")
    url = f"/api/unconferences/{unconference.slug}/pitches/{pitch.pk}/interest"
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.put(url, headers=headers).json() == {"interested": True, "interest": 1}
    assert client.put(url, headers=headers).json() == {"interested": True, "interest": 1}
    assert Interest.objects.filter(pitch=pitch, user=person).count() == 1
    assert client.delete(url, headers=headers).json() == {"interested": False, "interest": 0}
    assert client.put(url).status_code == 401


def test_unknown_unconference_is_a_404_with_a_reason(client, db):
    response = client.get("/api/unconferences/nope/grid")
    assert response.status_code == 404 and "no unconference" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_the_demo_grid_is_what_oneteam_schedule_reports(client, tmp_path):
    """Issue 8, done when: the demo's published grid, scored against its instance by the engine's own
    evaluator, breaks no hard rule and equals `oneteam schedule` with the same seed and budget."""
    from oneteam.demo.runner import load_demo
    from oneteam.unconf.models import Unconference

    load_demo()
    unconference = Unconference.objects.get(slug="global-unconference")
    assert unconference.grid_published
    instance = client.get("/api/unconferences/global-unconference/instance").json()
    served = client.get("/api/unconferences/global-unconference/grid").json()
    parsed = Instance.from_dict(instance)
    placed = [Assignment(**a) for a in served["assignments"]]
    assert len(parsed.sessions) >= 40 and len(parsed.interests) >= 300
    assert violations(parsed, placed) == []
    assert evaluate(parsed, placed).to_dict() == served["metrics"]
    # The open export says how the grid was made (seed and work), so anyone can replay it exactly.
    made = client.get("/unconferences/global-unconference/export.json").json()["unconference"]["scheduler"]
    assert made == {"seed": unconference.grid_seed, "work": unconference.grid_work} and made["work"] > 0
    expected = run_cli(instance, tmp_path, seed=made["seed"], work=made["work"])
    assert_same_result(served, expected)
