"""Hidden people and items named in visible text (issue 20, item 3; SPEC 6 and 8).

A hidden person's whole name, as written in `people:` (one-word names included), is an
error wherever the author typed it in what an audience sees; a first or last name alone
or a hidden item's title is a warning (an error with --strict) pointing at that file and
line. Names are compared after NFKC and without invisible characters, case-sensitively,
as whole words, skipping words that belong to a visible person's name.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import Workspace

from dossier.cli import cli
from dossier.model.names import NameFinder, fold, same_name

PEOPLE = [
    {"name": "Kai", "visibility": "self"},
    {"name": "Zoë Quintanilla", "visibility": "self"},
    {"name": "Alice Kaiser", "visibility": "public"},
    {"name": "May", "visibility": "self"},
]
PIECE = "content/evidence/2026-05-02-shared.md"


def build(ws: Workspace, *args: str, audience: str = "public") -> Result:
    out = ws.root.parent / f"out-{audience}"
    command = ["build", "-C", str(ws.root), "--as-of", "2026-06-01", "-a", audience, "-o", str(out)]
    return CliRunner().invoke(cli, [*command, *args])


def shared(ws: Workspace, body: str, **fields: Any) -> None:
    ws.write_config(people=PEOPLE)
    fields.setdefault("title", "Shared piece")
    ws.evidence(
        "2026-05-02-shared",
        body,
        date="2026-05-02",
        competencies=["design"],
        visibility="public",
        **fields,
    )


def page(ws: Workspace, audience: str = "public") -> str:
    return (ws.root.parent / f"out-{audience}/evidence/2026-05-02-shared.html").read_text("utf-8")


def body_line(ws: Workspace, needle: str) -> int:
    lines = (ws.root / PIECE).read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# -- whole names: errors ------------------------------------------------------------------------
def test_a_one_word_hidden_name_in_a_visible_body_fails_the_build(ws: Workspace) -> None:
    shared(ws, "Intro.\n\nKai reviewed the design.\n")
    result = build(ws)
    assert result.exit_code == 1, result.output
    line = body_line(ws, "Kai reviewed")
    assert f"{PIECE}:{line}:1: error: leak check: the name of hidden person 'Kai'" in result.output
    assert not (ws.root.parent / "out-public").exists()


ENCODINGS = {
    "decomposed accent": unicodedata.normalize("NFD", "Zoë Quintanilla"),
    "zero-width space": "Zo\u200bë Quintanilla",
    "soft hyphen": "Zoë Quin\u00adtanilla",
    "no-break space": "Zoë\u00a0Quintanilla",
    "bidi mark": "\u200eZoë Quintanilla\u200f",
    "line break between": "Zoë\nQuintanilla",
    "fullwidth letters": "".join(
        chr(ord(c) + 0xFEE0) if c.isascii() and c != " " else c for c in "Zoë Quintanilla"
    ),
}


@pytest.mark.parametrize("how", sorted(ENCODINGS))
def test_a_hidden_name_however_encoded_fails_the_build(ws: Workspace, how: str) -> None:
    shared(ws, f"Intro.\n\nWe agreed with {ENCODINGS[how]} on the plan.\n")
    result = build(ws)
    assert result.exit_code == 1, result.output
    assert "hidden person 'Zoë Quintanilla'" in result.output, result.output


def test_a_hidden_name_in_front_matter_points_at_its_line(ws: Workspace) -> None:
    shared(ws, "Body.\n", impact="Kai saved a week of work.")
    result = build(ws)
    assert result.exit_code == 1, result.output
    line = body_line(ws, "impact:")
    assert f"{PIECE}:{line}:" in result.output and "'Kai'" in result.output, result.output


@pytest.mark.parametrize(
    "stakeholder",
    ["Kai", "kai", unicodedata.normalize("NFD", "Zoë Quintanilla"), "Zo\u200bë Quintanilla"],
)
def test_stakeholders_lose_hidden_people_however_written(ws: Workspace, stakeholder: str) -> None:
    shared(ws, "Body.\n", stakeholders=[stakeholder, "Alice Kaiser"])
    result = build(ws)
    assert result.exit_code == 0, result.output
    text = fold(page(ws))
    assert "Kai<" not in text and ">Kai" not in text and "Quintanilla" not in text
    assert "Alice Kaiser" in text


def test_a_visible_name_holding_a_hidden_one_is_kept(ws: Workspace) -> None:
    """'Kai' hidden, 'Alice Kaiser' visible: her feedback keeps her name."""
    shared(ws, "Alice Kaiser said it was great.\n", type="feedback", **{"from": "Alice Kaiser"})
    result = build(ws)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output, result.output
    assert page(ws).count("Alice Kaiser") >= 2 and "not shared" not in page(ws)


def test_feedback_from_a_hidden_person_by_whole_words_is_not_shared(ws: Workspace) -> None:
    """Who said it reads "a colleague" (SPEC 6), the role given with the name too."""
    shared(ws, "Great work.\n", type="feedback", **{"from": "Kai (design lead)"})
    result = build(ws)
    assert result.exit_code == 0, result.output
    assert "design lead" not in page(ws) and "from a colleague" in page(ws)


def test_dates_and_theme_words_are_not_names(ws: Workspace) -> None:
    """A hidden person called May: every page says 'May 2026' in its dates."""
    shared(ws, "Body.\n")
    result = build(ws)
    assert result.exit_code == 0, result.output
    assert "May" in page(ws)


def test_the_self_build_names_everyone(ws: Workspace) -> None:
    shared(ws, "Kai and Zoë Quintanilla helped.\n")
    result = build(ws, audience="self")
    assert result.exit_code == 0 and "warning" not in result.output, result.output


# -- first or last names alone, hidden titles: warnings ------------------------------------------
def test_a_last_name_alone_warns_and_fails_with_strict(ws: Workspace) -> None:
    shared(ws, "Intro.\n\nQuintanilla liked it.\n")
    result = build(ws)
    assert result.exit_code == 0, result.output
    line = body_line(ws, "Quintanilla liked")
    expected = f"{PIECE}:{line}:1: warning: 'Quintanilla' may name hidden person 'Zoë Quintanilla'"
    assert expected in result.output, result.output
    strict = build(ws, "--strict")
    assert strict.exit_code == 1, strict.output
    assert f"{PIECE}:{line}:1: error: 'Quintanilla'" in strict.output


def test_a_hidden_title_typed_in_visible_text_warns(ws: Workspace) -> None:
    ws.evidence(
        "2026-04-01-secret",
        "Hidden body.\n",
        title="Reorg of the payments team",
        date="2026-04-01",
        competencies=["design"],
        visibility="self",
    )
    shared(ws, "Intro.\n\nThis came after the reorg of the payments team.\n")
    result = build(ws)
    assert result.exit_code == 0, result.output
    line = body_line(ws, "after the reorg")
    assert re.search(
        rf"{re.escape(PIECE)}:{line}:\d+: warning: repeats the title of hidden evidence "
        r"'2026-04-01-secret'",
        result.output,
    ), result.output
    assert build(ws, "--strict").exit_code == 1


def test_a_name_in_the_workspace_theme_is_found(ws: Workspace) -> None:
    shared(ws, "Body.\n")
    ws.write("themes/default/static/extra.css", "/* for Kai */\n")
    result = build(ws)
    assert result.exit_code == 1, result.output
    assert "themes/default/static/extra.css:1:8: error: leak check" in result.output


# -- the comparison itself -------------------------------------------------------------------------
def test_every_invisible_format_character_is_ignored() -> None:
    invisible = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert fold("Zo" + "".join(invisible) + "ë") == "Zoë"


def test_names_match_as_whole_words_case_sensitively() -> None:
    finder = NameFinder(["Kai", "Sam Lee"], ["Alice Kaiser", "Sam Okafor", "Ada"])
    found = lambda text: [(m.person, m.full) for m in finder.find(text)]  # noqa: E731
    assert found("Kai said") == [("Kai", True)]
    assert found("Alice Kaiser said") == found("kai said") == found("Kai-Lee said") == []
    assert found("Sam said") == []  # Sam also names a visible person
    assert found("Lee said") == [("Sam Lee", False)]
    assert same_name("Zoë  Quintanilla", unicodedata.normalize("NFD", "zoë quintanilla"))


def test_a_one_word_name_a_visible_person_shares_is_not_an_error(ws: Workspace) -> None:
    people = [{"name": "Kai", "visibility": "self"}, {"name": "Kai Berg", "visibility": "public"}]
    ws.write_config(people=people)
    ws.evidence(
        "2026-05-02-shared",
        "Kai Berg reviewed it.\n",
        title="Shared piece",
        date="2026-05-02",
        competencies=["design"],
        visibility="public",
    )
    assert build(ws).exit_code == 0


def test_a_name_in_dossier_yaml_points_at_the_line_that_shows_it(ws: Workspace) -> None:
    """Not at the hidden person's own entry in `people:`, which no audience sees."""
    people = [*PEOPLE, {"name": "Sam Okafor", "role": "works with Zoë Quintanilla"}]
    shared(ws, "Body.\n")
    ws.write_config(people=[{**p, "visibility": p.get("visibility", "public")} for p in people])
    result = build(ws)
    assert result.exit_code == 1, result.output
    lines = (ws.root / "dossier.yaml").read_text("utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if "works with" in text)
    assert f"dossier.yaml:{line}:" in result.output, result.output
