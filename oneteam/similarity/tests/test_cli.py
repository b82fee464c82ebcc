from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from oneteam.cli import main as oneteam_main
from oneteam.similarity import cli

from .conftest import CORPUS


def write_items(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def items_file(tmp_path: Path) -> Path:
    lines = [json.dumps({"id": item_id, "title": text, "body": ""}) for item_id, text in CORPUS]
    lines.append(json.dumps({"id": 7, "title": "", "body": "Numeric id, body only, about older residents"}))
    return write_items(tmp_path / "items.jsonl", lines)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_output_format_and_order(items_file: Path) -> None:
    status, out, err = run([str(items_file), "--top", "3", "--lexical"])
    assert status == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [record["id"] for record in records] == [item_id for item_id, _ in CORPUS] + [7]
    for record in records:
        assert set(record) == {"id", "similar"}
        assert len(record["similar"]) <= 3
        scores = [entry["score"] for entry in record["similar"]]
        assert scores == sorted(scores, reverse=True)
        assert record["id"] not in [entry["id"] for entry in record["similar"]]
        assert all(set(entry) == {"id", "score"} for entry in record["similar"])
    assert records[0]["similar"][0]["id"] == "over-65s"
    assert 7 in [entry["id"] for entry in records[0]["similar"]]  # integer ids stay integers


def test_default_top_is_five(items_file: Path) -> None:
    status, out, _ = run([str(items_file), "--lexical"])
    assert status == 0
    assert max(len(json.loads(line)["similar"]) for line in out.splitlines()) == 5


def test_reached_through_the_oneteam_command(items_file: Path, capsys) -> None:
    assert oneteam_main(["similar", str(items_file), "--lexical", "--top", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(CORPUS) + 1


GOOD = '{"id": "a", "title": "Lean coffee", "body": "Monthly"}'

BAD_INPUTS = {
    "malformed": ([GOOD, '{"id": "b", "title": '], "line 2: malformed JSON"),
    "not-object": ([GOOD, "[1, 2]"], "line 2: expected a JSON object"),
    "missing-field": ([GOOD, '{"id": "b", "title": "x"}'], "line 2: missing field 'body'"),
    "missing-id": (['{"title": "x", "body": "y"}'], "line 1: missing field 'id'"),
    "duplicate": ([GOOD, GOOD], "line 2: duplicate id 'a' (first on line 1)"),
    "empty-text": ([GOOD, '{"id": "b", "title": " ", "body": ""}'], "line 2: item 'b' has an empty title and body"),
    "bad-type": (['{"id": "b", "title": 3, "body": ""}'], "line 1: title must be a string"),
    "bad-id": (['{"id": null, "title": "x", "body": ""}'], "line 1: id must be"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_one_line_exit_2(tmp_path: Path, name: str) -> None:
    lines, expected = BAD_INPUTS[name]
    status, out, err = run([str(write_items(tmp_path / "in.jsonl", lines)), "--lexical"])
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("oneteam similar: error: ")
    assert expected in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file"),
        (["{file}", "--top", "0"], "--top must be at least 1"),
        (["{file}", "--top", "-3"], "--top must be at least 1"),
        (["{file}", "--top", "many"], "--top must be a whole number"),
        ([], "required: ITEMS.jsonl"),
        (["{file}", "--lexical", "--semantic"], "not allowed with"),
    ],
)
def test_bad_arguments_one_line_exit_2(tmp_path: Path, argv: list[str], expected: str) -> None:
    path = write_items(tmp_path / "ok.jsonl", [GOOD])
    status, out, err = run([arg.format(file=path) for arg in argv])
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and expected in err


def test_semantic_without_extra_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cli, "semantic_available", lambda: False)
    status, out, err = run([str(write_items(tmp_path / "ok.jsonl", [GOOD])), "--semantic"])
    assert (status, out) == (2, "")
    assert "oneteam[semantic]" in err


def test_empty_file_prints_nothing(tmp_path: Path) -> None:
    assert run([str(write_items(tmp_path / "empty.jsonl", [""])), "--lexical"]) == (0, "", "")


def test_single_item_has_no_neighbours(tmp_path: Path) -> None:
    status, out, _ = run([str(write_items(tmp_path / "one.jsonl", [GOOD])), "--lexical"])
    assert status == 0 and json.loads(out) == {"id": "a", "similar": []}


def test_stdin(monkeypatch, items_file: Path) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(items_file.read_text()))
    status, out, _ = run(["-", "--lexical", "--top", "1"])
    assert status == 0 and len(out.splitlines()) == len(CORPUS) + 1
