"""Dossier view + report -> {site path: bytes}. Templates, Markdown, charts; no disk writes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dossier.analysis.case import Case
from dossier.analysis.gaps import Report
from dossier.analysis.overtime import OverTime, in_json
from dossier.analysis.shown import shown_steps
from dossier.markdown.markup import (
    markdown_for,
)
from dossier.markdown.prepared import Prepared
from dossier.model.content import Evidence, Goal, Link, Page
from dossier.model.dossier import Dossier
from dossier.model.profile import Profile
from dossier.render import charts, context, urls
from dossier.render.bodies import BodyRenderer, LinkTargets, RenderedBody
from dossier.render.brief import brief_values
from dossier.render.competency import competency_values
from dossier.render.excerpt import clip
from dossier.render.ladders import LadderPages
from dossier.render.ladders import add_filters as add_ladder_filters
from dossier.render.listing import evidence_listing
from dossier.render.progress import history_files, history_svg
from dossier.render.quotes import split_feedback
from dossier.render.siteparts import EntryMemo, dossier_json, timeline_svg, timeline_values
from dossier.render.words import add_filters
from dossier.report.data import report_data
from dossier.version import __version__

Files = dict[str, bytes]


@dataclass(frozen=True)
class SiteInput:
    dossier: Dossier  # the audience's view: only what it may see
    report: Report
    as_of: date
    provenance: context.Provenance
    template_dirs: tuple[Path, ...]  # workspace theme first, then the default theme
    over_time: OverTime | None  # history, check-in agenda, pieces after as-of
    profile: Profile  # what the reader is shown; the view and report hold no more
    case: Callable[[], Case]  # the brief's strongest pieces and lines, worked out when asked


def link_targets(dossier: Dossier) -> LinkTargets:
    framework = dossier.framework
    targets = LinkTargets()
    for c in framework.competencies:
        targets.competencies[c.id] = (urls.competency_page(c.id), c.title)
    for e in framework.all_expectations().values():
        targets.expectations[e.id] = (urls.expectation_anchor(e.competency, e.id), e.text)
    targets.evidence = {e.slug: (urls.evidence_page(e.slug), e.title) for e in dossier.evidence}
    targets.goals = {g.slug: (urls.goal_anchor(g.slug), g.title) for g in dossier.goals}
    targets.pages = {p.slug: (urls.page_page(p.slug), p.title) for p in dossier.pages}
    targets.attachments = set(dossier.attachments)
    targets.later = {e.slug: e.title for e in dossier.later}
    return targets


def make_environment(
    template_dirs: tuple[Path, ...],
    bytecode_cache: jinja2.BytecodeCache | None = None,
    auto_reload: bool = True,
) -> jinja2.Environment:
    """The template environment; a build, whose templates cannot change under it, turns
    off `auto_reload` (checking every template file on every page costs time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=bytecode_cache,
        auto_reload=auto_reload,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["clip"] = clip
    add_filters(env)
    env.tests["contains"] = lambda items, item: item in items
    add_ladder_filters(env)
    return env


class SiteRenderer:
    def __init__(self, site: SiteInput, env: jinja2.Environment):
        self.site = site
        self.dossier = site.dossier
        self.report = site.report
        self.framework = site.dossier.framework
        config = self.dossier.config
        self.md = markdown_for(config.site.allow_html)
        self.bodies = BodyRenderer(
            self.md, link_targets(self.dossier), self.dossier.audience == "self"
        )
        self.env = env
        self.profile = site.profile
        self.ladders = LadderPages(
            self.dossier,
            self.report,
            self.bodies,
            site.as_of,
            lambda steps: shown_steps(steps, self.profile),
        )
        self.statuses = {c.id: c for c in self.report.competencies}
        self.evidence_by_slug = {e.slug: e for e in self.dossier.evidence}
        self.evidence_index = {e.slug: i for i, e in enumerate(self.dossier.evidence)}
        self.goal_by_slug = {g.slug: g for g in self.dossier.goals}
        self.evidence_naming: dict[str, list[Evidence]] = {}  # expectation id -> evidence
        for e in self.dossier.evidence:
            for x in e.expectations:
                self.evidence_naming.setdefault(x, []).append(e)
        self.min_evidence = {
            c.id: c.min_evidence or config.analysis.min_evidence
            for c in self.framework.competencies
        }

    # -- shared helpers ------------------------------------------------------------------
    def body(
        self, item: Evidence | Goal | Page, page: str, top_level: int = 2, id_prefix: str = ""
    ) -> Markup:
        rendered: RenderedBody = self.bodies.render(
            item.body, page, item.path, top_level, id_prefix, self.dossier.prepared(item)
        )
        return Markup(rendered.html)

    def nav(self) -> list[tuple[str, str]]:
        """The site's own pages that exist for this reader, then its free pages."""
        brief = self.profile.lands_on_brief
        items = [
            (urls.INDEX, "Brief" if brief else "Overview"),
            (urls.GAPS, "Gaps"),
            (urls.EVIDENCE_LIST, "Evidence"),
            (urls.TIMELINE, "Timeline"),
            (urls.PLAN, "Plan"),
            (urls.FRAMEWORK, "Framework"),
            (urls.BRIEF, "Brief"),
        ]
        made = self.top_pages()
        shown = [(path, label) for path, label in items if path in made]
        return shown + [(urls.page_page(p.slug), p.title) for p in self.dossier.pages]

    def top_pages(self) -> dict[str, Callable[[], bytes]]:
        """The site's own pages for this reader: the brief is the landing page of one who
        gets the case only, the gaps and plan pages need their sections."""
        brief = self.profile.lands_on_brief
        pages: dict[str, Callable[[], bytes]] = {
            urls.INDEX: functools.partial(self.brief, urls.INDEX) if brief else self.index
        }
        if self.profile.shows("gaps"):
            pages[urls.GAPS] = lambda: self.render("gaps.html", urls.GAPS)
        pages[urls.EVIDENCE_LIST] = lambda: self.render(
            "evidence_list.html", urls.EVIDENCE_LIST, listing=evidence_listing(self.dossier)
        )
        pages[urls.TIMELINE] = self.timeline
        if self.profile.shows("plan"):
            pages[urls.PLAN] = self.plan
        pages[urls.FRAMEWORK] = self.framework_page
        if not brief:
            pages[urls.BRIEF] = functools.partial(self.brief, urls.BRIEF)
        return pages

    def common(self, page: str) -> dict[str, Any]:
        config = self.dossier.config

        def url(target: str) -> str:
            return urls.relative(page, target)

        return {
            "config": config,
            "dossier": self.dossier,
            "framework": self.framework,
            "report": self.report,
            "statuses": self.statuses,
            "audience": self.dossier.audience,
            "as_of": self.site.as_of,
            "version": __version__,
            "page_path": page,
            "nav": self.nav(),
            "url": url,
            "urls": urls,
            "level_title": lambda level_id: self.framework.level(level_id).title,
            "competency_title": lambda cid: self.framework.competency(cid).title,
            "provenance": self.site.provenance,
            "evidence_by_slug": self.evidence_by_slug,
            "goal_by_slug": self.goal_by_slug,
            "evidence_naming": self.evidence_naming,
            "link_href": lambda link, source: self.link_href(link, page, source),
            "describe_sources": context.describe_sources,
            "time": self.site.over_time,
            "profile": self.profile,
            "shows": self.profile.shows,
            "history_chart": lambda: Markup(history_svg(self.site.over_time)),
        }

    def link_href(self, link: Link, page: str, source: str) -> str | None:
        """A front-matter link's href from this page (None: not shared with this audience)."""
        return self.bodies.href(link.url, page, source)

    def render(self, template: str, page: str, **values: Any) -> bytes:
        html = self.env.get_template(template).render(**self.common(page), **values)
        return html.encode("utf-8")

    # -- pages ---------------------------------------------------------------------------
    def pages(self) -> Iterator[tuple[str, Callable[[], bytes]]]:
        """Every output file and how to make it, in a fixed order."""
        yield from self._summaries_before()
        for e in self.dossier.evidence:
            yield urls.evidence_page(e.slug), functools.partial(self.evidence_page, e)
        yield from self._summaries_after()

    def _summaries_before(self) -> Iterator[tuple[str, Callable[[], bytes]]]:
        yield from self.top_pages().items()
        for c in self.framework.competencies:
            yield urls.competency_page(c.id), self._competency_maker(c.id)

    def _summaries_after(self) -> Iterator[tuple[str, Callable[[], bytes]]]:
        for p in self.dossier.pages:
            yield urls.page_page(p.slug), self._page_maker(p)
        yield from self.charts()
        if self.profile.shows("plan"):
            yield urls.CALENDAR, self.calendar
        yield urls.DATA, self.data

    @functools.cached_property
    def summaries(self) -> dict[str, Callable[[], bytes]]:
        """Every file but the evidence pages, by site path (made without looking at each
        piece of evidence: a forked worker that touches an object copies its memory)."""
        return dict(chain(self._summaries_before(), self._summaries_after()))

    def index(self) -> bytes:
        shaded = self.profile.shows("status")
        chart = charts.status_chart(self.report.competencies, self.min_evidence) if shaded else ""
        recent = sorted(self.dossier.evidence, key=lambda e: (e.date, e.slug), reverse=True)[:6]
        return self.render(
            "index.html",
            urls.INDEX,
            chart=Markup(chart),
            top_gaps=context.top_gaps(self.report),
            recent=recent,
            to_review=sorted(self.dossier.drafts, key=lambda e: (e.date, e.slug), reverse=True),
        )

    def timeline(self) -> bytes:
        values = timeline_values(self.dossier, self.report, self.site.as_of)
        return self.render("timeline.html", urls.TIMELINE, **values)

    def plan(self) -> bytes:
        bodies = {g.slug: self.body(g, urls.PLAN, 3, f"goal-{g.slug}-") for g in self.dossier.goals}
        return self.render("plan.html", urls.PLAN, bodies=bodies)

    def framework_page(self) -> bytes:
        config = self.dossier.config
        return self.render(
            "framework.html",
            urls.FRAMEWORK,
            matrix=context.framework_matrix(
                self.dossier, self.site.as_of, self.profile.shows("status")
            ),
            new_at_target=context.new_at_target(
                self.framework, config.current_level, config.target_level
            ),
            changes=self.site.provenance.framework_changes,
            **self.ladders.framework_values(urls.FRAMEWORK),
        )

    @functools.cached_property
    def case(self) -> Case:
        return self.site.case()

    def brief(self, page: str) -> bytes:
        """The brief, at brief.html or, for a reader who gets the case only, index.html."""

        def body(item: Page) -> Markup:
            return self.body(item, page, 3, f"{item.slug}-")

        values = brief_values(self.dossier, self.report, self.case, self.profile, body)
        return self.render("brief.html", page, **values)

    def _competency_maker(self, competency_id: str) -> Callable[[], bytes]:
        def make() -> bytes:
            page = urls.competency_page(competency_id)
            values = competency_values(self, competency_id, page)
            return self.render("competency.html", page, **values)

        return make

    def evidence_page(
        self,
        evidence: Evidence,
        prepared: Prepared | None = None,
        neighbours: tuple[Evidence | None, Evidence | None] | None = None,
    ) -> bytes:
        """The page of one piece of evidence; its parsed body and the pieces before and
        after it are looked up unless given."""
        page = urls.evidence_page(evidence.slug)
        if neighbours is None:
            index = self.evidence_index[evidence.slug]
            neighbours = context.neighbours(self.dossier.evidence, index)
            prepared = self.dossier.prepared(evidence)
        before, after = neighbours
        rendered = self.bodies.render(evidence.body, page, evidence.path, prepared=prepared)
        feedback = split_feedback(evidence, rendered.html) if evidence.type == "feedback" else None
        if feedback and feedback.quote and "<h" in feedback.context:  # under "Context" (h2)
            rendered = self.bodies.render(evidence.body, page, evidence.path, 3, "", prepared)
            feedback = split_feedback(evidence, rendered.html)
        return self.render(
            "evidence.html",
            page,
            evidence=evidence,
            body=feedback.context if feedback else Markup(rendered.html),
            feedback=feedback,
            before=before,
            after=after,
            attachments=sorted(rendered.attachments),
        )

    def _page_maker(self, item: Page) -> Callable[[], bytes]:
        def make() -> bytes:
            page = urls.page_page(item.slug)
            return self.render("page.html", page, item=item, body=self.body(item, page))

        return make

    def charts(self) -> Iterator[tuple[str, Callable[[], bytes]]]:
        """The charts as files: those drawn from statuses only for a reader shown them."""
        report = self.report
        status = self.profile.shows("status")
        if status:
            yield (
                urls.chart_file("status"),
                lambda: charts.status_chart(
                    report.competencies, self.min_evidence, standalone=True
                ).encode(),
            )
        yield (
            urls.chart_file("timeline"),
            lambda: timeline_svg(
                self.dossier, report, self.site.as_of, urls.chart_file("timeline"), standalone=True
            ).encode(),
        )
        for competency in report.competencies if status else ():
            yield urls.chart_file(f"consistency-{competency.id}"), self._strip_maker(competency.id)
        yield from history_files(self.site.over_time)

    def _strip_maker(self, competency_id: str) -> Callable[[], bytes]:
        status = self.statuses[competency_id]
        return lambda: charts.consistency_strip(
            status, f"strip-{competency_id}", standalone=True
        ).encode()

    def calendar(self) -> bytes:
        from dossier.render.ics import calendar_for  # icalendar: imported while files parse

        return calendar_for(self.dossier, self.site.as_of)

    def data(self) -> bytes:
        return b"".join(self.data_pieces())

    def data_pieces(self, entries: EntryMemo | None = None) -> tuple[bytes, ...]:
        """dossier.json in pieces, for a writer that need not hold it whole; `entries`
        may supply each evidence entry (made before, unchanged)."""
        time = in_json(self.site.over_time)
        report = report_data(self.report, self.dossier, time, profile=self.profile)
        with_goals = self.profile.shows("plan")
        return dossier_json(self.dossier, report, self.bodies, entries, with_goals)
