"""Parsing, validation and the Python API around the optimiser."""

from __future__ import annotations

import pytest

from oneteam.scheduler import Assignment, Cell, Instance, Room, ScheduleInputError, Session, Slot, evaluate, violations

DATA = {
    "rooms": [{"id": "r1", "name": "Hall", "capacity": 1}],
    "slots": [{"id": "t1", "start": "", "end": ""}, {"id": "t2", "start": "", "end": ""}],
    "sessions": [{"id": "a", "title": "", "hosts": ["h"]}, {"id": "b", "title": "", "hosts": ["h"]}],
    "interests": {"p": ["a", "b"], "q": ["a"]},
    "unavailable": [],
}


def test_dict_round_trip() -> None:
    instance = Instance.from_dict(DATA)
    assert Instance.from_dict(instance.to_dict()) == instance
    assert instance.to_dict() == DATA


def test_integer_ids_become_strings() -> None:
    instance = Instance.from_dict({"rooms": [{"id": 1, "capacity": 3}], "slots": [{"id": 2}],
                                   "sessions": [{"id": 3, "hosts": [4]}], "interests": {"5": [3]}})
    assert instance.sessions[0] == Session("3", "", ("4",), None)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ScheduleInputError, match="duplicate room"):
        Instance(rooms=(Room("r", "", 1), Room("r", "", 2)), slots=(Slot("t"),), sessions=())


def test_evaluate_counts_hosts_as_audience() -> None:
    instance = Instance.from_dict(DATA)
    metrics = evaluate(instance, [Assignment("a", "r1", "t1")])
    # a: audience {h, p, q} in a room for 1 -> overflow 2; b missed by {h, p}.
    assert metrics.to_dict() == {"clashes": 0, "overflow": 2, "missed": 2, "lost": 4}


def test_violations_name_each_broken_rule() -> None:
    instance = Instance.from_dict(DATA)
    assert violations(instance, [Assignment("a", "r1", "t1"), Assignment("b", "r1", "t2")]) == []
    broken = violations(instance, [Assignment("a", "r1", "t1"), Assignment("b", "r1", "t1")])
    assert any("holds two sessions" in p for p in broken)
    assert any("host 'h'" in p for p in broken)


def test_with_pins_rejects_unknown_and_clashing_pins() -> None:
    instance = Instance.from_dict(DATA)
    pinned = instance.with_pins([Assignment("a", "r1", "t2")])
    assert pinned.sessions[0].pinned == Cell("r1", "t2")
    with pytest.raises(ScheduleInputError, match="unknown session"):
        instance.with_pins([Assignment("zz", "r1", "t1")])
    with pytest.raises(ScheduleInputError, match="both pinned"):
        instance.with_pins([Assignment("a", "r1", "t1"), Assignment("b", "r1", "t1")])
