"""Imports run one way: core below every app, each app above the ones before it, the engines on their own.

The order is the order of the community's life: people, chapters, events,
then the apps built on them. A later app may import an earlier one, never
the other way round; ``core`` imports no app; the engines import no Django.
Tests are left out: a test may set up data from any app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "people", "chapters", "events", "leancoffee", "unconf", "work", "goals", "stories"]
ABOVE_ALL = {"api", "demo"}  # may import any app; no app imports them
ENGINES = ["scheduler", "similarity"]


def imported_modules(package: str):
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue  # tests may set up data from any app
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name


def oneteam_part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "oneteam" and len(parts) > 1 else None


@pytest.mark.parametrize("app", [app for app in LAYERS if (ROOT / app).is_dir()])
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1]) | set(ENGINES) | {"settings"}
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(app)
        if (part := oneteam_part(module)) and part not in allowed and not module.startswith("oneteam.conftest")
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_engines_never_import_django_or_an_app(engine):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(engine)
        if module.split(".")[0] == "django" or (oneteam_part(module) not in (None, engine))
    ]
    assert not wrong, "\n".join(wrong)
