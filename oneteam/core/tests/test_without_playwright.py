"""Without Playwright installed, the browser tests skip and say why; none fails to collect."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BROWSER_TESTS = [
    "oneteam/core/tests/test_journey.py",
    "oneteam/core/tests/test_every_page.py",
    "oneteam/core/tests/test_csp_browser.py",
]


def test_browser_tests_skip_with_a_reason_when_playwright_is_missing(tmp_path):
    # A package named playwright that cannot be imported hides the installed one,
    # failing as a missing install does.
    (tmp_path / "playwright").mkdir()
    (tmp_path / "playwright" / "__init__.py").write_text(
        "raise ModuleNotFoundError('playwright hidden by this test', name='playwright')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *BROWSER_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "error" not in output.lower().replace("importerror", ""), output
    assert "playwright is not installed" in output
    assert " skipped" in output and " passed" not in output, output
