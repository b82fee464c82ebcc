"""``oneteam schedule INSTANCE.json [--seconds S | --work N] [--seed N] [--may-drop-popular]``.

Prints the result as JSON on stdout, with the work the run did under
``run``: ``--work`` with that number and the same seed replays the run
exactly.  Bad input gives one line on stderr and exit status 2.  Progress
goes to stderr only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys

from .model import Instance, ScheduleInputError
from .solver import schedule

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ScheduleInputError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="oneteam schedule", description="Optimise an unconference grid.")
    parser.add_argument("instance", help="instance JSON file")
    parser.add_argument(
        "--seconds",
        type=float,
        default=10.0,
        help=(
            "wall-clock budget in seconds (default 10); the output reports the work done "
            "('run': {'work': N}), which --work N replays exactly"
        ),
    )
    parser.add_argument(
        "--work",
        type=int,
        default=None,
        help=(
            "stop after exactly N units of work instead of a time: the same instance, "
            "seed and work give the same grid on any machine (overrides --seconds)"
        ),
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--may-drop-popular",
        action="store_true",
        help=(
            "minimise lost attendances alone, even if that leaves out a popular session "
            "(default: when sessions outnumber room-slots the least wanted wait, "
            "then clashes and overflow are minimised)"
        ),
    )
    return parser


def load(path: str) -> Instance:
    """Read and validate an instance file, raising ScheduleInputError on any problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ScheduleInputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleInputError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ScheduleInputError(f"{path} is not valid JSON: {exc}") from None
    return Instance.from_dict(data)


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        if not 0 <= args.seconds < float("inf"):
            raise ScheduleInputError("--seconds must be a non-negative number")
        if args.work is not None and args.work < 0:
            raise ScheduleInputError("--work must be a non-negative integer")
        instance = load(args.instance)
    except ScheduleInputError as exc:
        print(f"oneteam schedule: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    progress = _to_stderr if sys.stderr.isatty() else None
    result = schedule(
        instance,
        seconds=args.seconds,
        work=args.work,
        seed=args.seed,
        progress=progress,
        drop_popular=args.may_drop_popular,
    )
    json.dump(result.to_dict(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
