"""Where YAML values were written, counted as editors count, quickly (issue 20, item 9).

YAML takes U+0085, U+2028 and U+2029 for line breaks; editors do not. Positions are
counted by the text's own newlines, one bisection per lookup: a file full of such
characters used to cost a scan of all of them for every value (a 440 KB front matter
took a minute). Performance figures belong in the benchmarks; this only bounds it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from conftest import Workspace

from dossier.errors import Diagnostics
from dossier.load.yamlsrc import LineMap, load_yaml

ODD = ["\x85", "\u2028", "\u2029"]


@dataclass
class Mark:
    """What PyYAML's own reader gives: a character index and YAML's line and column."""

    index: int
    line: int
    column: int


def test_many_lookups_in_a_text_full_of_odd_breaks_are_quick() -> None:
    """20,000 lookups in a text with 20,000 U+2028 and 20,000 newlines: a scan per lookup
    makes that 400 million steps (tens of seconds); a bisection, a few hundred thousand."""
    count = 20_000
    text = "".join(f"k{i}: 'a\u2028b'\n" for i in range(count))
    starts = [i for i, c in enumerate(text) if i == 0 or text[i - 1] == "\n"]
    started = time.perf_counter()
    lines = LineMap(text, 1)
    found = [lines.position(Mark(at, 2 * n, 0)) for n, at in enumerate(starts)]
    took = time.perf_counter() - started
    assert found[:3] == [(2, 1), (3, 1), (4, 1)] and found[-1] == (count + 1, 1)
    assert took < 5.0, f"{count:,} lookups took {took:.1f} s"


@pytest.mark.parametrize("odd", ODD)
def test_positions_count_lines_and_columns_as_editors_do(odd: str) -> None:
    text = (
        f"title: 'one{odd}two'\nnote: 'x{odd}y'  \nitems:\n  - 'a{odd}b'\n  - {{k: v}}\n"
        f"row: {{k: 'a{odd}b', j: v}}\n"
    )
    doc = load_yaml(text, "x.yaml", Diagnostics(), line_offset=1)
    assert doc is not None
    assert doc.at(("note",)) == (3, 7)
    assert doc.at(("items", 1)) == (6, 5)
    assert doc.key_at(("items", 1, "k")) == (6, 6)
    assert doc.key_at(("row", "j")) == (7, 17)  # after the odd break on its own line


@pytest.mark.parametrize("odd", ODD)
def test_errors_after_odd_breaks_point_at_the_editors_line_and_column(odd: str) -> None:
    duplicate = Diagnostics()
    load_yaml(f"a: 'x{odd}y{odd}z'\nb: 1\nb: 2\n", "x.yaml", duplicate)
    assert [(d.line, d.col) for d in duplicate.errors] == [(3, 1)], duplicate.items
    syntax = Diagnostics()
    assert load_yaml(f"a: 'x{odd}y'\nb: c: d\n", "x.yaml", syntax) is None
    assert [(d.line, d.col) for d in syntax.errors] == [(2, 5)], syntax.items


def test_a_big_front_matter_full_of_odd_breaks_loads(ws: Workspace) -> None:
    """A 4,000-item list each holding a U+2028 (the shape that was quadratic) loads, with
    the last item's line right, well inside a generous bound."""
    items = "".join(f"  - 'metric\u2028{i}'\n" for i in range(4000))
    ws.write(
        "content/evidence/2026-05-01-big.md",
        "---\ntitle: Big\ndate: 2026-05-01\ncompetencies: [design]\nstakeholders:\n"
        f"{items}stakeholders: [again]\n---\nBody.\n",
    )
    started = time.perf_counter()
    _, diags = ws.load()
    took = time.perf_counter() - started
    duplicate = [d for d in diags.errors if "duplicate key 'stakeholders'" in d.message]
    assert duplicate and duplicate[0].line == 4006 and duplicate[0].col == 1, diags.items
    assert took < 30, f"took {took:.1f} s"
