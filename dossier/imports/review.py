"""What `dossier check` tells the author about drafts: how many wait, the newest, and
which have no competency yet."""

from __future__ import annotations

from collections.abc import Sequence

from dossier.errors import one_of
from dossier.model.content import Evidence

LISTED = 10  # drafts named by `dossier check`; the rest are counted


def drafts_summary(
    drafts: Sequence[Evidence], competency_ids: Sequence[str], prefix: str = ""
) -> str:
    """'N drafts to review', the newest named, and a hint for those without competencies."""
    newest = sorted(drafts, key=lambda d: (d.date, d.slug), reverse=True)
    count = len(newest)
    lines = [f"{count} draft{'s' * (count != 1)} to review (they count nowhere until published):"]
    lines += [f"  {prefix}{d.path}  {d.title}" for d in newest[:LISTED]]
    if count > LISTED:
        lines.append(f"  and {count - LISTED} more")
    bare = sum(1 for d in newest if not d.competencies)
    if bare:
        lines.append(
            f"  hint: {bare} {'has' if bare == 1 else 'have'} no competencies yet; "
            f"add them on review: `dossier publish FILE -c ID` ({one_of(competency_ids, 8)})"
        )
    lines.append("  hint: read one, edit it, then `dossier publish FILE` (or delete it)")
    return "\n".join(lines)
