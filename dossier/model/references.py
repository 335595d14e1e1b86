"""Cross-references: every id, slug, link and attachment named by a document must exist
and stay inside the workspace."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from dossier.errors import Diagnostics, did_you_mean, one_of
from dossier.load.workspace import inside
from dossier.markdown.markup import Reference, split_url
from dossier.model.content import Evidence, Goal, Item, Link, slugify
from dossier.model.framework import Framework

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
WIKILINK_HINT = (
    "[[...]] links a competency id, an expectation id, an evidence slug (file name without .md),"
    " a goal or page slug, or files/<attachment>"
)


@dataclass(frozen=True)
class Targets:
    """Everything a document may refer to by name."""

    competencies: Collection[str]
    expectations: Collection[str]
    levels: Collection[str]
    evidence: Collection[str]
    goals: Collection[str]
    pages: Collection[str]
    attachments: Collection[str]

    def resolve(self, target: str) -> str | None:
        """The kind a wikilink target names, or None when it names nothing."""
        if target.startswith("files/"):
            return "attachment" if target in self.attachments else None
        for kind, names in (
            ("competency", self.competencies),
            ("expectation", self.expectations),
            ("evidence", self.evidence),
            ("goal", self.goals),
            ("page", self.pages),
        ):
            if target in names or (kind == "evidence" and slugify(target) in names):
                return kind
        return None

    def everything(self) -> list[str]:
        return [
            *self.competencies,
            *self.expectations,
            *self.evidence,
            *self.goals,
            *self.pages,
            *self.attachments,
        ]


def check_framework_ids(item: Evidence | Goal, framework: Framework, diags: Diagnostics) -> None:
    """Competencies, expectations and level named in front matter must exist."""
    doc = item.doc
    competency_ids = framework.competency_ids
    for i, competency in enumerate(item.competencies):
        if competency not in competency_ids:
            line, col = doc.at(("competencies", i))
            diags.error(
                item.path,
                line,
                col,
                f"unknown competency '{competency}'{did_you_mean(competency, competency_ids)}",
                f"competencies in the framework: {one_of(competency_ids)}",
            )
    expectations = framework.expectations_by_id
    for i, expectation_id in enumerate(item.expectations):
        line, col = doc.at(("expectations", i))
        expectation = expectations.get(expectation_id)
        if expectation is None:
            diags.error(
                item.path,
                line,
                col,
                f"unknown expectation '{expectation_id}'"
                f"{did_you_mean(expectation_id, expectations)}",
                "expectation ids are set in the framework, or are <competency>.<level>.<N>",
            )
        elif expectation.competency not in item.competencies:
            diags.warning(
                item.path,
                line,
                col,
                f"expectation '{expectation_id}' belongs to competency "
                f"'{expectation.competency}', which is not in competencies",
                f"add {expectation.competency} to competencies; it is counted anyway",
            )
    if item.level is not None and item.level not in framework.level_ids:
        line, col = doc.at(("level",))
        diags.error(
            item.path,
            line,
            col,
            f"unknown level '{item.level}'{did_you_mean(item.level, framework.level_ids)}",
            f"levels in the framework: {one_of(framework.level_ids)}",
        )


def check_body(
    item: Item,
    refs: Sequence[Reference],
    targets: Targets | None,
    root: Path,
    diags: Diagnostics,
) -> None:
    """Wikilinks must name something (checked when targets are known); links and images
    must stay inside the workspace."""
    for ref in refs:
        line = item.body_line + ref.line
        if ref.kind == "wikilink":
            if targets is not None and targets.resolve(ref.target) is None:
                diags.error(
                    item.path,
                    line,
                    ref.col,
                    f"unknown link target '[[{ref.target}]]'"
                    f"{did_you_mean(ref.target, targets.everything())}",
                    WIKILINK_HINT,
                )
        else:
            problem = url_problem(ref.target, item.path, root)
            hint = "link attachments as [[files/NAME]] with the file in content/files/"
            if not problem and ref.kind == "raw":
                problem = _raw_problem(ref)
                hint = "each audience's build rewrites only <a href> and <img src>"
            if problem:
                diags.error(item.path, line, ref.col, problem, hint)


def _raw_problem(ref: Reference) -> str:
    """Raw HTML may point at workspace files only where a build can rewrite the link."""
    parts = split_url(ref.target)
    if parts is None or parts.scheme or not parts.path or ref.target.startswith(("#", "//")):
        return ""
    return (
        f"raw HTML points at the workspace file '{ref.target}' from an attribute a build "
        "cannot rewrite: use <a href> or <img src>, or a Markdown link"
    )


def check_links(item: Item, links: Sequence[Link], root: Path, diags: Diagnostics) -> None:
    for i, link in enumerate(links):
        problem = url_problem(link.url, item.path, root)
        if problem:
            line, col = item.doc.at(("links", i))
            diags.error(
                item.path,
                line,
                col,
                problem,
                "use a web address (https://...) or an attachment in content/files/",
            )


def url_problem(url: str, source_rel: str, root: Path) -> str:
    """Why a link is refused ('' when it is fine): unsafe scheme, absolute, or leaving."""
    parts = split_url(url)
    if parts is None:
        return f"malformed link '{url}'"
    if url.startswith(("#", "//", "https://", "http://", "mailto:")):
        return ""
    if parts.scheme and len(parts.scheme) > 1:
        return "" if parts.scheme.lower() in SAFE_SCHEMES else f"unsupported link '{url}'"
    path = unquote(parts.path)
    if parts.scheme or path.startswith(("/", "\\")):
        return f"link '{url}' is an absolute path"
    if not path:
        return ""
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))
    if resolved == ".." or resolved.startswith("../"):
        return f"link '{url}' leads outside the workspace"
    if not inside(root, root / resolved):
        return f"link '{url}' is a symlink leading outside the workspace"
    return ""


def check_slugs(items: Sequence[Item], kind: str, diags: Diagnostics) -> list[Item]:
    """Slugs are unique within a kind; a clash is an error naming both files."""
    first: dict[str, Item] = {}
    unique: list[Item] = []
    for item in sorted(items, key=lambda i: i.path):
        other = first.get(item.slug)
        if other is not None:
            diags.error(
                item.path,
                0,
                0,
                f"{kind} slug '{item.slug}' is also the slug of {other.path}",
                "rename one file; slugs are file names lowercased with punctuation as '-'",
            )
            continue
        first[item.slug] = item
        unique.append(item)
    return unique
