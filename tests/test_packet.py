"""The packet (`dossier export`, SPEC sections 3, 5 and 8): the document read back with
python-docx and markdown-it, its privacy (canaries), its bytes, and LibreOffice's PDF.

Expected values come from the workspace files, the framework and the analysis, never
from an export."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import REPO, Workspace
from docx.document import Document
from docx.table import Table
from markdown_it import MarkdownIt
from test_privacy import (
    AUDIENCES,
    PERSON,
    CanaryWorkspace,
    scannable,
    sees,
    write_canary_workspace,
)

from dossier.analysis.gaps import NOT_REQUIRED, analyse
from dossier.analysis.strongest import strongest_evidence
from dossier.build.load import load_dossier
from dossier.cli import cli
from dossier.errors import Diagnostics
from dossier.packet.commonmark import escape

AS_OF = "2026-11-22"
COMMITTEE_ORDER = ["The ask", "Summary", "Business case", "Competencies", "Backfill"]
WORKING_PARTS = ["Gaps", "Plan"]


def export(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["export", "-C", str(root), "--as-of", AS_OF, *args], prog_name="dossier"
    )


def export_ok(root: Path, out: Path, *args: str) -> Path:
    result = export(root, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return out


def copy_example(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "dossier.yaml", dest / "dossier.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    return dest


def outline(document: Document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.rsplit(" ", 1)[1]), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


def under_headings(document: Document, level: int) -> dict[str, list[Table | str]]:
    """Heading text at `level` -> what follows it (paragraph texts and tables) up to the
    next heading at that level or above."""
    found: dict[str, list[Table | str]] = {}
    current: list[Table | str] | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            if current is not None:
                current.append(item)
            continue
        name = item.style.name if item.style is not None else ""
        if name.startswith("Heading ") and int(name.rsplit(" ", 1)[1]) <= level:
            current = found.setdefault(item.text, []) if name == f"Heading {level}" else None
        elif current is not None:
            current.append(item.text)
    return found


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def docx_text(data: bytes) -> str:
    """Everything a reader or a tool could find in a docx: each file inside it, and the
    text of paragraphs and tables as python-docx reads them."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts += [scannable(package.read(name)) for name in package.namelist()]
        parts += [name.casefold() for name in package.namelist()]
    document = docx.Document(io.BytesIO(data))
    parts += [p.text.casefold() for p in document.paragraphs]
    parts += [c.text.casefold() for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


# == the example's packet, read back ========================================================
@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("packet") / "example")


@pytest.mark.parametrize("audience", ["manager", "sponsor"])
def test_docx_outline_is_the_committee_order(example: Path, audience: str) -> None:
    out = export_ok(example, example.parent / f"{audience}.docx", "--audience", audience)
    document = docx.Document(str(out))
    top = [text for level, text in outline(document) if level == 1]
    assert top == COMMITTEE_ORDER + (WORKING_PARTS if audience == "manager" else [])
    dossier = load_dossier(example, Diagnostics())
    assert dossier is not None
    view = dossier.for_audience(audience)
    report = analyse(view, date.fromisoformat(AS_OF))
    expected = [
        c.title
        for c in dossier.framework.competencies_at(dossier.config.target_level)
        if audience == "manager" or c.id not in dossier.config.not_required
    ]
    competencies = under_headings(document, 1)["Competencies"]
    assert [t for t in competencies if isinstance(t, str) and t in expected] == expected
    sections = under_headings(document, 2)
    for status in report.competencies:
        if status.title not in expected or status.status == NOT_REQUIRED:
            continue
        tables = [t for t in sections[status.title] if isinstance(t, Table)]
        strongest = strongest_evidence(view, report, 3, competency=status.id)
        if not strongest:
            assert "No evidence for this competency is shared here yet." in sections[status.title]
            continue
        header, *body = rows(tables[0])
        assert header == ["Evidence", "Date", "Impact", "Metrics"]
        assert [row[0] for row in body] == [e.title for e in strongest]
        for row, evidence in zip(body, strongest, strict=True):
            assert evidence.slug in status.evidence  # counted toward it at the level
            assert row[1].startswith(f"{evidence.date.day} {evidence.date:%b %Y}")
            assert row[2] == evidence.impact
            for name, value in evidence.metrics:
                assert f"{name.replace('_', ' ')}: {value}" in row[3]
        expectations = [x.text for x in status.expectations]
        assert all(x in sections[status.title] for x in expectations)


def test_docx_has_lists_page_breaks_properties_and_quotes(example: Path) -> None:
    out = export_ok(example, example.parent / "parts.docx")
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Quote"} <= styles
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before is True]
    assert breaks == ["Competencies", "Backfill", "Gaps"]
    core = document.core_properties
    assert core.author == "Alex Rivera"
    assert core.title == "Alex Rivera: the case for Director of Product"
    assert core.created is not None and core.created.date() == date.fromisoformat(AS_OF)
    # Priya's feedback: her words are quoted, the author's context around them is not
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    assert any(q.startswith('"Payments was the only line') for q in quotes)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Priya sent this after the mid-year strategy review" not in text
    assert "\u2014 Priya Natarajan (VP Product), 8 Jul 2026" in text
    footer = document.sections[-1].footer.paragraphs[0].text
    assert footer.startswith("Alex Rivera, promotion packet, page ")
    own = docx.Document(str(export_ok(example, example.parent / "own.docx", "-a", "self")))
    assert "private: do not share" in own.sections[-1].footer.paragraphs[0].text


