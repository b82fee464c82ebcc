"""Large builds: progress while embedding and matching, and the batched all-items query."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from oneteam.similarity import SimilarityIndex, cli

from .conftest import CORPUS, HashEncoder


def many_items(count: int) -> list[tuple[str, str]]:
    return [(f"i{n}", f"{CORPUS[n % len(CORPUS)][1]} number {n}\nbody {n % 7}") for n in range(count)]


def test_build_reports_progress_to_the_end() -> None:
    calls: list[tuple[int, int]] = []
    SimilarityIndex.build(many_items(1300), HashEncoder(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (1300, 1300)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) > 1  # reported in steps, not only at the end


@pytest.mark.parametrize(("encoder", "weight"), [(None, 1.0), (HashEncoder(), 1.0), (HashEncoder(), 0.6)])
def test_similar_to_all_equals_similar_to(encoder, weight) -> None:
    index = SimilarityIndex.build(many_items(300), encoder, weight)
    for n in range(0, 300, 4):
        index.remove(f"i{n}")
    answers = list(index.similar_to_all(k=4))
    assert [item_id for item_id, _ in answers] == index.ids()
    for item_id, matches in answers:
        expected = index.similar_to(item_id, k=4)
        every = dict(index.similar_to(item_id, k=len(index)))
        assert [m.score for m in matches] == pytest.approx([m.score for m in expected], abs=1e-6)
        # the same items, up to the order of scores equal but for float rounding
        assert all(every[m.id] == pytest.approx(m.score, abs=1e-6) for m in matches)
        assert item_id not in [m.id for m in matches]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def write(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "items.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "title": t, "body": ""}) for i, t in many_items(count)), encoding="utf-8"
    )
    return path


def test_cli_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    path = write(tmp_path, 600)
    out, err = io.StringIO(), FakeTerminal()
    assert cli.main([str(path), "--lexical"], stdout=out, stderr=err) == 0
    assert len(out.getvalue().splitlines()) == 600
    shown = err.getvalue()
    assert "oneteam similar: indexing 600/600 items" in shown
    assert "oneteam similar: matching 600/600 items" in shown
    assert shown.endswith("\n")


def test_cli_is_silent_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cli.main([str(write(tmp_path, 50)), "--lexical"], stdout=out, stderr=err) == 0
    assert err.getvalue() == ""


def test_progress_line_estimates_time_left() -> None:
    stream = FakeTerminal()
    progress = cli.TerminalProgress(stream, interval=0.0)
    report = progress.phase("embedding")
    report(50, 100_000)
    assert "embedding 50/100,000 items" in stream.getvalue() and "left" in stream.getvalue()
