"""Feedback as pages show it (SPEC sections 2 and 8): only the words of the person quoted
appear as a quote (`quote:`, else the body's first blockquote), attributed to `from`; the
rest of the body is the author's own context, shown apart, outside the quote."""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from dossier.model.content import Evidence
from dossier.model.dossier import HIDDEN_SOURCE
from dossier.render.excerpt import first_block


@dataclass(frozen=True)
class Feedback:
    evidence: Evidence
    quote: Markup  # the quoted words as HTML paragraphs; empty: no quote to show
    context: Markup  # the author's words around them
    who: str


def who_said(evidence: Evidence) -> str:
    """`from` ("a colleague" where it is hidden from this reader, or not given)."""
    return evidence.source or HIDDEN_SOURCE


def _paragraphs(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in parts if p)


def split_feedback(evidence: Evidence, body_html: str) -> Feedback:
    """The quote and the context of a piece, from its body as rendered for the page."""
    who = who_said(evidence)
    if evidence.quote:
        return Feedback(evidence, Markup(_paragraphs(evidence.quote)), Markup(body_html), who)
    quoted = first_block(body_html, "blockquote") if "<blockquote" in body_html else None
    if quoted is None:
        return Feedback(evidence, Markup(""), Markup(body_html), who)
    context = body_html.replace(quoted.html, "", 1).strip()
    return Feedback(evidence, Markup(quoted.inner.strip()), Markup(context), who)
