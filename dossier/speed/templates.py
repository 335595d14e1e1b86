"""Templates compiled once: one environment per theme in a build process (templates cannot
change under a build), compiled while the other cores parse, and kept compiled in the
user's cache folder between runs (checked against each template's source, never stale)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from dossier.render.site import make_environment
from dossier.speed.caches import user_cache_dir

_BUILD_ENVIRONMENTS: dict[tuple[tuple[Path, ...], bool], jinja2.Environment] = {}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def build_environment(template_dirs: tuple[Path, ...], keep_compiled: bool) -> jinja2.Environment:
    """The environment of a build, shared by every audience built in this process."""
    key = (template_dirs, keep_compiled)
    if key not in _BUILD_ENVIRONMENTS:
        cache = _bytecode_cache() if keep_compiled else None
        _BUILD_ENVIRONMENTS[key] = make_environment(template_dirs, cache, auto_reload=False)
    return _BUILD_ENVIRONMENTS[key]


def precompile(template_dirs: tuple[Path, ...], keep_compiled: bool) -> None:
    """Compile every template of a build's theme now (one that fails is left for the
    build to report)."""
    env = build_environment(template_dirs, keep_compiled)
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue
