"""`dossier export` on bad input, with company templates, and with the site's address
(`site.base_url`): clear messages and exit codes, nothing written but the named file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import Workspace
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import RGBColor

from dossier.cli import cli

AS_OF = "2026-11-22"
OUTLINE = ["The ask", "Summary", "Competencies", "Gaps", "Plan"]  # no why-now, no backfill


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["export", "-C", str(root), "--as-of", AS_OF, *args], prog_name="dossier"
    )


@pytest.fixture
def case(ws: Workspace) -> Workspace:
    ws.evidence(
        "2026-10-01-billing-api",
        title="Redesigned the billing API",
        date="2026-10-01",
        competencies=["design"],
        impact="Two teams unblocked.",
    )
    ws.evidence(
        "2026-09-01-shared-evidence",
        title="Shared with sponsors",
        date="2026-09-01",
        competencies=["delivery"],
        visibility="sponsor",
    )
    return ws


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def headings(path: Path, level: int = 1) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style and p.style.name == f"Heading {level}"]


# == bad input ===============================================================================
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--audience", "sponsr"), "unknown audience 'sponsr' (did you mean 'sponsor'?)"),
        (("--level", "staf"), "unknown level 'staf' (did you mean 'staff'?)"),
        (("--format", "md", "-o", "x.docx"), "says another format than --format md"),
        (("--format", "pdf"), "'pdf' is not one of 'docx', 'md'"),
        (("--format", "md", "--template", "dossier.yaml"), "--template applies to the docx"),
    ],
)
def test_usage_errors_exit_2(case: Workspace, args: tuple[str, ...], expected: str) -> None:
    before = files_under(case.root)
    result = run(case.root, *args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert files_under(case.root) == before


def test_an_output_folder_is_refused(case: Workspace, tmp_path: Path) -> None:
    result = run(case.root, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.output


@pytest.mark.parametrize(
    "target", ["content/packet.docx", "content/evidence/2026-10-01-billing-api.md", "dossier.yaml"]
)
def test_the_workspace_files_are_never_written(case: Workspace, target: str) -> None:
    before = files_under(case.root)
    result = run(case.root, "-o", str(case.root / target))
    assert result.exit_code == 1, result.output
    assert "cannot write the packet" in result.output and "hint:" in result.output
    assert files_under(case.root) == before


def test_a_missing_folder_is_named(case: Workspace, tmp_path: Path) -> None:
    result = run(case.root, "-o", str(tmp_path / "nowhere" / "packet.docx"))
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_default_file_names_and_overwriting_the_named_file(
    case: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run(case.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "packet-manager.docx"
    assert run(case.root, "-a", "sponsor", "-f", "md").exit_code == 0
    assert sorted(p.name for p in here.iterdir()) == ["packet-manager.docx", "packet-sponsor.md"]
    (here / "packet-manager.docx").write_bytes(b"old")
    assert run(case.root).exit_code == 0
    assert (here / "packet-manager.docx").read_bytes().startswith(b"PK")
    assert sorted(p.name for p in here.iterdir()) == ["packet-manager.docx", "packet-sponsor.md"]
    assert headings(here / "packet-manager.docx") == OUTLINE


# == templates ===============================================================================
def company_template(path: Path, cover: bool = True) -> Path:
    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0xAA, 0x11, 0x22)
    template.add_paragraph("ACME promotion nomination form", style="Title")
    template.add_paragraph("Nominee, manager and date go here.")
    if cover:
        template.add_section(WD_SECTION.NEW_PAGE)
    template.add_paragraph("Instructions after the cover, not kept.")
    template.save(str(path))
    return path


def test_a_template_gives_its_styles_and_first_page(case: Workspace, tmp_path: Path) -> None:
    template = company_template(tmp_path / "acme.docx")
    out = tmp_path / "packet.docx"
    result = run(case.root, "-o", str(out), "--template", str(template))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["ACME promotion nomination form", "Nominee, manager and date go here."]
    assert "Instructions after the cover, not kept." not in texts
    assert len(document.sections) == 2  # the cover, then the packet
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x11, 0x22)
    assert headings(out) == OUTLINE


def test_a_template_without_a_section_break_gives_its_styles_only(
    case: Workspace, tmp_path: Path
) -> None:
    template = company_template(tmp_path / "plain.docx", cover=False)
    out = tmp_path / "packet.docx"
    assert run(case.root, "-o", str(out), "--template", str(template)).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "ACME promotion nomination form" not in texts
    assert texts[0] == "Ada: the case for Staff Engineer"
    assert docx.Document(str(out)).styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x11, 0x22)


def test_a_template_that_is_not_a_docx_falls_back_with_a_warning(
    case: Workspace, tmp_path: Path
) -> None:
    template = tmp_path / "form.docx"
    template.write_text("not a Word file")
    out = tmp_path / "packet.docx"
    result = run(case.root, "-o", str(out), "--template", str(template))
    assert result.exit_code == 0, result.output
    assert f"{template}: warning: cannot use the template: it is not a Word document" in (
        result.output
    )
    assert "hint:" in result.output
    assert headings(out) == OUTLINE


def test_a_template_without_heading_styles_names_them(case: Workspace, tmp_path: Path) -> None:
    template = docx.Document()
    for name in ("Heading 2", "Heading 3"):
        template.styles[name].delete()
    template.save(str(tmp_path / "bare.docx"))
    out = tmp_path / "packet.docx"
    result = run(case.root, "-o", str(out), "--template", str(tmp_path / "bare.docx"))
    assert result.exit_code == 0, result.output
    assert "the template has no Heading 2, Heading 3 styles" in result.output
    assert "default styles" in result.output
    assert headings(out, 2)  # the defaults have them


def without_numbering(data: bytes) -> bytes:
    """The docx without its list definitions (word/numbering.xml) and their references."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/numbering.xml":
                continue
            if name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                content = re.sub(rb"<[^<>]*numbering[^<>]*/>", b"", content)
            target.writestr(name, content)
    return out.getvalue()


