"""Loading a workspace: dossier.yaml, the framework and every document, validated and
cross-checked, every problem collected. The Dossier comes back only when there is no error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from dossier.errors import Diagnostics
from dossier.load import workspace as disk
from dossier.model.config import (
    CONFIG_FILE,
    DEFAULT_AUDIENCES,
    DEFAULT_FRAMEWORK,
    Config,
    check_levels_and_competencies,
    parse_config,
)
from dossier.model.content import Evidence, Goal
from dossier.model.documents import Content, Settings
from dossier.model.dossier import Dossier
from dossier.model.framework import Framework, parse_framework
from dossier.model.references import Targets, check_body, check_framework_ids, check_links
from dossier.speed.parsing import ParseCache, parse_documents
from dossier.speed.workers import release_free_memory


def load_config(root: Path, diags: Diagnostics) -> Config | None:
    doc = disk.read_yaml_file(root, CONFIG_FILE, diags)
    return None if doc is None else parse_config(doc, diags)


def load_framework(root: Path, config: Config, diags: Diagnostics) -> Framework | None:
    at = config.doc.at(("framework",)) if config.doc else (0, 0)
    doc = disk.read_framework(root, config.framework, diags, at)
    framework = None if doc is None else parse_framework(doc, diags)
    if framework is not None:
        by_rank = sorted(framework.level_ids, key=framework.order)  # list order without ranks
        check_levels_and_competencies(config, by_rank, framework.competency_ids, diags)
    return framework


def _fallback_framework(root: Path, diags: Diagnostics) -> Framework | None:
    """When dossier.yaml is broken, still check the framework at its usual place."""
    if not (root / DEFAULT_FRAMEWORK).is_file():
        return None
    doc = disk.read_yaml_file(root, DEFAULT_FRAMEWORK, diags)
    return None if doc is None else parse_framework(doc, diags)


def _check_references(
    root: Path,
    framework: Framework | None,
    content: Content,
    attachments: list[str],
    diags: Diagnostics,
) -> None:
    """Links are checked always; ids and wikilinks only once the framework is known."""
    claims: list[Evidence | Goal] = [*content.evidence, *content.goals]
    for item in claims:
        check_links(item, item.links, root, diags)
        if framework is not None:
            check_framework_ids(item, framework, diags)
    targets = None
    if framework is not None:
        targets = Targets(
            frozenset(framework.competency_ids),
            frozenset(framework.all_expectations()),
            frozenset(framework.level_ids),
            frozenset(e.slug for e in content.evidence),
            frozenset(g.slug for g in content.goals),
            frozenset(p.slug for p in content.pages),
            frozenset(attachments),
        )
    for page_like in (*content.evidence, *content.goals, *content.pages):
        parsed = content.parsed.get(page_like.path)
        check_body(page_like, parsed.references if parsed else (), targets, root, diags)


def settings_for(config: Config | None) -> Settings:
    if config is None:
        return Settings(DEFAULT_AUDIENCES, "manager", False)
    return Settings(config.audiences, config.default_visibility, config.site.allow_html)


def load_dossier(
    root: Path,
    diags: Diagnostics,
    cache: ParseCache | None = None,
    meanwhile: Callable[[Config], None] | None = None,
) -> Dossier | None:
    """Read and validate the workspace at root; None when any error was found. With a
    cache, files whose bytes did not change since the last call are not parsed again.
    `meanwhile(config)` is done while the other cores parse."""
    config = load_config(root, diags)
    framework = load_framework(root, config, diags) if config else _fallback_framework(root, diags)
    later = (lambda: meanwhile(config)) if meanwhile and config else None
    content = parse_documents(root, settings_for(config), diags, cache, later)
    attachments = disk.list_attachments(root, diags)
    _check_references(root, framework, content, attachments, diags)
    release_free_memory()  # what parsing left behind, before a build forks its workers
    if config is None or framework is None or diags.errors:
        return None
    evidence = sorted(content.evidence, key=lambda e: (e.date, e.slug))
    return Dossier(
        root=root,
        config=config,
        framework=framework,
        evidence=tuple(e for e in evidence if not e.draft),
        goals=tuple(sorted(content.goals, key=lambda g: (g.due or date.max, g.slug))),
        pages=tuple(sorted(content.pages, key=lambda p: (p.order, p.title, p.slug))),
        people=config.people,
        attachments=tuple(attachments),
        parsed=content.parsed,
        drafts=tuple(e for e in evidence if e.draft),  # apart: they count nowhere
    )
