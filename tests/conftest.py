"""Shared fixtures: small workspaces written into a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from dossier.analysis.gaps import Report, analyse
from dossier.build.load import load_dossier
from dossier.errors import Diagnostics
from dossier.model.dossier import Dossier

REPO = Path(__file__).resolve().parent.parent

# The browser tests drive Debian's Chromium; none is ever downloaded. (The variable lets
# test_chromium.py see what happens on a machine without it.)
CHROMIUM = Path(os.environ.get("DOSSIER_TEST_CHROMIUM", "/usr/bin/chromium"))
SKIP_BROWSER = os.environ.get("DOSSIER_SKIP_BROWSER") == "1"
NO_CHROMIUM = (
    f"no Chromium at {CHROMIUM}: the browser tests need Debian's chromium "
    "(`sudo apt install chromium`), never `playwright install`; "
    "or set DOSSIER_SKIP_BROWSER=1 to skip the browser tests"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, one test (test_chromium.py) fails with the reason and the other
    browser tests are skipped, instead of each failing with the same traceback."""
    if SKIP_BROWSER or CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: see test_chromium_is_installed")
    for item in items:
        if item.get_closest_marker("browser") and item.name != "test_chromium_is_installed":
            item.add_marker(skip)


# Hypothesis: a quick profile for every run, a long one for `pytest -m slow` in CI.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# A small ladder: a trunk (ic1, ic2), then two tracks, with expectations on every level.
MINI_FRAMEWORK = """\
name: Mini ladder
levels:
  - {id: ic1, title: Engineer}
  - {id: ic2, title: Senior Engineer}
  - {id: staff, title: Staff Engineer, track: ic}
  - {id: manager, title: Engineering Manager, track: management}
  - {id: principal, title: Principal Engineer, track: ic}
groups:
  - {id: craft, title: Craft}
competencies:
  - id: design
    title: Technical design
    group: craft
    expectations:
      ic2:
        - Designs components.
      staff:
        - {id: cross-team-design, text: Designs systems that span teams.}
        - Reviews designs of others.
      principal:
        - Sets technical direction.
  - id: delivery
    title: Delivery
    expectations:
      ic1:
        - Ships tasks.
      staff:
        - Ships multi-quarter projects.
      manager:
        - Runs a team's delivery.
  - id: people
    title: People
    expectations:
      manager:
        - Hires and grows a team.
"""

BASE_CONFIG: dict[str, Any] = {
    "title": "Case",
    "person": {"name": "Ada", "role": "Senior Engineer"},
    "framework": "content/framework.yaml",
    "current_level": "ic2",
    "target_level": "staff",
}


class Workspace:
    """A workspace on disk that tests write files into."""

    def __init__(self, root: Path):
        self.root = root
        self.config_data: dict[str, Any] = dict(BASE_CONFIG)
        self.write_config()
        self.write("content/framework.yaml", MINI_FRAMEWORK)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def write_config(self, **changes: Any) -> None:
        self.config_data.update(changes)
        self.write("dossier.yaml", yaml.safe_dump(self.config_data, sort_keys=False))

    def document(self, folder: str, slug: str, body: str = "", **fields: Any) -> Path:
        front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
        return self.write(f"content/{folder}/{slug}.md", f"---\n{front}---\n{body}")

    def evidence(self, slug: str, body: str = "", **fields: Any) -> Path:
        fields.setdefault("title", slug.replace("-", " "))
        return self.document("evidence", slug, body, **fields)

    def goal(self, slug: str, body: str = "", **fields: Any) -> Path:
        fields.setdefault("title", slug.replace("-", " "))
        return self.document("goals", slug, body, **fields)

    def page(self, slug: str, body: str = "", **fields: Any) -> Path:
        fields.setdefault("title", slug.replace("-", " "))
        return self.document("pages", slug, body, **fields)

    def load(self) -> tuple[Dossier | None, Diagnostics]:
        diags = Diagnostics()
        return load_dossier(self.root, diags), diags

    def dossier(self) -> Dossier:
        dossier, diags = self.load()
        assert dossier is not None, "\n".join(d.format() for d in diags.items)
        return dossier

    def report(self, as_of: date, level: str | None = None, audience: str = "self") -> Report:
        return analyse(self.dossier().for_audience(audience), as_of, level)


@pytest.fixture(autouse=True)
def private_user_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the cache-signing key of test runs out of the real user's cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    yield Workspace(tmp_path / "ws")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
