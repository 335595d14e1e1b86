"""The stages in order: load files -> validate the model -> (analyse, render, write).

load_dossier() reads and validates a whole workspace, collecting every problem; it
returns the Dossier only when there are no errors.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dossier.errors import Diagnostics
from dossier.load import workspace as disk
from dossier.load.source import Document
from dossier.markup import make_markdown
from dossier.model.config import (
    CONFIG_FILE,
    DEFAULT_AUDIENCES,
    Config,
    check_levels_and_competencies,
    parse_config,
)
from dossier.model.content import (
    Evidence,
    Goal,
    Item,
    Page,
    parse_evidence,
    parse_goal,
    parse_page,
    slug_for,
)
from dossier.model.dossier import Dossier
from dossier.model.framework import Framework, parse_framework
from dossier.model.references import (
    Targets,
    check_body,
    check_framework_ids,
    check_links,
    check_slugs,
)


def load_config(root: Path, diags: Diagnostics) -> Config | None:
    doc = disk.read_yaml_file(root, CONFIG_FILE, diags)
    return None if doc is None else parse_config(doc, diags)


def load_framework(root: Path, config: Config, diags: Diagnostics) -> Framework | None:
    at = config.doc.at(("framework",)) if config.doc else (0, 0)
    doc = disk.read_framework(root, config.framework, diags, at)
    framework = None if doc is None else parse_framework(doc, diags)
    if framework is not None:
        check_levels_and_competencies(config, framework.level_ids, framework.competency_ids, diags)
    return framework


def _parse_all(
    root: Path, config: Config | None, diags: Diagnostics
) -> tuple[list[Evidence], list[Goal], list[Page]]:
    audiences = config.audiences if config else DEFAULT_AUDIENCES
    default = config.default_visibility if config else "manager"
    parsed: dict[str, list[Item]] = {}
    parsers = {"evidence": parse_evidence, "goals": parse_goal, "pages": parse_page}
    for kind in disk.CONTENT_KINDS:
        items: list[Item] = []
        for document in disk.read_documents(root, kind, diags):
            item = _parse_one(document, parsers[kind], diags, audiences, default)
            if item is not None:
                items.append(item)
        parsed[kind] = check_slugs(items, kind.rstrip("s"), diags)
    return (
        [i for i in parsed["evidence"] if isinstance(i, Evidence)],
        [i for i in parsed["goals"] if isinstance(i, Goal)],
        [i for i in parsed["pages"] if isinstance(i, Page)],
    )


def _parse_one(
    document: Document, parser: object, diags: Diagnostics, audiences: tuple[str, ...], default: str
) -> Item | None:
    slug = slug_for(document, diags)
    if slug is None:
        return None
    result = parser(document, slug, diags, audiences, default)  # type: ignore[operator]
    return result if isinstance(result, Item) else None


def _check_references(
    root: Path,
    config: Config,
    framework: Framework,
    content: tuple[list[Evidence], list[Goal], list[Page]],
    attachments: list[str],
    diags: Diagnostics,
) -> None:
    evidence, goals, pages = content
    targets = Targets(
        framework.competency_ids,
        list(framework.all_expectations()),
        framework.level_ids,
        [e.slug for e in evidence],
        [g.slug for g in goals],
        [p.slug for p in pages],
        attachments,
    )
    md = make_markdown(config.site.allow_html)
    claims: list[Evidence | Goal] = [*evidence, *goals]
    for item in claims:
        check_framework_ids(item, framework, diags)
        check_links(item, item.links, root, diags)
    for page_like in (*evidence, *goals, *pages):
        check_body(page_like, md, targets, root, diags)


def load_dossier(root: Path, diags: Diagnostics) -> Dossier | None:
    """Read and validate the workspace at root; None when any error was found."""
    config = load_config(root, diags)
    framework = load_framework(root, config, diags) if config else None
    content = _parse_all(root, config, diags)
    attachments = disk.list_attachments(root, diags)
    if config is None or framework is None:
        return None
    _check_references(root, config, framework, content, attachments, diags)
    if diags.errors:
        return None
    evidence, goals, pages = content
    return Dossier(
        root=root,
        config=config,
        framework=framework,
        evidence=tuple(sorted(evidence, key=lambda e: (e.date, e.slug))),
        goals=tuple(sorted(goals, key=lambda g: (g.due or date.max, g.slug))),
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.title, p.slug))),
        people=config.people,
        attachments=tuple(attachments),
    )