def test_two_exports_are_the_same_bytes(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = export_ok(example, example.parent / "one.docx").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the clock plays no part
    second = export_ok(example, example.parent / "two.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(2026, 11, 22, 0, 0, 0)}
    md_one = export_ok(example, example.parent / "one.md").read_bytes()
    md_two = export_ok(example, example.parent / "two.md").read_bytes()
    assert md_one == md_two


def test_md_export_is_commonmark_with_a_title_block(example: Path) -> None:
    out = export_ok(example, example.parent / "packet.md", "--audience", "sponsor")
    text = out.read_text("utf-8")
    assert text.splitlines()[:3] == [
        "% Alex Rivera: the case for Director of Product",
        "% Alex Rivera",
        "% 22 November 2026",
    ]
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h1"
    ]
    assert headings == COMMITTEE_ORDER
    assert "Readiness" not in text and "demonstrated" not in text


def test_md_escapes_what_the_author_wrote(ws: Workspace, tmp_path: Path) -> None:
    title = "Cut *costs* by [half](x) <b>now</b> & #1 | ~ok~"
    ws.evidence(
        "2026-10-01-escape",
        title=title,
        date="2026-10-01",
        competencies=["design"],
        impact="1. not a list",
    )
    out = export_ok(ws.root, tmp_path / "p.md")
    html = MarkdownIt("commonmark").render(out.read_text("utf-8"))
    assert "Cut *costs* by [half](x) &lt;b&gt;now&lt;/b&gt; &amp; #1 | ~ok~" in html
    assert "1. not a list" in html
    assert escape("- item\n2) two") == "\\- item\\\n2\\) two"


# == privacy ================================================================================
QUOTED_FEEDBACK = """\
---
title: Feedback with a quote
date: 2026-10-15
competencies: [design]
type: feedback
visibility: public
from: {who} (Mentor)
---
> CANARYPKQUOTEWORDS were well chosen.

CANARYPKCONTEXT is the author's own note around the quote.
"""


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> CanaryWorkspace:
    cw = write_canary_workspace(tmp_path_factory.mktemp("canary") / "ws")
    # feedback from a person only the manager may see: the quote is shared, the context
    # around it never is, and who said it reads "a colleague" for wider audiences
    feedback = cw.root / "content/evidence/2026-10-15-quoted-feedback.md"
    feedback.write_text(QUOTED_FEEDBACK.format(who=PERSON["manager"]), "utf-8")
    return cw


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("output_format", ["docx", "md"])
def test_no_hidden_canary_in_the_packet(
    canary: CanaryWorkspace, audience: str, output_format: str
) -> None:
    out = export_ok(
        canary.root, canary.root.parent / f"{audience}.{output_format}", "--audience", audience
    )
    data = out.read_bytes()
    text = docx_text(data) if output_format == "docx" else scannable(data)
    hidden = canary.canaries.hidden_from(audience)
    found = [c.text for c in hidden if c.text.casefold() in text]
    print(f"\n[canary] {audience} {output_format}: {len(hidden)} hidden canaries, found {found}")
    assert not found
    assert "canarypkquotewords" in text
    assert "canarypkcontext" not in text
    who = PERSON["manager"] if sees(audience, "manager") else "a colleague"
    assert f"\u2014 {who}".casefold() in text
    working = re.findall(r"\b(readiness|demonstrated|partial|gaps?|plan|not required)\b", text)
    if audience in ("sponsor", "public"):
        assert not working
        goals = [
            c.text for c in canary.canaries.all if "GOAL" in c.text and sees(audience, c.visibility)
        ]
        assert goals and not [g for g in goals if g.casefold() in text]  # no plan
    else:
        assert {"readiness", "plan"} <= set(working)


def test_a_leak_stops_the_export_and_keeps_the_old_file(ws: Workspace, tmp_path: Path) -> None:
    ws.write_config(people=[{"name": "Hidden Person", "visibility": "self"}])
    ws.evidence(
        "2026-10-01-named",
        title="Worked with others",
        date="2026-10-01",
        competencies=["design"],
        impact="Paired with Hidden Person all quarter.",
    )
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "packet.docx"
    out.write_bytes(b"the packet sent last week")
    result = export(ws.root, "-o", str(out))
    assert result.exit_code == 1
    assert "leak check" in result.output and "Hidden Person" in result.output
    assert out.read_bytes() == b"the packet sent last week"
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


# == the PDF ================================================================================
def test_libreoffice_converts_the_packet_to_pdf(example: Path, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is needed (Debian: apt-get install libreoffice-writer-nogui)"
    out = export_ok(example, tmp_path / "packet.docx")
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with a running one
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = (tmp_path / "packet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 4, pages  # front matter, competencies, backfill, gaps each start a page
