# Refresh the golden files after an intended change to the site (deletes and rewrites
# tests/golden/example/, so files the build no longer makes disappear):
#
#     DOSSIER_UPDATE_GOLDEN=1 pytest tests/test_golden.py
#
# then review the change with `git diff --stat tests/golden` and `git diff tests/golden`.
"""Golden output: `dossier build --as-of 2026-11-22` of the example workspace (the repository
root: dossier.yaml + content/), default audience, compared byte for byte with
tests/golden/example/.

The build runs on a copy in a temporary folder outside any git repository, so the git
provenance (first-commit dates, framework changes since `framework_agreed`) is left out
and the output is the same on every machine. Every file is compared, the `.dossier-site`
marker included, and so is the set of file names.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from dossier.cli import cli

AS_OF = "2026-11-22"
GOLDEN = Path(__file__).resolve().parent / "golden" / "example"
UPDATE = os.environ.get("DOSSIER_UPDATE_GOLDEN") == "1"
DIFF_LINES = 40


def build_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    """Copy dossier.yaml + content/ into tmp_path and build it; the site folder."""
    for name in list(os.environ):
        if name.startswith("DOSSIER_") or name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Never find a repository above the copy, even if the temporary folder is inside one.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    site = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--as-of", AS_OF, "-o", str(site), *args]
    )
    assert result.exit_code == 0, result.output
    return site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (POSIX relative path -> bytes)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def as_text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def first_diff(expected: dict[str, bytes], actual: dict[str, bytes], names: list[str]) -> str:
    """A short unified diff of the first differing text file among names."""
    for name in names:
        old, new = as_text(expected[name]), as_text(actual[name])
        if old is None or new is None:
            continue
        lines = list(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"golden/{name}",
                f"built/{name}",
                n=2,
            )
        )
        shown = "".join(lines[:DIFF_LINES])
        if len(lines) > DIFF_LINES:
            shown += f"\n... {len(lines) - DIFF_LINES} more diff lines\n"
        return shown
    return "(only binary files differ)\n"


def test_example_site_matches_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build_example(tmp_path, monkeypatch)
    actual = tree(site)

    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(site, GOLDEN)
        assert tree(GOLDEN) == actual
        return

    refresh = "refresh with: DOSSIER_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert GOLDEN.is_dir(), f"no golden files in {GOLDEN}; {refresh}"
    expected = tree(GOLDEN)

    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    assert not missing and not extra, (
        f"file names differ from the golden site; {refresh}\n"
        f"  not built any more: {missing}\n  newly built: {extra}"
    )

    changed = [name for name in sorted(expected) if expected[name] != actual[name]]
    assert not changed, (
        f"{len(changed)} file(s) differ from the golden site: {', '.join(changed)}\n"
        f"if the change is intended, {refresh}\n\n" + first_diff(expected, actual, changed)
    )
