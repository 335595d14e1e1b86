"""The packet as plain data, in the order promotion committees read a case (SPEC section 5):
the ask; the summary and the business case; per competency at the level, its
expectations, the strongest evidence and feedback in the words of those who gave it; the
backfill; and, for the audiences that get them, the gaps and the plan.

Everything comes from one audience's view and report, so nothing hidden from it can be
in the packet; the document writers only lay this out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dossier.analysis.gaps import NOT_REQUIRED, CompetencyStatus, Report
from dossier.analysis.strongest import strongest_evidence
from dossier.markdown.markup import markdown_for
from dossier.model.content import Evidence, Page
from dossier.model.dossier import NOT_SHARED, Dossier
from dossier.packet import sections as part
from dossier.packet.blocks import Block, Linker, Runs, body_blocks, first_quote, plain
from dossier.packet.ladder import expected_words
from dossier.packet.summary import Ask, Gaps, PlanGoal, ask_of, gaps_of, plan_of, summary_of
from dossier.render import urls
from dossier.render.bodies import BodyRenderer
from dossier.render.site import link_targets

PIECES_PER_COMPETENCY = 3
QUOTES_PER_COMPETENCY = 3
SUMMARY_PAGE, BUSINESS_CASE_PAGE, BACKFILL_PAGE = "summary", "why-now", "backfill"
ANONYMOUS = "a colleague"  # who said it, when the person is hidden from the audience


@dataclass(frozen=True)
class Piece:
    """One piece of the strongest evidence, as the committee reads it."""

    title: str
    when: str
    type: str
    impact: str
    metrics: tuple[tuple[str, str], ...]
    url: str | None  # on the audience's published site, when known


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[Runs, ...]
    who: str
    when: str


@dataclass(frozen=True)
class CompetencyPart:
    id: str
    title: str
    description: str
    expectations: tuple[str, ...]
    pieces: tuple[Piece, ...]
    counted: int  # pieces counted toward it at the level
    quotes: tuple[Quote, ...]
    not_required: str = ""  # the agreed reason, for the audiences that see statuses


@dataclass(frozen=True)
class Packet:
    title: str
    author: str
    audience: str
    as_of: date
    level_title: str
    ask: Ask
    summary: tuple[Block, ...]
    business_case: tuple[Block, ...]
    competencies: tuple[CompetencyPart, ...]
    backfill: tuple[Block, ...]
    gaps: Gaps | None  # None: not for this audience
    plan: tuple[PlanGoal, ...] | None
    notes: tuple[str, ...]  # parts left out and why, for the author


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def when_of(evidence: Evidence) -> str:
    if evidence.end is not None and evidence.end > evidence.date:
        return f"{short_date(evidence.date)} to {short_date(evidence.end)}"
    return short_date(evidence.date)


class _Maker:
    """What making one audience's packet needs: its view, report, sections and links."""

    def __init__(self, view: Dossier, report: Report, sections: frozenset[str]):
        self.view, self.report, self.sections = view, report, sections
        config = view.config
        self.md = markdown_for(config.site.allow_html)
        renderer = BodyRenderer(self.md, link_targets(view), view.audience == "self")
        missing = () if part.PLAN in sections else (urls.PLAN, urls.GAPS)
        base = config.site.url_for(view.audience, config.default_audience)
        self.linker = Linker(renderer.targets, base, renderer, missing)
        self.by_slug = {e.slug: e for e in view.evidence}

    def blocks(self, body: str, source: str) -> tuple[Block, ...]:
        return body_blocks(self.md.parse(body), self.linker, source)

    def page(self, slug: str) -> Page | None:
        return next((p for p in self.view.pages if p.slug == slug), None)

    def piece(self, evidence: Evidence) -> Piece:
        return Piece(
            evidence.title,
            when_of(evidence),
            evidence.type,
            evidence.impact,
            tuple((name.replace("_", " "), str(value)) for name, value in evidence.metrics),
            self.linker.site_url(urls.evidence_page(evidence.slug)),
        )

    def quote(self, evidence: Evidence) -> Quote | None:
        """Only the quoted words (`quote:`, else the body's first blockquote): the rest of
        the body is the author's own context."""
        written = str(getattr(evidence, "quote", "") or "")
        if written:
            paragraphs = tuple(plain(" ".join(p.split())) for p in written.split("\n\n"))
        else:
            paragraphs = first_quote(self.blocks(evidence.body, evidence.path))
        paragraphs = tuple(p for p in paragraphs if p)
        if not paragraphs:
            return None
        who = evidence.source if evidence.source and evidence.source != NOT_SHARED else ANONYMOUS
        return Quote(paragraphs, who, short_date(evidence.date))

    def quotes(self, competency_id: str) -> tuple[Quote, ...]:
        """Newest first; feedback given after as-of does not exist yet, drafts are not
        part of the case."""
        feedback = [
            e
            for e in reversed(self.view.evidence)
            if e.type == "feedback"
            and competency_id in e.competencies
            and e.date <= self.report.as_of
            and not getattr(e, "draft", False)
        ]
        found = (self.quote(e) for e in feedback)
        return tuple(q for q in found if q is not None)[:QUOTES_PER_COMPETENCY]

    def competency(self, status: CompetencyStatus) -> CompetencyPart:
        strongest = strongest_evidence(
            self.view, self.report, PIECES_PER_COMPETENCY, competency=status.id
        )
        return CompetencyPart(
            status.id,
            status.title,
            self.view.framework.competency(status.id).description,
            expected_words(self.view.framework, status, self.report.level),
            tuple(self.piece(e) for e in strongest),
            len(status.evidence),
            self.quotes(status.id),
            status.reasons[0] if status.status == NOT_REQUIRED and status.reasons else "",
        )

    def shown_competencies(self) -> list[CompetencyStatus]:
        """Not-required competencies are not argued in the case: listed, with their
        reason, only where statuses are shown."""
        return [
            c
            for c in self.report.competencies
            if c.status != NOT_REQUIRED or part.STATUS in self.sections
        ]


