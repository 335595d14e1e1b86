"""Evidence, goals and pages: Markdown documents with typed front matter."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from dossier.errors import Diagnostics
from dossier.load.source import Document
from dossier.load.yamlsrc import YamlDoc
from dossier.model.fields import Fields, Scalar
from dossier.model.front import EVIDENCE_FRONT, GOAL_FRONT, PAGE_FRONT, keys_of, required_of
from dossier.model.samples import check_sample
from dossier.vocabulary import EVIDENCE_TYPES, GOAL_STATUSES, OPEN_GOAL_STATUSES

EVIDENCE_KEYS = keys_of(EVIDENCE_FRONT)
GOAL_KEYS = keys_of(GOAL_FRONT)
PAGE_KEYS = keys_of(PAGE_FRONT)


@dataclass(frozen=True)
class Link:
    title: str
    url: str


# The front-matter fields that model/references.py checks against the framework and the
# workspace once every file is read, `date` (checked against today by `dossier check`) and
# `type` (feedback without a quote, ditto): an item keeps where they were written, nothing
# else.
CROSS_CHECKED = frozenset({"competencies", "expectations", "level", "links", "date", "type"})


@dataclass(frozen=True)
class Item:
    """What evidence, goals and pages share: where they came from and who may see them."""

    slug: str
    path: str
    title: str
    visibility: str
    body: str
    body_line: int
    doc: YamlDoc = field(compare=False, repr=False)


@dataclass(frozen=True)
class Evidence(Item):
    date: dt.date = dt.date.min
    end: dt.date | None = None
    competencies: tuple[str, ...] = ()
    level: str | None = None
    expectations: tuple[str, ...] = ()
    type: str = "other"
    impact: str = ""
    metrics: tuple[tuple[str, Scalar], ...] = ()
    stakeholders: tuple[str, ...] = ()
    source: str = ""  # `from:` of feedback: who said it
    quote: str = ""  # `quote:` of feedback: their words, the only text pages quote
    links: tuple[Link, ...] = ()
    draft: bool = False  # captured, not yet reviewed: counts nowhere, shown to self apart
    sources: tuple[str, ...] = ()  # `source:` where it was imported from (commit, PR URL)

    @property
    def imported(self) -> bool:
        """Drafted from a commit or a pull request (not written at the time by hand)."""
        return any(s.startswith(("git:", "https://", "http://")) for s in self.sources)

    @property
    def latest(self) -> dt.date:
        """The later of date and end: when the work was last seen."""
        return self.end if self.end is not None and self.end > self.date else self.date


@dataclass(frozen=True)
class Goal(Item):
    date: dt.date | None = None
    due: dt.date | None = None
    status: str = "planned"
    metric: str = ""
    success: str = ""
    competencies: tuple[str, ...] = ()
    expectations: tuple[str, ...] = ()
    level: str | None = None
    stakeholders: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    actions: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES


@dataclass(frozen=True)
class Page(Item):
    order: int = 0


def slugify(name: str) -> str:
    """URL-safe: ASCII, lowercase, runs of anything else folded to a single '-'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def has_word(text: str) -> bool:
    """Holds at least one letter or digit (in any script)."""
    return any(ch.isalnum() for ch in text)


def slug_for(doc: Document, diags: Diagnostics) -> str | None:
    stem = PurePosixPath(doc.path).name.removesuffix(".md")
    slug = slugify(stem)
    if not slug:
        diags.error(
            doc.path,
            0,
            0,
            f"file name '{stem}.md' gives an empty URL slug",
            "rename the file with letters or digits, e.g. 2026-03-14-launch.md",
        )
        return None
    return slug


class _Reader:
    """Reads the fields every kind of document shares."""

    def __init__(
        self, doc: Document, diags: Diagnostics, audiences: tuple[str, ...], default_visibility: str
    ):
        self.doc = doc
        self.fields = Fields(doc.meta, diags, what="the front matter")
        self.audiences = audiences
        self.default_visibility = default_visibility

    def visibility(self) -> str:
        return self.fields.choice("visibility", self.audiences, self.default_visibility) or (
            self.default_visibility
        )

    def links(self) -> tuple[Link, ...]:
        links: list[Link] = []
        for i, item in enumerate(self.fields.list_of("links")):
            if isinstance(item, str) and item.strip():
                links.append(Link(item.strip(), item.strip()))
            elif isinstance(item, dict):
                entry = self.fields.sub("links").sub(i, "a link")
                entry.check_keys(("title", "url"), required=("url",))
                url = entry.text("url")
                if url:
                    links.append(Link(entry.text("title") or url, url))
            else:
                self.fields.error(
                    ("links", i),
                    "a link must be a URL or {title, url}",
                    'e.g. - {title: Launch review, url: "https://example.com/doc"}',
                )
        return tuple(links)

    def title(self) -> str:
        """The title; one without a letter or digit ("", "!!!") would make an empty link."""
        title = self.fields.text("title")
        if title is not None and not has_word(title):
            self.fields.error(
                ("title",),
                f"title {title!r} has no letter or digit",
                "write a title a reader can recognise, e.g. title: Launched self-serve onboarding",
            )
        check_sample(self.doc, self.fields, title or "")
        return title or ""

    def item_args(self, slug: str) -> dict[str, object]:
        return {
            "slug": slug,
            "path": self.doc.path,
            "title": self.title(),
            "visibility": self.visibility(),
            "body": self.doc.body,
            "body_line": self.doc.body_line,
            "doc": self.doc.meta.marks_of(CROSS_CHECKED),
        }


