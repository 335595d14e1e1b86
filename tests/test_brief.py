"""The brief's bounded parts (dossier/render/excerpt.py, dossier/render/brief.py): the
first section of a page cut to a number of words, long texts clipped; measured in words
and lines here, printed in Chromium by test_brief_browser.py."""

from __future__ import annotations

from dossier.markdown.markup import markdown_for
from dossier.render.excerpt import blocks_of, clip, first_section, size_of, words_of


def rendered(markdown: str) -> str:
    return markdown_for(False).render(markdown)


def test_the_first_section_ends_at_the_next_heading() -> None:
    body = rendered("## Need\n\nOne two three.\n\n## Why me\n\nFour five.\n")
    excerpt = first_section(body, 100)
    assert "Need" in excerpt.html and "One two three." in excerpt.html
    assert "Why me" not in excerpt.html and "Four" not in excerpt.html
    assert excerpt.cut
    whole = first_section(rendered("Intro only.\n\nMore of it.\n"), 100)
    assert not whole.cut and "More of it." in whole.html


def test_blocks_that_do_not_fit_are_cut_to_the_budget() -> None:
    paragraph = " ".join(f"w{n}" for n in range(300))
    excerpt = first_section(rendered(f"Short start.\n\n{paragraph}\n"), 50)
    assert excerpt.cut
    assert size_of(excerpt.html) <= 50 + 12  # the words, and the line the cut one starts
    assert excerpt.html.endswith("\u2026</p>")
    listed = "".join(f"- item {n} of the list\n" for n in range(100))
    excerpt = first_section(rendered(listed), 60)
    items = [b for b in blocks_of(blocks_of(excerpt.html)[0].inner) if b.tag == "li"]
    assert 1 <= len(items) <= 5 and excerpt.cut
    table = "| a | b |\n| --- | --- |\n" + "| x | y |\n" * 200
    assert first_section(rendered(table), 80).html == ""  # no room for it: left to the page


def test_short_lines_count_as_lines_and_long_words_as_letters() -> None:
    assert size_of(rendered("".join(f"- a{n}\n" for n in range(40)))) >= 40 * 12
    assert size_of(rendered("```\n" + "x\n" * 30 + "```\n")) >= 30 * 12
    assert size_of("<p>" + "x" * 8000 + "</p>") == 1000
    assert len(words_of(first_section("<p>" + "x" * 8000 + "</p>", 40).html)[0]) <= 40 * 8


def test_footnote_references_are_left_to_the_page() -> None:
    excerpt = first_section(rendered("Growth.[^1]\n\n[^1]: Board deck.\n"), 100)
    assert "Growth." in excerpt.html
    assert "footnote" not in excerpt.html and "Board deck." not in excerpt.html


def test_a_long_heading_is_clipped() -> None:
    excerpt = first_section(rendered("## " + "Long " * 100 + "\n\nText.\n"), 100)
    heading = blocks_of(excerpt.html)[0]
    assert heading.tag == "h2" and len(words_of(heading.inner)) <= 21


def test_clip_cuts_at_a_word_with_an_ellipsis() -> None:
    assert clip("Short title", 40) == "Short title"
    assert (
        clip("Decided to retire legacy invoicing and moved teams", 30)
        == "Decided to retire legacy\u2026"
    )
    assert clip("x" * 100, 10) == "x" * 9 + "\u2026"
    assert clip("  spaced\n out  ", 40) == "spaced out"
