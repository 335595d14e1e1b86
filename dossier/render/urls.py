"""Where each page lives in the site, and relative links between pages."""

from __future__ import annotations

import posixpath
from functools import lru_cache

INDEX = "index.html"
GAPS = "gaps.html"
EVIDENCE_LIST = "evidence.html"
TIMELINE = "timeline.html"
PLAN = "plan.html"
FRAMEWORK = "framework.html"
BRIEF = "brief.html"
CALENDAR = "plan.ics"
DATA = "dossier.json"
STYLESHEET = "static/style.css"
NAV_SCRIPT = "static/nav.js"  # the phone menu: current tab in view, a cue where it scrolls


def competency_page(competency_id: str) -> str:
    return f"competencies/{competency_id}.html"


def evidence_page(slug: str) -> str:
    return f"evidence/{slug}.html"


def page_page(slug: str) -> str:
    return f"pages/{slug}.html"


def goal_anchor(slug: str) -> str:
    return f"{PLAN}#goal-{slug}"


def expectation_anchor(competency_id: str, expectation_id: str) -> str:
    return f"{competency_page(competency_id)}#{anchor_id(expectation_id)}"


def attachment_file(name: str) -> str:
    """'files/readout.pdf' is copied to the same place in the site."""
    return name


def chart_file(name: str) -> str:
    return f"charts/{name}.svg"


def anchor_id(text: str) -> str:
    """An HTML id from any id-like text (dots would need escaping in CSS selectors)."""
    return "x-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


def relative(from_page: str, to: str) -> str:
    """A link from one site path to another that works from file:// and any sub-path."""
    target, hash_mark, fragment = to.partition("#")
    if not target:
        return f"#{fragment}"
    return f"{_relative_path(from_page.rpartition('/')[0], target)}{hash_mark}{fragment}"


@lru_cache(maxsize=65536)
def _relative_path(folder: str, target: str) -> str:
    """posixpath.relpath for the site's own paths, without its trips through the current
    folder; pages share a handful of folders and links, so results are remembered."""
    if not (_is_plain(folder) and _is_plain(target)):
        return posixpath.relpath(target, folder or ".")
    up = folder.split("/") if folder else []
    down = target.split("/")
    common = 0
    while common < min(len(up), len(down)) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + down[common:]) or "."


def _is_plain(path: str) -> bool:
    """Relative, normalised: no empty, `.` or `..` parts ('' is the site's root)."""
    if path.startswith("/") or path.endswith("/") or "//" in path:
        return False
    return "/./" not in f"/{path}/" and "/../" not in f"/{path}/"
