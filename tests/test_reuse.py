"""Pages reused from the last build: after any sequence of edits, a build that reuses what
it can (parse cache, evidence pages, summary pages, dossier.json's entries) is byte for
byte the build made from scratch with --no-cache, for every audience."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_faults import make_corpus

from dossier.cli import cli
from dossier.speed import stream

AS_OF = "2026-11-22"
AUDIENCES = ("self", "manager", "sponsor")
COMPETENCIES = ("design", "delivery", "people")
WORDS = (
    "alpha",
    "beta",
    "launch",
    "[[design]]",
    "[[delivery]]",
    "[[piece-0]]",  # a link that shows piece-0's title (piece-0 is never deleted)
    "**bold**",
    "[the deck](../files/deck.pdf)",  # an attachment: copied only while a page links it
)


def build(root: Path, out: Path, audience: str, *extra: str) -> str:
    result = CliRunner().invoke(
        cli,
        ["build", "-C", str(root), "--as-of", AS_OF, "-a", audience, "-o", str(out), *extra],
    )
    assert result.exit_code == 0, result.output
    return result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Piece:
    """One evidence file as the edits leave it."""

    title: str
    month: int
    type: str
    competencies: tuple[str, ...]
    visibility: str
    body: str
    draft: bool = False  # counted nowhere, listed apart on the self overview

    def write(self, ws: Workspace, slug: str) -> None:
        ws.evidence(
            slug,
            self.body,
            title=self.title,
            date=f"2026-{self.month:02}-10",
            type=self.type,
            competencies=list(self.competencies),
            visibility=self.visibility,
            **({"from": "Priya, VP Product"} if self.type == "feedback" else {}),
            **({"draft": True} if self.draft else {}),
        )


bodies = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
private = st.sampled_from(["", "\n\n::: private\nA private aside about the budget.\n:::\n"])
pieces = st.builds(
    Piece,
    title=st.sampled_from(["Led the launch", "Ran the review", "Hired two engineers"]),
    month=st.integers(1, 11),
    type=st.sampled_from(["project", "feedback", "talk"]),
    competencies=st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=2, unique=True).map(
        tuple
    ),
    visibility=st.sampled_from(["self", "manager", "sponsor"]),
    body=st.tuples(bodies, private).map("".join),
    draft=st.sampled_from([False, False, False, True]),
)
# an edit: (what, which of the six pieces, the piece as it becomes)
# ("body": only the body of piece n becomes the new piece's, the edit made most often)
edits = st.tuples(
    st.sampled_from(
        ["body", "body", "evidence", "evidence", "delete", "goal", "page", "config", "publish"]
    ),
    st.integers(0, 5),
    pieces,
)


def apply(ws: Workspace, current: dict[int, Piece], what: str, n: int, piece: Piece) -> None:
    slug = f"piece-{n}"
    if what == "body" and n in current:
        current[n] = replace(current[n], body=piece.body)
        current[n].write(ws, slug)
    elif what in ("evidence", "body"):
        current[n] = piece
        piece.write(ws, slug)
    elif what == "publish" and n in current:  # a draft published, or marked a draft again
        current[n] = replace(current[n], draft=not current[n].draft)
        current[n].write(ws, slug)
    elif what == "delete" and n > 0:
        current.pop(n, None)
        (ws.root / "content" / "evidence" / f"{slug}.md").unlink(missing_ok=True)
    elif what == "delete":
        pass
    elif what == "goal":
        ws.goal(
            "ship-the-platform",
            piece.body,
            due="2026-12-31",
            status="in-progress" if n % 2 else "planned",
            competencies=list(piece.competencies),
            visibility=piece.visibility,
        )
    elif what == "page":
        ws.page("why-now", piece.body, visibility="sponsor")
    else:
        ws.write_config(title=f"Case of {piece.title.lower()}")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(start=st.lists(pieces, min_size=6, max_size=6), changes=st.lists(edits, max_size=4))
def test_a_reusing_build_equals_a_build_from_scratch(
    start: list[Piece], changes: list[tuple[str, int, Piece]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="dossier-reuse-") as tmp:
        base = Path(tmp)
        ws = Workspace(base / "ws")
        ws.write("content/files/deck.pdf", b"%PDF-1.4 a deck")
        current = dict(enumerate(start))
        for n, piece in current.items():
            piece.write(ws, f"piece-{n}")
        for audience in AUDIENCES:
            build(ws.root, base / f"site-{audience}", audience)
        for what, n, piece in changes:
            apply(ws, current, what, n, piece)
            for audience in AUDIENCES:
                reusing = base / f"site-{audience}"
                build(ws.root, reusing, audience)
                fresh = base / "fresh"
                build(ws.root, fresh, audience, "--no-cache")
                assert tree(reusing) == tree(fresh), (audience, what, n, piece)
                shutil.rmtree(fresh)


def test_an_edited_feedback_body_reaches_its_competency_pages(
    ws: Workspace, tmp_path: Path
) -> None:
    """A competency page quotes its feedback: the one body edit a summary page shows."""
    quote = Piece("Said it well", 3, "feedback", ("design",), "manager", "First words.")
    quote.write(ws, "quote")
    out = tmp_path / "site"
    build(ws.root, out, "manager")
    Piece("Said it well", 3, "feedback", ("design",), "manager", "NEWWORDS here.").write(
        ws, "quote"
    )
    build(ws.root, out, "manager")
    assert "NEWWORDS" in (out / "competencies" / "design.html").read_text(encoding="utf-8")
    assert "NEWWORDS" not in (out / "competencies" / "delivery.html").read_text(encoding="utf-8")


def test_a_retitled_draft_reaches_the_self_overview(ws: Workspace, tmp_path: Path) -> None:
    """Drafts are on no page but the self overview's "to review" list: a change to one
    must not leave that page reused as it was."""
    Piece("Shipped it", 2, "project", ("design",), "manager", "Words.").write(ws, "piece-0")
    draft = Piece("First draft title", 3, "project", ("design",), "manager", "W.", draft=True)
    draft.write(ws, "draft")
    out = tmp_path / "site"
    build(ws.root, out, "self")
    replace(draft, title="Second draft title").write(ws, "draft")
    build(ws.root, out, "self")
    assert "Second draft title" in (out / "index.html").read_text(encoding="utf-8")
    build(ws.root, tmp_path / "fresh", "self", "--no-cache")
    assert tree(out) == tree(tmp_path / "fresh")


def test_a_page_changed_in_the_site_since_is_made_again(ws: Workspace, tmp_path: Path) -> None:
    """Unchanged pages are linked from the site the last build wrote, unread: only while
    the file there is still the one it wrote (same size, time and inode)."""
    for n in range(3):
        Piece(f"Piece {n}", n + 1, "project", ("design",), "manager", "Words.").write(
            ws, f"piece-{n}"
        )
    out = tmp_path / "site"
    build(ws.root, out, "manager")
    page = out / "evidence" / "piece-1.html"
    page.write_bytes(page.read_bytes().replace(b"Words.", b"Wrong"))
    (out / "index.html").unlink()
    build(ws.root, out, "manager")
    build(ws.root, tmp_path / "fresh", "manager", "--no-cache")
    assert tree(out) == tree(tmp_path / "fresh")
    assert b"Words." in page.read_bytes()


def test_summary_pages_made_beside_or_after_the_workers_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big site makes its summary pages after the workers are done (to keep memory
    shared), a small one beside them: the same site either way."""
    root = make_corpus(tmp_path / "ws", 150, seed=3)
    monkeypatch.setenv("DOSSIER_WORKERS", "2")
    build(root, tmp_path / "beside", "manager", "--no-cache")
    monkeypatch.setattr(stream, "OVERLAP_MAX", 0)
    build(root, tmp_path / "after", "manager", "--no-cache")
    assert tree(tmp_path / "beside") == tree(tmp_path / "after")


def test_the_evidence_list_is_reused_until_what_it_lists_changes(
    ws: Workspace, tmp_path: Path
) -> None:
    """evidence.html shows the front matter of every piece, never a body: a body edit
    keeps it (linked from the last site, unread), a title edit makes it again."""
    for n in range(3):
        Piece(f"Piece {n}", n + 1, "project", ("design",), "manager", "Words.").write(
            ws, f"piece-{n}"
        )
    out = tmp_path / "site"
    build(ws.root, out, "manager")
    listed = (out / "evidence.html").stat().st_ino
    Piece("Piece 1", 2, "project", ("design",), "manager", "Other words.").write(ws, "piece-1")
    build(ws.root, out, "manager")
    assert (out / "evidence.html").stat().st_ino == listed, "made again for a body edit"
    assert (out / "evidence" / "piece-1.html").stat().st_ino != listed
    Piece("Piece renamed", 2, "project", ("design",), "manager", "Other words.").write(
        ws, "piece-1"
    )
    build(ws.root, out, "manager")
    assert "Piece renamed" in (out / "evidence.html").read_text(encoding="utf-8")
    build(ws.root, tmp_path / "fresh", "manager", "--no-cache")
    assert tree(out) == tree(tmp_path / "fresh")
