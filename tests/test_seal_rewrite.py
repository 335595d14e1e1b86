"""Pages rewritten to stand on their own (dossier/seal/rewrite.py): what each kind of
reference becomes, on small hand-written pages whose expected output is written here."""

from __future__ import annotations

import base64

import pytest

from dossier.seal.rewrite import Rewriter, resolve

FILES = {
    "index.html": b"<p>index</p>",
    "evidence/a b.html": b"<p>a</p>",
    "evidence/x.html": b"<p>x</p>",
    "static/style.css": (
        b'body { background: url("../img/dot.png"); } a::after { content: "</x>"; }'
    ),
    "img/dot.png": b"\x89PNG-dot",
    "files/report.pdf": b"%PDF-1.4",
    "static/app.js": b"console.log(1)",
    "dossier.json": b"{}",
    "plan.ics": b"BEGIN:VCALENDAR",
}


class Files:
    paths = frozenset(FILES)

    def read(self, path: str) -> bytes:
        return FILES[path]


class Folder:
    """Links as in a sealed folder, with readable names for the test."""

    def page_href(self, path: str, anchor: str, current: str) -> str:
        name = "SAME" if path == current else path.replace("/", "_")
        return f"{name}#to={anchor}" if anchor else name

    def file_href(self, path: str) -> str:
        return "FILE_" + path.replace("/", "_")

    def shared_style(self, path: str) -> str | None:
        return None


class OneFile(Folder):
    def shared_style(self, path: str) -> str | None:
        return "STYLE_" + path


def data_uri(media: str, data: bytes) -> str:
    return f"data:{media};base64,{base64.b64encode(data).decode()}"


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("evidence/x.html", "../index.html#top", ("index.html", "top")),
        ("evidence/x.html", "a%20b.html", ("evidence/a b.html", "")),
        ("index.html", "#main", ("index.html", "main")),
        ("index.html", "", ("index.html", "")),
        ("index.html", "https://example.org/x", None),
        ("index.html", "mailto:someone@example.org", None),
        ("index.html", "//example.org/x", None),
        ("index.html", "/etc/passwd", None),
        ("index.html", "../outside.html", None),
    ],
)
def test_resolve(page: str, href: str, expected: tuple[str, str] | None) -> None:
    assert resolve(page, href) == expected


def test_links_point_at_their_new_places() -> None:
    rewriter = Rewriter(Files(), Folder())
    page = (
        '<a href="../index.html">Home</a> <a class="x" href="a%20b.html#x-1">A</a>\n'
        '<a href="#main">skip</a> <a href="https://example.org/">out</a>\n'
        '<a href="../files/report.pdf">report</a> <a href="missing.html">gone</a>'
    )
    assert rewriter.page("evidence/x.html", page) == (
        '<a href="index.html" data-seal="page">Home</a> '
        '<a class="x" href="evidence_a b.html#to=x-1" data-seal="page">A</a>\n'
        '<a href="SAME#to=main" data-seal="page">skip</a> <a href="https://example.org/">out</a>\n'
        '<a href="FILE_files_report.pdf" data-seal="file">report</a> '
        '<a href="missing.html">gone</a>'
    )
    assert rewriter.linked_files == {"files/report.pdf"}


def test_links_to_files_left_out_go_with_their_words() -> None:
    page = (
        '<p>Add <a href="plan.ics" download>the <b>dates</b></a> and '
        '<a href="dossier.json">data</a>.</p>'
    )
    assert Rewriter(Files(), Folder()).page("index.html", page) == "<p>Add  and .</p>"


def test_styles_images_and_scripts_go_inside_the_page() -> None:
    page = (
        '<head><link rel="stylesheet" href="static/style.css"></head>\n'
        '<img src="img/dot.png" alt="dot"><img src="https://example.org/x.png" />\n'
        '<script src="static/app.js"></script>'
    )
    css = (
        f'body {{ background: url("{data_uri("image/png", FILES["img/dot.png"])}"); }} '
        'a::after { content: "<\\/x>"; }'
    )
    assert Rewriter(Files(), Folder()).page("index.html", page) == (
        f"<head><style>{css}</style></head>\n"
        f'<img src="{data_uri("image/png", FILES["img/dot.png"])}" alt="dot">'
        '<img src="https://example.org/x.png" />\n'
        f'<script src="{data_uri("text/javascript", FILES["static/app.js"])}"></script>'
    )


def test_one_file_keeps_each_stylesheet_once() -> None:
    rewriter = Rewriter(Files(), OneFile())
    page = '<link rel="stylesheet" href="../static/style.css">'
    first = rewriter.page("evidence/x.html", page)
    assert first == '<style data-seal-style="STYLE_static/style.css"></style>'
    assert rewriter.page("index.html", '<link href="static/style.css" rel="stylesheet">') == first
    assert list(rewriter.shared_styles) == ["static/style.css"]


def test_text_that_looks_like_a_tag_is_left_alone() -> None:
    page = (
        '<pre>&lt;a href="../index.html"&gt;</pre>\n'
        '<script>const s = "<a href=\\"index.html\\">";</script>\n'
        '<!-- <a href="index.html"> -->'
    )
    assert Rewriter(Files(), Folder()).page("index.html", page) == page
