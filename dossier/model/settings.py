"""The tables of dossier.yaml below its top level: people, the analysis settings, check-ins,
site options and sources, each key declared once (dossier/model/options.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dossier.model.options import option
from dossier.vocabulary import DEFAULT_KEEP, SHOW_SECTIONS


@dataclass(frozen=True)
class Person:
    name: str = option(help="Their name, as evidence names them in stakeholders.", required=True)
    role: str = option("", "Their role, e.g. VP Product.")
    relation: str = option("", "How they relate to the case, e.g. manager, sponsor, peer.")
    visibility: str = option(
        "manager", "The widest audience allowed to see them (default: manager).", kind="audience"
    )


@dataclass(frozen=True)
class Author:
    """What the author writes about themselves (read into a Person)."""

    name: str = option(help="Your name.", required=True)
    role: str = option("", "Your current role, e.g. Senior Product Manager.")


@dataclass(frozen=True)
class AnalysisSettings:
    min_evidence: int = option(
        2, "Pieces per competency to count as demonstrated (default 2).", kind="integer", minimum=1
    )
    recent_months: int = option(
        12,
        "The latest piece must be this many months old at most (default 12).",
        kind="integer",
        minimum=1,
    )
    min_periods: int = option(
        2,
        "Distinct calendar quarters the evidence must span (default 2).",
        kind="integer",
        minimum=1,
    )
    lead_months: int = option(
        6, "Warn when the cycle is closer than this and gaps remain (default 6).", kind="integer"
    )
    min_types: int = option(
        1,
        "Distinct evidence types a claim needs (default 1).",
        kind="integer",
        minimum=1,
        maximum=7,
    )


@dataclass(frozen=True)
class CheckIns:
    every_weeks: int = option(
        4, "Weeks between check-ins.", kind="integer", required=True, minimum=1, maximum=52
    )
    with_: str = option("", "Who you check in with.", key="with")
    start: date | None = option(
        None,
        "The day of the first check-in, YYYY-MM-DD: the series repeats from it.",
        kind="date",
        key="from",
        required=True,
    )


@dataclass(frozen=True)
class SiteSettings:
    base_url: str | None = option(
        None,
        "The address the site `dossier build` makes (the default audience's) is published at, "
        "or a mapping from audience to the address of that audience's own site (optional; "
        "links are relative anyway; `dossier export` links evidence to it).",
        kind="urls",
    )
    theme: str = option("default", "A theme folder under themes/ (default: default).", kind="id")
    noindex: bool = option(
        True, "Ask search engines not to index the site (default: true).", kind="boolean"
    )
    language: str = option("en", "The site's language code (default: en).")
    allow_html: bool = option(
        False,
        "Let raw HTML in Markdown through instead of escaping it (default: false).",
        kind="boolean",
    )
    show: tuple[tuple[str, tuple[str, ...]], ...] = option(
        (),
        "What each reader is shown beyond the case: audience -> the sections it gets, "
        "replacing its default (self, manager and audiences below manager get all of "
        f"them, wider ones none). Sections: {', '.join(SHOW_SECTIONS)}.",
        kind="show",
    )
    keep: tuple[str, ...] = option(
        DEFAULT_KEEP,
        "Names in the output folder that a rebuild keeps, besides .git and other dot-files "
        "(default: CNAME, .nojekyll, _headers, _redirects); a list of your own replaces it.",
        kind="names",
    )
    # `base_url` written as a mapping: audience -> the address of its own site
    audience_urls: tuple[tuple[str, str], ...] = ()

    def url_for(self, audience: str, default_audience: str) -> str | None:
        """The address of `audience`'s own published site, if known: its entry in the
        mapping, or the single base_url when that is the default audience's site."""
        if self.audience_urls:
            return dict(self.audience_urls).get(audience)
        return self.base_url if audience == default_audience else None


@dataclass(frozen=True)
class SourceSettings:
    """Where `dossier import` looks when given nothing on the command line."""

    git: tuple[str, ...] = option(
        (),
        "Local git repositories for `dossier import git`: folders relative to the workspace, "
        "or absolute (~ allowed). A single path is taken as a list of one.",
        kind="text_list",
    )