def test_styles_a_template_lacks_are_taken_from_the_defaults(
    case: Workspace, tmp_path: Path
) -> None:
    template = docx.Document()
    for name in ("List Bullet", "List Number", "Quote", "Table Grid", "Title"):
        template.styles[name].delete()
    stream = io.BytesIO()
    template.save(stream)
    (tmp_path / "lean.docx").write_bytes(without_numbering(stream.getvalue()))
    case.page("summary", "1. first\n2. second\n\n- a point\n")
    out = tmp_path / "packet.docx"
    result = run(case.root, "-o", str(out), "--template", str(tmp_path / "lean.docx"))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs if p.style}
    assert {"List Bullet", "List Number", "Title"} <= styles
    numbering = document.part.numbering_part.element
    for name in ("List Bullet", "List Number"):
        num_id = document.styles[name].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
        assert numbering.xpath(f"./w:num[@w:numId='{num_id}']"), name


# == links to the published site ==========================================================
def links(path: Path) -> list[str]:
    rels = docx.Document(str(path)).part.rels.values()
    return sorted(r.target_ref for r in rels if r.reltype == RELATIONSHIP_TYPE.HYPERLINK)


def test_evidence_links_to_the_audiences_own_site(case: Workspace, tmp_path: Path) -> None:
    assert run(case.root, "-o", str(tmp_path / "none.docx")).exit_code == 0
    assert links(tmp_path / "none.docx") == []  # no address: titles only
    case.write_config(site={"base_url": "https://example.com/case/"})
    assert run(case.root, "-o", str(tmp_path / "m.docx")).exit_code == 0
    assert links(tmp_path / "m.docx") == [
        "https://example.com/case/evidence/2026-09-01-shared-evidence.html",
        "https://example.com/case/evidence/2026-10-01-billing-api.html",
    ]
    # the one address is the default audience's (manager's) site: a sponsor packet does
    # not link there
    assert run(case.root, "-a", "sponsor", "-o", str(tmp_path / "s.docx")).exit_code == 0
    assert links(tmp_path / "s.docx") == []
    case.write_config(site={"base_url": {"sponsor": "https://sponsor.example.com"}})
    assert run(case.root, "-a", "sponsor", "-o", str(tmp_path / "s2.md")).exit_code == 0
    text = (tmp_path / "s2.md").read_text("utf-8")
    assert (
        "[**Shared with sponsors**](<https://sponsor.example.com/evidence/2026-09-01-shared-evidence.html>)"
        in text
    )
    assert run(case.root, "-o", str(tmp_path / "m2.docx")).exit_code == 0
    assert links(tmp_path / "m2.docx") == []


def test_base_url_audiences_are_checked(case: Workspace) -> None:
    case.write_config(site={"base_url": {"sponsr": "https://x.example.com", "manager": ""}})
    result = CliRunner().invoke(cli, ["check", "-C", str(case.root)])
    assert result.exit_code == 1
    assert "unknown audience 'sponsr' in site.base_url (did you mean 'sponsor'?)" in result.output
    assert "site.base_url.manager is empty" in result.output
    assert re.search(r"dossier\.yaml:\d+:\d+: error", result.output)


# == quotes =================================================================================
def test_quotes_are_the_quoted_words_said_by_then(case: Workspace, tmp_path: Path) -> None:
    feedback = {"competencies": ["design"], "type": "feedback", "from": "Dee Fox (Staff)"}
    case.evidence(
        "2026-08-01-quoted",
        "Context before.\n\n> The words said.\n\nContext after.\n",
        date="2026-08-01",
        **feedback,
    )
    case.evidence("2026-08-02-unquoted", "No blockquote here.\n", date="2026-08-02", **feedback)
    case.evidence(
        "2026-12-01-later", "> Said after the as-of date.\n", date="2026-12-01", **feedback
    )
    out = tmp_path / "packet.docx"
    assert run(case.root, "-o", str(out)).exit_code == 0
    document = docx.Document(str(out))
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    assert quotes == ["The words said."]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "\u2014 Dee Fox (Staff), 1 Aug 2026" in text
    for never in ("Context before.", "Context after.", "No blockquote here.", "after the as-of"):
        assert never not in text


def test_the_library_exports_too(case: Workspace, tmp_path: Path) -> None:
    import dossier

    workspace = dossier.Workspace(case.root, cache=False)
    with pytest.raises(dossier.UnknownName, match="did you mean 'sponsor'"):
        workspace.export(audience="sponsr", output=tmp_path / "x.docx")
    result = workspace.export(audience="sponsor", output=tmp_path / "s.md")
    assert (result.path, result.audience, result.output_format) == (
        tmp_path / "s.md",
        "sponsor",
        "md",
    )
    assert result.notes and not result.template_warnings  # no why-now or backfill here
    assert (tmp_path / "s.md").read_text("utf-8").startswith("% Ada: the case for Staff Engineer")