def parse_evidence(
    doc: Document,
    slug: str,
    diags: Diagnostics,
    audiences: tuple[str, ...],
    default_visibility: str,
) -> Evidence:
    """Evidence from a document; errors go to diags (the item is still returned so that
    its references are checked too)."""
    reader = _Reader(doc, diags, audiences, default_visibility)
    fields = reader.fields
    # a draft may lack what the author adds on review: competencies, impact, from
    draft = fields.boolean("draft", False)
    required = required_of(EVIDENCE_FRONT)
    if not draft:
        required = (*required, "competencies")
    fields.check_keys(EVIDENCE_KEYS, required=required)
    day, end = fields.date("date"), fields.date("end")
    competencies = fields.text_list("competencies")
    if fields.data.get("competencies") is not None and not competencies and not draft:
        fields.error(
            ("competencies",),
            "evidence needs at least one competency",
            "e.g. competencies: [strategy]",
        )
    if day and end and end < day:
        fields.error(("end",), f"end {end} is before date {day}", "end is when the work finished")
    evidence_type = fields.choice("type", EVIDENCE_TYPES, "other") or "other"
    source = fields.text("from") or ""
    quote = fields.text("quote") or ""
    _check_feedback(fields, evidence_type, source, draft, quote)
    return Evidence(
        **reader.item_args(slug),  # type: ignore[arg-type]
        date=day or dt.date.min,
        end=end,
        competencies=competencies,
        level=fields.identifier("level"),
        expectations=fields.text_list("expectations"),
        type=evidence_type,
        impact=fields.text("impact") or "",
        metrics=fields.scalar_map("metrics"),
        stakeholders=fields.text_list("stakeholders"),
        source=source,
        quote=quote,
        links=reader.links(),
        draft=draft,
        sources=fields.text_list("source"),
    )


def _check_feedback(
    fields: Fields, evidence_type: str, source: str, draft: bool, quote: str
) -> None:
    if evidence_type == "feedback" and not source and not draft:
        fields.warning(
            ("type",),
            "feedback without `from`",
            "say who gave it, e.g. from: Sam Okafor (VP Product)",
        )
    if source and evidence_type != "feedback":
        fields.warning(
            ("from",),
            f"`from` is set but type is '{evidence_type}'",
            "set type: feedback, or remove `from`",
        )
    if quote and evidence_type != "feedback":
        fields.error(
            ("quote",),
            f"`quote` is for feedback, but type is '{evidence_type}'",
            "set type: feedback, or put the words in the body (a > blockquote)",
        )


def parse_goal(
    doc: Document,
    slug: str,
    diags: Diagnostics,
    audiences: tuple[str, ...],
    default_visibility: str,
) -> Goal:
    reader = _Reader(doc, diags, audiences, default_visibility)
    fields = reader.fields
    fields.check_keys(GOAL_KEYS, required=required_of(GOAL_FRONT))
    competencies = fields.text_list("competencies")
    expectations = fields.text_list("expectations")
    if not competencies and not expectations:
        fields.warning(
            (),
            "goal closes no competency or expectation",
            "add competencies: [...] so the plan shows which gap it closes",
        )
    due = fields.date("due")
    if fields.data.get("due") is None:
        fields.warning((), "goal has no due date", "add due: YYYY-MM-DD; a plan needs deadlines")
    status = fields.choice("status", GOAL_STATUSES, "planned") or "planned"
    return Goal(
        **reader.item_args(slug),  # type: ignore[arg-type]
        date=fields.date("date"),
        due=due,
        status=status,
        metric=fields.text("metric") or "",
        success=fields.text("success") or "",
        competencies=competencies,
        expectations=expectations,
        level=fields.identifier("level"),
        stakeholders=fields.text_list("stakeholders"),
        links=reader.links(),
        actions=fields.text_list("actions"),
    )


def parse_page(
    doc: Document,
    slug: str,
    diags: Diagnostics,
    audiences: tuple[str, ...],
    default_visibility: str,
) -> Page:
    reader = _Reader(doc, diags, audiences, default_visibility)
    reader.fields.check_keys(PAGE_KEYS, required=required_of(PAGE_FRONT))
    order = reader.fields.integer("order", 0, minimum=-10_000)
    return Page(**reader.item_args(slug), order=order)  # type: ignore[arg-type]
