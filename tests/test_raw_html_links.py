"""Raw HTML links with `site: {allow_html: true}` (issue 20, item 4): `<a href>` and
`<img src>` to workspace files are rewritten like Markdown links (hidden: the words stay,
the link goes), and other URL attributes pointing into the workspace are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import Workspace

from dossier.cli import cli

HIDDEN = "2026-05-01-canaryhiddenpiece"
VISIBLE = "2026-05-03-visible-piece"
PIC = b"\x89PNG\r\n\x1a\n a stand-in image"
BODY = (
    f'See <a href="{HIDDEN}.md">the review notes</a> and <a href="{VISIBLE}.md">the launch</a>.'
    '\n\nA chart: <img src="../files/chart.png" alt="chart">\n\n'
    f"<div class=\"box\"><a href='{HIDDEN}.md#part'>block words</a> and "
    f"<A HREF={HIDDEN}.md>bare words</A></div>\n\n"
    f'Encoded: <a href="{HIDDEN}&#46;md">encoded words</a>.\n'
)


def workspace(ws: Workspace, body: str = BODY) -> Workspace:
    ws.write_config(site={"allow_html": True})
    ws.write("content/files/chart.png", PIC)
    for slug, title, visibility in (
        (HIDDEN, "Canary hidden review of the launch", "self"),
        (VISIBLE, "Visible piece", "public"),
    ):
        ws.evidence(
            slug,
            "Body.\n",
            title=title,
            date=slug[:10],
            competencies=["design"],
            visibility=visibility,
        )
    ws.evidence(
        "2026-05-02-shared",
        body,
        title="Shared piece",
        date="2026-05-02",
        competencies=["design"],
        visibility="public",
    )
    ws.page("notes", '<img src="../files/chart.png">\n', title="Notes", visibility="public")
    return ws


def build(ws: Workspace, audience: str) -> tuple[Result, Path]:
    out = ws.root.parent / f"out-{audience}"
    args = ["build", "-C", str(ws.root), "--as-of", "2026-06-01", "-a", audience, "-o", str(out)]
    return CliRunner().invoke(cli, args), out


def article(out: Path, page: str) -> str:
    html = (out / page).read_text("utf-8")
    return html[html.index('<article class="prose">') : html.index("</article>")]


@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_links_to_hidden_items_keep_their_words_and_lose_the_link(
    ws: Workspace, audience: str
) -> None:
    result, out = build(workspace(ws), audience)
    assert result.exit_code == 0, result.output
    body = article(out, "evidence/2026-05-02-shared.html")
    for words in ("the review notes", "block words", "bare words", "encoded words"):
        assert words in body, body
    assert f'href="{VISIBLE}.html"' in body, body
    assert 'src="../files/chart.png"' in body and (out / "files/chart.png").read_bytes() == PIC
    leaks = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file()
        and (b"canaryhiddenpiece" in p.read_bytes() or b"Canary hidden" in p.read_bytes())
    ]
    assert not leaks, f"the hidden piece is named in {leaks}"


def test_the_self_build_links_them_to_their_pages(ws: Workspace) -> None:
    result, out = build(workspace(ws), "self")
    assert result.exit_code == 0, result.output
    body = article(out, "evidence/2026-05-02-shared.html")
    assert f'href="{HIDDEN}.html"' in body and f'href="{HIDDEN}.html#part"' in body, body
    assert "&#46;md" not in body and ".md" not in body, body


def test_images_point_at_the_copied_file_from_any_page(ws: Workspace) -> None:
    result, out = build(workspace(ws), "public")
    assert result.exit_code == 0, result.output
    assert 'src="../files/chart.png"' in article(out, "pages/notes.html")


@pytest.mark.parametrize(
    "html",
    [
        '<img srcset="../files/chart.png 2x">',
        '<video poster="../files/chart.png"></video>',
        f'<link href="{HIDDEN}.md">',
        f'<form action="{HIDDEN}.md"></form>',
    ],
)
def test_other_url_attributes_into_the_workspace_are_refused(ws: Workspace, html: str) -> None:
    workspace(ws, f"Intro.\n\n{html}\n")
    result, out = build(ws, "public")
    assert result.exit_code == 1, result.output
    lines = (ws.root / "content/evidence/2026-05-02-shared.md").read_text("utf-8").split("\n")
    line = lines.index(html) + 1
    assert f"content/evidence/2026-05-02-shared.md:{line}:" in result.output, result.output
    assert "cannot rewrite" in result.output and not out.exists()


def test_web_links_in_raw_html_are_left_alone(ws: Workspace) -> None:
    workspace(ws, '<a href="https://example.com/x">web</a> <img src="https://example.com/i.png">\n')
    result, out = build(ws, "public")
    assert result.exit_code == 0, result.output
    body = article(out, "evidence/2026-05-02-shared.html")
    assert 'href="https://example.com/x"' in body and 'src="https://example.com/i.png"' in body


def test_a_raw_link_to_a_piece_dated_after_as_of_keeps_its_words(ws: Workspace) -> None:
    workspace(
        ws, '<a href="2026-09-01-later.md">the later piece</a> <img src="2026-09-01-later.md">\n'
    )
    ws.evidence(
        "2026-09-01-later",
        "Later.\n",
        title="Later piece",
        date="2026-09-01",
        competencies=["design"],
        visibility="public",
    )
    result, out = build(ws, "public")
    assert result.exit_code == 0, result.output
    body = article(out, "evidence/2026-05-02-shared.html")
    assert "the later piece" in body and "2026-09-01-later" not in body, body
    assert "\0" not in body, repr(body)
