"""Draft evidence files: what an import knows about the workspace (the framework, every
source already brought in, every slug taken), and writing drafts that pass `dossier check`,
each into a new file of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dossier.authoring.scaffold import (
    FOLDERS,
    WorkspaceInfo,
    create_file,
    front_matter,
    read_workspace,
    short_slug,
    yaml_value,
)
from dossier.authoring.scaffold import field as front_field
from dossier.authoring.schema import workspace_schema_path
from dossier.dates import add_months
from dossier.errors import Diagnostics, one_of
from dossier.imports.ledger import Ledger, source_key
from dossier.imports.text import has_word_character, one_line
from dossier.load import workspace as disk
from dossier.load.source import read_text, split_front_matter
from dossier.markdown.markup import markdown_for, scan_references
from dossier.model.content import parse_evidence, slugify
from dossier.model.references import check_framework_ids, check_links

EVIDENCE_FOLDER = FOLDERS["evidence"]
_COMMIT_SOURCE = re.compile(r"git:[A-Za-z0-9][A-Za-z0-9._-]*@[0-9a-f]{7,64}")
DEFAULT_MONTHS_BACK = 6  # what a first import reads when given no --since


@dataclass(frozen=True)
class Draft:
    """One piece of evidence to draft, before it has a file."""

    name: str  # what the file is called after its date
    title: str
    day: date
    body: str
    sources: tuple[str, ...]  # as written in `source:`
    what: str  # one line for the terminal, e.g. "api: pull request #12"
    end: date | None = None
    competencies: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (title, url)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source_key(s) for s in self.sources))

    @property
    def latest(self) -> date:
        return self.end or self.day


@dataclass
class Target:
    """The workspace an import writes into, as far as an import needs to know it."""

    root: Path
    info: WorkspaceInfo
    ledger: Ledger
    known: set[str] = field(default_factory=set)  # source keys of every evidence file
    slugs: set[str] = field(default_factory=set)  # slugs of every evidence file
    newest: date | None = None  # the latest date of anything imported so far

    @classmethod
    def open(cls, root: Path) -> Target:
        """Read the workspace; raises ScaffoldError when its framework cannot be read."""
        target = cls(root, read_workspace(root), Ledger.read(root))
        target.newest = target.ledger.newest()
        for found in disk.walk_files(root, EVIDENCE_FOLDER, Diagnostics()):
            if found.rel.endswith(".md"):
                target.slugs.add(slugify(found.path.stem))
                target._note_sources(found.path, found.rel)
        return target

    def _note_sources(self, path: Path, rel: str) -> None:
        """The sources a file names (front matter read without the whole check)."""
        diags = Diagnostics()
        text = read_text(path, rel, diags)
        document = split_front_matter(text, rel, diags) if text is not None else None
        meta = document.meta.value if document is not None else None
        if not isinstance(meta, dict) or not meta.get("source"):
            return
        sources = meta["source"] if isinstance(meta["source"], list) else [meta["source"]]
        self.known.update(source_key(str(s)) for s in sources if isinstance(s, (str, int)))
        days = [meta.get(k) for k in ("end", "date")]
        for day in days:
            if isinstance(day, str) and len(day) >= 10:
                parsed = _day(day[:10])
                if parsed and (self.newest is None or parsed > self.newest):
                    self.newest = parsed

    def is_known(self, key: str) -> bool:
        return key in self.known or self.ledger.knows(key)

    def default_since(self, today: date) -> date:
        """The day after the newest import, moved back to the Monday of its ISO week (a
        week not over at the last import is drafted now; whatever was imported already
        is recognised by its source); else six months back."""
        if self.newest is None:
            return add_months(today, -DEFAULT_MONTHS_BACK)
        after = self.newest + timedelta(days=1)
        return after - timedelta(days=after.weekday())

    @property
    def schema(self) -> str | None:
        return "evidence" if (self.root / workspace_schema_path("evidence")).is_file() else None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Written:
    draft: Draft
    rel: str | None  # where it went (or would go, in a dry run); None: not written
    note: str = ""


def write_drafts(target: Target, drafts: list[Draft], dry_run: bool) -> list[Written]:
    """Each draft into a new file named by its date and name, with a slug no other piece
    of evidence has; nothing is overwritten. Sources are recorded in the ledger."""
    results: list[Written] = []
    for draft in sorted(drafts, key=lambda d: (d.day, d.name)):
        rel = _free_path(target, draft)
        text = draft_text(draft, target, rel)
        problems = draft_problems(text, rel, target)
        if problems:
            note = f"not written, it would not pass check: {problems[0]}"
            results.append(Written(draft, None, note))
            continue
        if not dry_run:
            outcome = create_file(target.root, rel, text)
            if not outcome.created:
                results.append(Written(draft, None, f"{rel} not written: {outcome.note}"))
                continue
            target.ledger.record(draft.keys, draft.latest)
        target.slugs.add(slugify(Path(rel).stem))
        target.known.update(draft.keys)
        results.append(Written(draft, rel))
    if not dry_run:
        target.ledger.save()
    return results


def _free_path(target: Target, draft: Draft) -> str:
    base = f"{draft.day.isoformat()}-{short_slug(draft.name, 'draft')}"
    stem, n = base, 1
    while slugify(stem) in target.slugs or (target.root / EVIDENCE_FOLDER / f"{stem}.md").exists():
        n += 1
        stem = f"{base}-{n}"
    return f"{EVIDENCE_FOLDER}/{stem}.md"


def draft_text(draft: Draft, target: Target, rel: str) -> str:
    """The file: front matter every value of which reads back as written, then the body."""
    title = one_line(draft.title)
    if not has_word_character(title):
        title = f"Work of {draft.day.isoformat()}"
    framework = target.info.framework
    guessed = "guessed from its words: check them" if draft.competencies else ""
    lines = [
        front_field("title", yaml_value(title)),
        front_field("date", draft.day.isoformat()),
        *([front_field("end", draft.end.isoformat())] if draft.end else []),
        front_field("draft", "true", "reviewed? `dossier publish` this file"),
        front_field(
            "competencies",
            yaml_value(list(draft.competencies)),
            guessed or f"add ids: {one_of(framework.competency_ids, 6)}",
        ),
        front_field("type", "project"),
        front_field("impact", '""', "one line: what changed, with a number"),
        "source:",
        *(f"  - {_source_value(source)}" for source in draft.sources),
    ]
    if draft.links:
        lines.append("links:")
        for link_title, url in draft.links:
            lines += [f"  - title: {yaml_value(link_title)}", f"    url: {yaml_value(url)}"]
    return front_matter(target.schema, rel, lines) + draft.body.rstrip("\n") + "\n"


def _source_value(source: str) -> str:
    """A commit source as it is (plain YAML reads it back the same), anything else quoted
    where it must be: thousands of commits are written in one import."""
    return source if _COMMIT_SOURCE.fullmatch(source) else yaml_value(source)


def draft_problems(text: str, rel: str, target: Target) -> list[str]:
    """What `dossier check` would say against this file on its own: errors in its front
    matter, unknown ids, links, and any link at all in a body meant to hold only words."""
    diags = Diagnostics()
    document = split_front_matter(text, rel, diags)
    if document is None:
        return [d.message for d in diags.errors] or ["no front matter"]
    info = target.info
    item = parse_evidence(
        document, slugify(Path(rel).stem), diags, info.audiences, info.default_visibility
    )
    check_framework_ids(item, info.framework, diags)
    check_links(item, item.links, target.root, diags)
    problems = [d.message for d in diags.errors]
    if "[" in item.body or "<" in item.body:  # no link of any kind is written without one
        references = scan_references(markdown_for(False), item.body)
        problems += [f"the body links '{ref.target}'" for ref in references]
    if not item.draft or not item.sources:
        problems.append("it is not a draft with its source")
    return problems
