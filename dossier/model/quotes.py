"""Feedback that pages cannot quote: with neither `quote:` nor a blockquote in its body
it shows no quote at all (SPEC section 8), which `dossier check` points out."""

from __future__ import annotations

from dossier.errors import Diagnostics
from dossier.model.content import Evidence
from dossier.model.dossier import Dossier


def quotable(dossier: Dossier, evidence: Evidence) -> bool:
    """It has `quote:`, or a blockquote in the body every audience sees."""
    if evidence.quote:
        return True
    found = dossier.parsed.get(evidence.path)
    body = found.public_body or found.body if found is not None else None
    return body is not None and "<blockquote>" in body.html


def warn_unquoted_feedback(dossier: Dossier, diags: Diagnostics) -> None:
    for evidence in dossier.evidence:
        if evidence.type != "feedback" or evidence.draft or quotable(dossier, evidence):
            continue
        line, col = evidence.doc.at(("type",))
        diags.warning(
            evidence.path,
            line,
            col,
            "feedback with no quote: its pages quote nothing",
            'add quote: "their words" to the front matter, or put their words in a '
            "> blockquote in the body (the rest of the body stays your own context)",
        )
