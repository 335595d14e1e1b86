"""The layout holds: every package and top-level module of dossier is in the layers
contract that `lint-imports` checks, so a new package cannot slip past it; the README maps
them all; no module or function outgrows what a reader can take in."""

from __future__ import annotations

import ast
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


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def test_modules_and_functions_stay_small() -> None:
    too_big: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text("utf-8")
        rel = path.relative_to(REPO).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            too_big.append(f"{rel}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{rel}:{node.lineno}: {node.name}() is {length} lines")
    assert not too_big, "\n".join(too_big)


def test_the_readme_map_names_every_package() -> None:
    """README "Development" maps the tree: every package and top-level module is on it."""
    readme = (REPO / "README.md").read_text("utf-8")
    tree = readme.split("The package is laid out as the pipeline it runs", 1)[1]
    tree = tree.split("```", 2)[1]
    listed = {
        line.split()[0].rstrip("/")
        for line in tree.splitlines()[1:]
        if line.startswith("  ") and line.split()
    }
    parts = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
        or (path.is_dir() and (path / "__init__.py").is_file())
    }
    listed = {name.removesuffix(".py") for name in listed}
    assert parts <= listed, f"missing from the README's map: {sorted(parts - listed)}"
