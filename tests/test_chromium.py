"""The one test that says why the browser tests cannot run: without Chromium at
/usr/bin/chromium it fails with the package to install, and the other browser tests are
skipped (conftest.py), so a missing browser is one clear failure, not dozens."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import CHROMIUM, NO_CHROMIUM, REPO, SKIP_BROWSER

pytestmark = pytest.mark.browser


@pytest.mark.skipif(SKIP_BROWSER, reason="DOSSIER_SKIP_BROWSER=1")
def test_chromium_is_installed() -> None:
    if not CHROMIUM.exists():
        pytest.fail(NO_CHROMIUM, pytrace=False)


def test_without_chromium_one_test_fails_and_says_why(tmp_path: object) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env["DOSSIER_TEST_CHROMIUM"] = "/nonexistent/chromium"
    # -rN: no short summary, which on a wide terminal repeats the message in full.
    files = ["tests/test_chromium.py::test_chromium_is_installed", "tests/test_browser.py"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rN", *files],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 1, done.stdout
    assert summary.startswith("1 failed,") and "skipped" in summary and "error" not in summary
    assert done.stdout.count("sudo apt install chromium") == 1, done.stdout
    assert "Traceback" not in done.stdout
