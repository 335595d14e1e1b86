"""The layout holds: every package and top-level module of dossier is in the layers
contract that `lint-imports` checks, so a new package cannot slip past it."""

from __future__ import annotations

import sys

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE = REPO / "dossier"


def layer_names() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert contract["type"] == "layers" and contract["containers"] == ["dossier"]
    return {name.strip() for layer in contract["layers"] for name in layer.split("|")}


def test_every_package_and_module_is_in_a_layer() -> None:
    parts = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
        or (path.is_dir() and (path / "__init__.py").is_file())
    }
    assert parts, "no modules found"
    missing = sorted(parts - layer_names())
    assert not missing, f"not in the layers contract of pyproject.toml: {missing}"


def test_every_folder_of_code_is_a_package() -> None:
    """A folder without __init__.py is a namespace package: import-linter cannot see it."""
    loose = [
        folder.relative_to(REPO).as_posix()
        for folder in PACKAGE.rglob("*")
        if folder.is_dir() and any(folder.glob("*.py")) and not (folder / "__init__.py").exists()
    ]
    assert not loose, loose
