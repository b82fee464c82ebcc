"""The ``oneteam schedule`` command: round trip, bad input, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from oneteam.cli import main as oneteam_main
from oneteam.scheduler import Instance, evaluate
from oneteam.scheduler.model import Assignment

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"
EXAMPLE = EXAMPLES / "unconference-global.json"

GOOD = {
    "rooms": [{"id": "r1", "name": "Hall", "capacity": 2}, {"id": "r2", "name": "Den", "capacity": 1}],
    "slots": [{"id": "t1", "start": "09:00", "end": "09:45"}, {"id": "t2", "start": "10:00", "end": "10:45"}],
    "sessions": [
        {"id": "a", "title": "A", "hosts": ["h1"], "pinned": {"room": "r1", "slot": "t1"}},
        {"id": "b", "title": "B", "hosts": ["h1"]},
        {"id": "c", "title": "C", "hosts": ["h2"]},
    ],
    "interests": {"p1": ["a", "b"], "p2": ["b", "c"]},
    "unavailable": [{"room": "r2", "slot": "t2"}],
}


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = oneteam_main(["schedule", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data) -> str:
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_small_instance_round_trip(tmp_path: Path, capsys) -> None:
    code, out, err = run([write(tmp_path, GOOD), "--seconds", "0.1", "--seed", "3"], capsys)
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == {"assignments", "unscheduled", "metrics", "lower_bound", "gap", "run"}
    assert {"session": "a", "room": "r1", "slot": "t1"} in result["assignments"]
    assert len(result["assignments"]) == 3 and result["unscheduled"] == []
    assert result["lower_bound"] <= result["metrics"]["lost"]
    assert result["gap"] == result["metrics"]["lost"] - result["lower_bound"]
    assert set(result["run"]) == {"seed", "work", "seconds", "stopped"}
    assert result["run"]["seed"] == 3 and result["run"]["stopped"] in {"budget", "optimal", "nothing to move"}


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"example instance not found at {EXAMPLE}")
def test_example_round_trip(capsys) -> None:
    code, out, err = run([str(EXAMPLE), "--seconds", "0.5", "--seed", "7"], capsys)
    assert code == 0 and err == ""
    result = json.loads(out)
    instance = Instance.from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    metrics = evaluate(instance, [Assignment(**a) for a in result["assignments"]])
    assert result["metrics"] == metrics.to_dict()
    open_cells = len(instance.open_cells())
    assert len(result["assignments"]) == min(open_cells, len(instance.sessions))
    assert len(result["assignments"]) + len(result["unscheduled"]) == len(instance.sessions)
    assert 0 <= result["lower_bound"] <= metrics.lost
    replay = json.loads(run([str(EXAMPLE), "--work", str(result["run"]["work"]), "--seed", "7"], capsys)[1])
    for key in ("assignments", "unscheduled", "metrics", "lower_bound", "gap"):
        assert replay[key] == result[key]
    assert replay["run"]["work"] == result["run"]["work"]


def test_work_with_a_seed_gives_the_same_grid_twice(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, GOOD)
    first = json.loads(run([path, "--work", "200000", "--seed", "5"], capsys)[1])
    second = json.loads(run([path, "--work", "200000", "--seed", "5"], capsys)[1])
    assert first["assignments"] == second["assignments"]
    assert first["run"] | {"seconds": 0} == second["run"] | {"seconds": 0}


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"example instance not found at {EXAMPLE}")
def test_seconds_is_wall_clock(capsys) -> None:
    """A run without a provable end uses at least 90% of its seconds and at most 110%."""
    code, out, err = run([str(EXAMPLE), "--seconds", "2", "--seed", "1"], capsys)
    result = json.loads(out)
    assert code == 0 and result["run"]["stopped"] == "budget"
    asked = 2
    assert 0.9 * asked <= result["run"]["seconds"] <= 1.1 * asked


def _bad(**changes):
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        data[key] = value
    return data


def _session(**extra):
    return GOOD["sessions"][:2] + [{**GOOD["sessions"][2], **extra}]


BAD_INPUTS = {
    "malformed JSON": '{"rooms": [',
    "not an object": "[1, 2]",
    "no rooms": json.dumps({k: v for k, v in GOOD.items() if k != "rooms"}),
    "bad capacity": _bad(rooms=[{"id": "r1", "name": "Hall", "capacity": -3}]),
    "duplicate room": _bad(rooms=GOOD["rooms"] + [GOOD["rooms"][0]]),
    "duplicate slot": _bad(slots=GOOD["slots"] + [GOOD["slots"][1]]),
    "duplicate session": _bad(sessions=GOOD["sessions"] + [GOOD["sessions"][1]]),
    "unknown session in interests": _bad(interests={"p1": ["zz"]}),
    "unknown room in unavailable": _bad(unavailable=[{"room": "r9", "slot": "t1"}]),
    "unknown slot in unavailable": _bad(unavailable=[{"room": "r1", "slot": "t9"}]),
    "unknown room in pin": _bad(sessions=_session(pinned={"room": "r9", "slot": "t1"})),
    "unknown slot in pin": _bad(sessions=_session(pinned={"room": "r1", "slot": "t9"})),
    "pin in closed cell": _bad(sessions=_session(pinned={"room": "r2", "slot": "t2"})),
    "two pins on one cell": _bad(sessions=_session(pinned={"room": "r1", "slot": "t1"})),
    "pinned host clash": _bad(
        sessions=[GOOD["sessions"][0], {"id": "b", "hosts": ["h1"], "pinned": {"room": "r2", "slot": "t1"}}]
    ),
    "more pins than cells": _bad(
        rooms=[GOOD["rooms"][0]],
        slots=[GOOD["slots"][0]],
        unavailable=[],
        interests={},
        sessions=[{"id": s, "hosts": [], "pinned": {"room": "r1", "slot": "t1"}} for s in "ab"],
    ),
    "hosts not a list": _bad(sessions=_session(hosts="h2")),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_2(name: str, tmp_path: Path, capsys) -> None:
    code, out, err = run([write(tmp_path, BAD_INPUTS[name]), "--seconds", "0"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("oneteam schedule: ")


def test_missing_file(tmp_path: Path, capsys) -> None:
    code, out, err = run([str(tmp_path / "nope.json")], capsys)
    assert (code, out) == (2, "") and "no such file" in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [[], ["x.json", "--seconds", "soon"], ["x.json", "--seconds", "-1"],
                                  ["x.json", "--seconds", "nan"], ["x.json", "--work", "-5"],
                                  ["x.json", "--work", "1.5"]])
def test_bad_arguments(args: list[str], capsys) -> None:
    code, out, err = run(args, capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1


def test_console_script_without_django(tmp_path: Path) -> None:
    """The engine runs in a fresh interpreter and never imports Django."""
    script = (
        "import sys; from oneteam.scheduler.cli import main; code = main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, write(tmp_path, GOOD), "--seconds", "0.05"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress lines
    assert json.loads(done.stdout)["metrics"]["lost"] >= 0