def make_packet(view: Dossier, report: Report, sections: frozenset[str]) -> Packet:
    """The packet of `view.audience`, from its view and the report made from that view."""
    maker = _Maker(view, report, sections)
    config = view.config
    notes: list[str] = []
    page_blocks: dict[str, tuple[Block, ...]] = {}
    for slug in (SUMMARY_PAGE, BUSINESS_CASE_PAGE, BACKFILL_PAGE):
        page = maker.page(slug)
        page_blocks[slug] = maker.blocks(page.body, page.path) if page else ()
        if page is None and slug != SUMMARY_PAGE:
            notes.append(
                f"no content/pages/{slug}.md visible to {view.audience}: that part is left out"
            )
    competencies = tuple(maker.competency(c) for c in maker.shown_competencies())
    summary = page_blocks[SUMMARY_PAGE] or summary_of(view, report, competencies_counts(maker))
    return Packet(
        title=f"{config.person.name}: the case for {report.level_title}",
        author=config.person.name,
        audience=view.audience,
        as_of=report.as_of,
        level_title=report.level_title,
        ask=ask_of(view, report),
        summary=summary,
        business_case=page_blocks[BUSINESS_CASE_PAGE],
        competencies=competencies,
        backfill=page_blocks[BACKFILL_PAGE],
        gaps=gaps_of(view, report, sections) if part.GAPS in sections else None,
        plan=plan_of(view) if part.PLAN in sections else None,
        notes=tuple(notes),
    )


def competencies_counts(maker: _Maker) -> list[tuple[str, int, int, str]]:
    """(title, pieces counted, of which feedback, strongest piece's title) per competency
    the packet argues."""
    rows = []
    for status in maker.shown_competencies():
        if status.status == NOT_REQUIRED:
            continue
        best = strongest_evidence(maker.view, maker.report, 1, competency=status.id)
        rows.append(
            (status.title, len(status.evidence), status.feedback, best[0].title if best else "")
        )
    return rows
