"""`::: private` blocks: whatever the self view renders as a private block is private
everywhere (issue 20, item 1).

The container plugin accepts any whitespace between the colons and the name (a tab, a
no-break space, an em space...), more colons, trailing words and nesting. The test of
"is this private" must be the parse that renders it, so the marker line is fuzzed here
against one property: a sentence the self view shows inside a private block reaches no
other audience, and the leak check knows it.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Workspace
from hypothesis import example, given
from hypothesis import strategies as st

from dossier.cli import cli
from dossier.markdown.markup import markdown_for
from dossier.model.documents import Settings, parse_file
from dossier.model.dossier import Dossier
from dossier.plan.leaks import normalise, secrets_for

INSIDE = "CANARYINSIDE the private sentence about my weak spots"
SETTINGS = Settings(("self", "manager", "sponsor", "public"), "manager", False)
# Every character Python calls whitespace, but the line break itself (and the carriage
# return, which reading a file turns into one).
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c) not in "\n\r"]
REPORTED = {  # the marker lines the issue found published to every audience
    "tab": ":::\tprivate",
    "no-break space": ":::\u00a0private",
    "vertical tab": ":::\x0bprivate",
    "form feed": ":::\x0cprivate",
    "em space": ":::\u2003private",
}


class _PrivateText(HTMLParser):
    """The text of an HTML fragment that sits inside a `<div class="private">`."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self.stack.append(("class", "private") in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(self.stack):
            self.inside.append(data)


def shown_as_private(body: str) -> bool:
    """Whether the self view (the renderer itself) shows INSIDE in a private block."""
    parser = _PrivateText()
    parser.feed(markdown_for(False).render(body))
    return "CANARYINSIDE" in " ".join(parser.inside)


def evidence_file(body: str) -> bytes:
    front = "---\ntitle: Shared piece\ndate: 2026-05-01\ncompetencies: [design]\n"
    return f"{front}visibility: public\n---\n{body}".encode()


def body_with(block: str) -> str:
    return f"Before the block.\n\n{block}\n\nAfter the block.\n"


# -- one marker line, as the fuzz builds them -----------------------------------------------
def marker_line(colons: int, gap: str, name: str, tail: str, indent: int) -> str:
    return " " * indent + ":" * colons + gap + name + tail


markers = st.builds(
    marker_line,
    st.integers(3, 6),
    st.text(st.sampled_from(SPACES), max_size=3),
    st.sampled_from(["private", "private", "Private", "privat", "privateer"]),
    st.sampled_from(["", " ", "\t", " notes", "\tnotes", "\u00a0notes", " private", ":::"]),
    st.integers(0, 4),
)
closings = st.sampled_from([":::", "::::", ":::::::", "::: ", ":::\t", " :::", ":::\u00a0", ""])
wrappers = st.sampled_from(["plain", "quote", "list", "nested", "twice"])


def wrap(kind: str, opening: str, closing: str) -> str:
    inner = [opening, INSIDE, "", f"- a list item, [a link](https://example.com/x) {INSIDE}"]
    inner += [closing] if closing else []
    if kind == "quote":
        return "\n".join("> " + line for line in inner)
    if kind == "list":
        return "- item\n\n" + "\n".join("  " + line for line in inner)
    if kind == "nested":
        return "\n".join(["::::::: private", "Outer words.", *inner, ":::::::"])
    if kind == "twice":
        return "\n".join([*inner, "", "Between.", "", *inner])
    return "\n".join(inner)


def check_body(body: str) -> None:
    parsed = parse_file(
        "evidence", "content/evidence/2026-05-01-shared.md", evidence_file(body), SETTINGS, ""
    )
    assert parsed.item is not None and parsed.body is not None, parsed.diagnostics
    public = parsed.public_body or parsed.body
    public_text = parsed.public_text if parsed.public_text is not None else parsed.item.body
    if shown_as_private(body):
        assert "CANARYINSIDE" not in public.html, f"private text published:\n{body!r}"
        assert "CANARYINSIDE" not in public_text, f"private text in the public body:\n{body!r}"
        found = [line for line in parsed.private_lines if "CANARYINSIDE" in line]
        assert found, f"the leak check does not know this private text:\n{body!r}"
    else:
        assert "CANARYINSIDE" in public.html, f"shown in the self view, lost elsewhere:\n{body!r}"


@given(markers, closings, wrappers)
@example(":::\tprivate", ":::", "plain")
@example(":::\u00a0private", ":::", "plain")
@example(":::\u2003private", ":::", "quote")
@example("::::\u3000private notes", "::::", "list")
@example(":::\x0cprivate", "", "nested")
def test_nothing_shown_as_private_reaches_another_audience(
    opening: str, closing: str, kind: str
) -> None:
    check_body(body_with(wrap(kind, opening, closing)))


@pytest.mark.parametrize("what", sorted(REPORTED))
def test_the_reported_markers_make_private_blocks(what: str) -> None:
    body = body_with(wrap("plain", REPORTED[what], ":::"))
    assert shown_as_private(body), "the self view must show this as a private block"
    check_body(body)


def test_reported_markers_stay_out_of_every_other_build(ws: Workspace, tmp_path: Path) -> None:
    """The whole path: a build for each other audience holds none of the private text
    (pages, dossier.json, search data), and the self build shows it as private."""
    for n, what in enumerate(sorted(REPORTED)):
        words = f"CANARYPRIV{n} {what} sentence kept for myself only"
        ws.evidence(
            f"2026-05-0{n + 1}-piece-{n}",
            f"Shared words.\n\n{REPORTED[what]}\n{words}\n:::\n",
            title=f"Piece {n}",
            date=f"2026-05-0{n + 1}",
            competencies=["design"],
            visibility="public",
        )
    for audience in ("manager", "sponsor", "public", "self"):
        out = tmp_path / audience
        args = [
            "build",
            "-C",
            str(ws.root),
            "--as-of",
            "2026-06-01",
            "-a",
            audience,
            "-o",
            str(out),
        ]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        found = [
            p.relative_to(out).as_posix()
            for p in out.rglob("*")
            if p.is_file() and b"CANARYPRIV" in p.read_bytes()
        ]
        if audience == "self":
            page = (out / "evidence/2026-05-01-piece-0.html").read_text("utf-8")
            assert '<div class="private">' in page and "CANARYPRIV0" in page
        else:
            assert not found, f"private text in the {audience} build: {found}"


def test_leak_check_knows_text_behind_any_marker(ws: Workspace) -> None:
    """The leak check's list of private sentences comes from the same parse."""
    ws.evidence(
        "2026-05-01-shared",
        f"Shared.\n\n:::\u2003private\n{INSIDE}\n:::\n",
        title="Shared piece",
        date="2026-05-01",
        competencies=["design"],
        visibility="public",
    )
    full: Dossier = ws.dossier()
    secrets = secrets_for(full, full.for_audience("manager"))
    assert normalise(INSIDE) in {s.text for s in secrets}
