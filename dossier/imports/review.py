"""What the author is shown about drafts and sources: the count `dossier check` ends with,
and where a piece came from, in words, for its page."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.errors import one_of
from dossier.model.dossier import Dossier

LISTED = 10  # drafts named by `dossier check`; the rest are counted


def drafts_summary(dossier: Dossier, prefix: str = "") -> str:
    """'N drafts to review', the newest named, and a hint for those without competencies."""
    drafts = sorted(dossier.drafts, key=lambda d: (d.date, d.slug), reverse=True)
    count = len(drafts)
    lines = [f"{count} draft{'s' * (count != 1)} to review (they count nowhere until published):"]
    lines += [f"  {prefix}{d.path}  {d.title}" for d in drafts[:LISTED]]
    if count > LISTED:
        lines.append(f"  and {count - LISTED} more")
    bare = sum(1 for d in drafts if not d.competencies)
    if bare:
        ids = one_of(dossier.framework.competency_ids, 8)
        lines.append(
            f"  hint: {bare} {'has' if bare == 1 else 'have'} no competencies yet; "
            f"add them on review: `dossier publish FILE -c ID` ({ids})"
        )
    lines.append("  hint: read one, edit it, then `dossier publish FILE` (or delete it)")
    return "\n".join(lines)


@dataclass(frozen=True)
class SourceLine:
    text: str
    url: str | None = None


def describe_sources(sources: tuple[str, ...]) -> list[SourceLine]:
    """Sources in words: commits counted per repository, web addresses as links."""
    commits: dict[str, list[str]] = {}
    lines: list[SourceLine] = []
    for source in sources:
        if source.startswith("git:") and "@" in source:
            repo, _, sha = source[4:].rpartition("@")
            commits.setdefault(repo or "a repository", []).append(sha)
        elif source.startswith(("https://", "http://")):
            lines.append(SourceLine(source, source))
        else:
            lines.append(SourceLine(source))
    repositories = [
        SourceLine(f"{repo}, commit {shas[0][:7]}")
        if len(shas) == 1
        else SourceLine(f"{repo}, {len(shas)} commits")
        for repo, shas in commits.items()
    ]
    return repositories + lines
