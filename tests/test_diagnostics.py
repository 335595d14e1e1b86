"""Bad input: one small broken workspace per diagnostic (SPEC sections 2, 3 and 7).

Each test checks the message (a stable part of it), the file, the line (and column where
it means something), that a hint is present, and the severity. A final test puts every
kind of bad input into one workspace and checks that one run reports all of it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.errors import Diagnostic, Diagnostics, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING

# dossier.yaml written as raw text so that line numbers are exact (lines 1-5).
CONFIG = """\
title: Case
person: {name: Ada, role: Senior Engineer}
framework: content/framework.yaml
current_level: ic2
target_level: staff
"""

# A framework written as raw text for the framework tests (same ids as the fixture's).
FRAMEWORK = """\
name: Mini ladder
levels:
  - {id: ic1, title: Engineer}
  - {id: ic2, title: Senior Engineer}
  - {id: staff, title: Staff Engineer}
groups:
  - {id: craft, title: Craft}
competencies:
  - id: design
    title: Technical design
    group: craft
    expectations:
      staff:
        - {id: cross-team-design, text: Designs systems that span teams.}
  - id: delivery
    title: Delivery
    expectations:
      ic1:
        - Ships tasks.
"""


# -- helpers ----------------------------------------------------------------------------
def front(*lines: str, body: str = "") -> str:
    """A Markdown file: '---' on line 1, then `lines` from line 2, '---', then the body."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


VALID = ("title: Valid", "date: 2026-03-14", "competencies: [design]")


def dump(diags: Diagnostics) -> str:
    return "\n".join(d.format() for d in diags.sorted()) or "(no diagnostics)"


def find(diags: Diagnostics, path: str, fragment: str) -> list[Diagnostic]:
    return [d for d in diags.items if d.path == path and fragment in d.message]


def expect(
    diags: Diagnostics,
    path: str,
    fragment: str,
    line: int | None = None,
    col: int | tuple[int, ...] | None = None,
    severity: Severity = ERROR,
    hint: str = "",
) -> Diagnostic:
    """The one diagnostic in `path` whose message holds `fragment`, checked in full."""
    found = find(diags, path, fragment)
    assert len(found) == 1, f"expected one {fragment!r} in {path}, got:\n{dump(diags)}"
    d = found[0]
    if line is not None:
        assert d.line == line, f"line {d.line} != {line}: {d.format()}"
    if col is not None:
        cols = col if isinstance(col, tuple) else (col,)
        assert d.col in cols, f"col {d.col} not in {cols}: {d.format()}"
    assert d.hint.strip(), f"no hint: {d.format()}"
    assert hint in d.hint, f"hint lacks {hint!r}: {d.format()}"
    assert d.severity is severity, d.format()
    return d


def load_failing(ws) -> Diagnostics:
    """Load a workspace that has errors: no Dossier comes back."""
    dossier, diags = ws.load()
    assert dossier is None, dump(diags)
    assert diags.errors
    return diags


def load_clean(ws) -> Diagnostics:
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    assert not diags.items, dump(diags)
    return diags


def billion_laughs() -> str:
    """A one-line YAML alias bomb: 9**7 values once every alias is expanded."""
    parts = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        parts.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "bomb: {" + ", ".join(parts) + "}"


EV = "content/evidence"


def test_baseline_workspace_is_clean(ws):
    ws.write(f"{EV}/ok.md", front(*VALID, body="Links [[design]] and [[cross-team-design]].\n"))
    load_clean(ws)


# -- dossier.yaml -----------------------------------------------------------------------
def test_config_unknown_key_did_you_mean(ws):
    ws.write("dossier.yaml", CONFIG + "cycel: 2027-03-01\n")
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", "unknown key 'cycel'", line=6, col=1)
    assert "did you mean 'cycle'" in d.message


@pytest.mark.parametrize("key", ["person", "current_level", "target_level"])
def test_config_missing_required_key(ws, key):
    text = "".join(line + "\n" for line in CONFIG.splitlines() if not line.startswith(key))
    ws.write("dossier.yaml", text)
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", f"missing required field '{key}'", hint=key)
    assert d.line <= 1


@pytest.mark.parametrize(
    ("key", "line", "bad", "good"),
    [("current_level", 4, "ic22", "ic2"), ("target_level", 5, "staf", "staff")],
)
def test_config_unknown_level_did_you_mean(ws, key, line, bad, good):
    ws.write("dossier.yaml", CONFIG.replace(f"{key}: {good}", f"{key}: {bad}"))
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", f"unknown level '{bad}'", line=line, col=len(key) + 3)
    assert key in d.message
    assert f"did you mean '{good}'" in d.message


def test_config_unknown_competency_in_not_required(ws):
    ws.write("dossier.yaml", CONFIG + "not_required:\n  peeple: Agreed with Jo.\n")
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", "unknown competency 'peeple'", line=7, col=3)
    assert "did you mean 'people'" in d.message


def test_config_wrong_type(ws):
    ws.write("dossier.yaml", CONFIG + "analysis:\n  min_evidence: two\n")
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", "'min_evidence' must be a whole number", line=7, col=17)
    assert "text" in d.message


@pytest.mark.parametrize("value", ["2027-02-30", "next spring", "2027-3-1"])
def test_config_bad_cycle_date(ws, value):
    ws.write("dossier.yaml", CONFIG + f"cycle: {value}\n")
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "invalid date", line=6, col=8, hint="YYYY-MM-DD")


def test_config_unknown_builtin_framework(ws):
    ws.write("dossier.yaml", CONFIG.replace("content/framework.yaml", "builtin:enginering"))
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", "unknown built-in framework 'enginering'", line=3, col=12)
    assert "did you mean 'engineering'" in d.message


def test_config_framework_file_not_found(ws):
    ws.write("dossier.yaml", CONFIG.replace("content/framework.yaml", "content/ladder.yaml"))
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "'content/ladder.yaml' not found", line=3, col=12)


@pytest.mark.parametrize("ref", ["../x.yaml", "content/../../x.yaml"])
def test_config_framework_outside_workspace(ws, ref):
    # The file exists outside the workspace: it must be refused, not read.
    (ws.root.parent / "x.yaml").write_text("name: outside\nlevels: []\n", encoding="utf-8")
    ws.write("dossier.yaml", CONFIG.replace("content/framework.yaml", ref))
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "outside the workspace", line=3, col=12)
    assert not [d for d in diags.items if "x.yaml" in d.path], dump(diags)


def test_config_person_listed_twice(ws):
    people = "people:\n  - {name: Sam Okafor, relation: sponsor}\n  - {name: Sam Okafor}\n"
    ws.write("dossier.yaml", CONFIG + people)
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "'Sam Okafor' is listed twice", line=8, col=5, hint="line 7")


def test_config_bad_person_visibility(ws):
    ws.write("dossier.yaml", CONFIG + "people:\n  - {name: Sam, visibility: sponser}\n")
    diags = load_failing(ws)
    d = expect(diags, "dossier.yaml", "unknown visibility 'sponser'", line=7, col=29)
    assert "did you mean 'sponsor'" in d.message


def test_config_audiences_without_self(ws):
    ws.write("dossier.yaml", CONFIG + "audiences: [manager, sponsor, public]\n")
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "must include 'self'", line=6, col=12)


# -- the framework file -------------------------------------------------------------------
FW = "content/framework.yaml"


def test_framework_unknown_top_level_key(ws):
    ws.write(FW, FRAMEWORK + "descripton: A ladder.\n")
    diags = load_failing(ws)
    d = expect(diags, FW, "unknown key 'descripton'", line=20, col=1)
    assert "did you mean 'description'" in d.message


def test_framework_unknown_key_in_level(ws):
    ws.write(FW, FRAMEWORK.replace("{id: ic1, title: Engineer}", "{id: ic1, titel: Engineer}"))
    diags = load_failing(ws)
    d = expect(diags, FW, "unknown key 'titel'", line=3, col=15)
    assert "did you mean 'title'" in d.message


def test_framework_meta_is_allowed_everywhere(ws):
    text = FRAMEWORK.replace("name: Mini ladder\n", "name: Mini ladder\nmeta: {owner: HR}\n")
    text = text.replace("{id: ic1, title: Engineer}", "{id: ic1, title: Engineer, meta: {x: 1}}")
    text = text.replace("    title: Delivery\n", "    title: Delivery\n    meta: {scope: team}\n")
    ws.write(FW, text)
    load_clean(ws)


def test_framework_duplicate_level_id(ws):
    text = FRAMEWORK.replace(
        "  - {id: staff, title: Staff Engineer}\n",
        "  - {id: staff, title: Staff Engineer}\n  - {id: ic2, title: Again}\n",
    )
    ws.write(FW, text)
    diags = load_failing(ws)
    expect(diags, FW, "duplicate level id 'ic2'", line=6, col=10, hint="line 4")


def test_framework_duplicate_competency_id(ws):
    ws.write(FW, FRAMEWORK + "  - id: design\n    title: Design again\n")
    diags = load_failing(ws)
    expect(diags, FW, "duplicate competency id 'design'", line=20, col=9, hint="line 9")


def test_framework_duplicate_explicit_expectation_id(ws):
    text = FRAMEWORK.replace(
        "      ic1:\n        - Ships tasks.\n",
        "      staff:\n        - {id: cross-team-design, text: Ships across teams.}\n",
    )
    ws.write(FW, text)
    diags = load_failing(ws)
    expect(diags, FW, "duplicate expectation id 'cross-team-design'", line=19, hint="line 14")


def test_framework_explicit_id_equal_to_later_auto_id(ws):
    # The plain-text expectation of design at staff gets the id design.staff.1 ...
    text = FRAMEWORK.replace(
        "        - {id: cross-team-design, text: Designs systems that span teams.}\n",
        "        - Designs systems that span teams.\n",
    )
    # ... which an explicit id in another competency already took.
    text = text.replace(
        "        - Ships tasks.\n", "        - {id: design.staff.1, text: Ships.}\n"
    )
    ws.write(FW, text.replace("      ic1:\n", "      staff:\n"))
    diags = load_failing(ws)
    found = find(diags, FW, "duplicate expectation id 'design.staff.1'")
    assert len(found) == 1, dump(diags)
    assert found[0].line in (14, 19), found[0].format()
    assert found[0].hint and found[0].severity is ERROR


def test_framework_explicit_id_equal_to_earlier_auto_id(ws):
    text = FRAMEWORK.replace(
        "        - {id: cross-team-design, text: Designs systems that span teams.}\n",
        "        - Designs systems that span teams.\n"
        "        - {id: design.staff.1, text: Reviews designs.}\n",
    )
    ws.write(FW, text)
    diags = load_failing(ws)
    expect(diags, FW, "duplicate expectation id 'design.staff.1'", line=15, col=11, hint="14")


def test_framework_expectations_under_unknown_level(ws):
    ws.write(FW, FRAMEWORK.replace("      ic1:\n", "      ic11:\n"))
    diags = load_failing(ws)
    d = expect(diags, FW, "unknown level 'ic11'", line=18, col=7)
    assert "did you mean 'ic1'" in d.message
    assert "delivery" in d.message


def test_framework_unknown_group(ws):
    ws.write(FW, FRAMEWORK.replace("group: craft", "group: crafts"))
    diags = load_failing(ws)
    d = expect(diags, FW, "unknown group 'crafts'", line=11, col=12)
    assert "did you mean 'craft'" in d.message


def test_framework_level_entry_not_a_mapping(ws):
    text = FRAMEWORK.replace(
        "  - {id: staff, title: Staff Engineer}\n",
        "  - {id: staff, title: Staff Engineer}\n  - principal\n",
    )
    ws.write(FW, text)
    diags = load_failing(ws)
    expect(diags, FW, "must be a mapping", line=6, col=5)


# -- evidence: reading the file -------------------------------------------------------------
def test_evidence_without_front_matter(ws):
    ws.write(f"{EV}/x.md", "# Launched onboarding\n\nSome text.\n")
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "no front matter", line=1, hint="---")


def test_evidence_unclosed_front_matter(ws):
    ws.write(f"{EV}/x.md", "---\ntitle: Open\ndate: 2026-03-14\n\nBody text.\n")
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "never closed", line=1, hint="did you forget the closing ---?")


def test_evidence_front_matter_not_on_line_one(ws):
    ws.write(f"{EV}/x.md", "\n\n" + front(*VALID))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "must start on the first line", line=3, col=1)


def test_evidence_yaml_tab_indentation(ws):
    ws.write(f"{EV}/x.md", front("title: T", "date: 2026-03-14", "competencies:", "\t- design"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "invalid YAML", line=5, col=1, hint="tabs")


def test_evidence_yaml_unquoted_colon(ws):
    ws.write(f"{EV}/x.md", front("title: Q3: launch", "date: 2026-03-14", "competencies: [a]"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "invalid YAML", line=2, col=10, hint="quoted")


def test_evidence_duplicate_key(ws):
    ws.write(f"{EV}/x.md", front("title: One", *VALID[1:], "title: Two"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "duplicate key 'title'", line=5, col=1, hint="line 2")


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object:collections.OrderedDict {}",
        "!!python/object/apply:os.getcwd []",
        "!!python/name:os.system ''",
    ],
)
def test_evidence_python_tag_refused(ws, tagged):
    ws.write(f"{EV}/x.md", front(*VALID, f"impact: {tagged}"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "unsupported YAML tag '!!python/", line=5, col=9)


def test_evidence_alias_bomb_refused(ws):
    ws.write(f"{EV}/x.md", front(billion_laughs(), *VALID))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", "more than", line=2)
    assert "alias" in d.hint


def test_evidence_not_utf8(ws):
    ws.write(f"{EV}/x.md", b"---\ntitle: caf\xe9 notes\ndate: 2026-03-14\n---\n")
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", "not UTF-8", line=2, col=11, hint="UTF-8")
    assert "0xe9" in d.message


def test_evidence_not_utf8_in_body(ws):
    data = front(*VALID, body="First line.\nSecond ").encode() + b"\xff\xfe line.\n"
    ws.write(f"{EV}/x.md", data)
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "not UTF-8", line=7, col=8)


def test_evidence_nul_byte(ws):
    ws.write(f"{EV}/x.md", front(*VALID, body="Body\nwith a \0 inside\n").encode())
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "NUL", line=7, col=8)


def test_evidence_bom_and_crlf_accepted(ws):
    text = front(*VALID, body="Line one [[design]].\n\nLine three.\n")
    ws.write(f"{EV}/x.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    diags = load_clean(ws)
    assert not diags.items


def test_evidence_bom_and_crlf_keep_line_numbers(ws):
    text = front(*VALID, "level: stafff", body="Line one.\n\nSee [[nowhere]].\n")
    ws.write(f"{EV}/x.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "unknown level 'stafff'", line=5, col=8)
    expect(diags, f"{EV}/x.md", "[[nowhere]]", line=9, col=5)
    assert len(diags.items) == 2, dump(diags)


# -- evidence: fields ---------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["title", "date", "competencies"])
def test_evidence_missing_required_field(ws, missing):
    lines = [line for line in VALID if not line.startswith(missing)]
    ws.write(f"{EV}/x.md", front(*lines, "type: project"))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", f"missing required field '{missing}'", hint=missing)
    assert d.line in (1, 2), d.format()


def test_evidence_empty_competencies(ws):
    ws.write(f"{EV}/x.md", front("title: T", "date: 2026-03-14", "competencies: []"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "at least one competency", line=4, col=15)


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "14/03/2026", "2026-02-29"])
def test_evidence_bad_date(ws, value):
    ws.write(f"{EV}/x.md", front("title: T", f"date: {value}", "competencies: [design]"))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", "invalid date", line=3, col=7, hint="YYYY-MM-DD")
    assert value in d.message


def test_evidence_end_before_date(ws):
    ws.write(f"{EV}/x.md", front(*VALID, "end: 2026-03-01"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "end 2026-03-01 is before date 2026-03-14", line=5, col=6)


@pytest.mark.parametrize(
    ("line", "bad", "good"),
    [
        ("type: projet", "type 'projet'", "project"),
        ("visibility: manger", "visibility 'manger'", "manager"),
    ],
)
def test_evidence_unknown_choice(ws, line, bad, good):
    ws.write(f"{EV}/x.md", front(*VALID, line))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", f"unknown {bad}", line=5, col=line.index(" ") + 2)
    assert f"did you mean '{good}'" in d.message


@pytest.mark.parametrize(
    ("field", "bad", "good", "col"),
    [
        ("competencies", "desing", "design", 24),
        ("expectations", "cross-team-desgn", "cross-team-design", 16),
        ("level", "stafff", "staff", 8),
    ],
)
def test_evidence_unknown_framework_id(ws, field, bad, good, col):
    value = f"[design, {bad}]" if field == "competencies" else bad
    value = f"[{bad}]" if field == "expectations" else value
    lines = [*VALID[:2], "competencies: [design]"] if field != "competencies" else [*VALID[:2]]
    ws.write(f"{EV}/x.md", front(*lines, f"{field}: {value}"))
    diags = load_failing(ws)
    line = 5 if field != "competencies" else 4
    kind = {"competencies": "competency", "expectations": "expectation"}.get(field, field)
    d = expect(diags, f"{EV}/x.md", f"unknown {kind} '{bad}'", line=line, col=col)
    assert f"did you mean '{good}'" in d.message


def test_evidence_unknown_key_did_you_mean(ws):
    ws.write(f"{EV}/x.md", front(*VALID, "stakeholder: [Sam]"))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", "unknown key 'stakeholder'", line=5, col=1)
    assert "did you mean 'stakeholders'" in d.message


# -- evidence: slugs ------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "second"), [("Foo", "foo"), ("a b", "a-b")])
def test_evidence_duplicate_slug_names_both_files(ws, first, second):
    ws.write(f"{EV}/{first}.md", front(*VALID))
    ws.write(f"{EV}/{second}.md", front(*VALID))
    diags = load_failing(ws)
    clashes = [d for d in diags.items if "slug" in d.message]
    assert len(clashes) == 1, dump(diags)
    d = clashes[0]
    named = f"{d.path} {d.message}"
    assert f"{EV}/{first}.md" in named and f"{EV}/{second}.md" in named, d.format()
    assert d.path in (f"{EV}/{first}.md", f"{EV}/{second}.md")
    assert d.hint and d.severity is ERROR


def test_evidence_duplicate_slug_across_folders(ws):
    ws.write(f"{EV}/2026/launch.md", front(*VALID))
    ws.write(f"{EV}/Launch.md", front(*VALID))
    diags = load_failing(ws)
    clashes = [d for d in diags.items if "slug" in d.message]
    assert len(clashes) == 1, dump(diags)
    named = f"{clashes[0].path} {clashes[0].message}"
    assert f"{EV}/2026/launch.md" in named and f"{EV}/Launch.md" in named


def test_evidence_file_name_with_empty_slug(ws):
    ws.write(f"{EV}/!!!.md", front(*VALID))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/!!!.md", "slug")
    assert d.line in (0, 1)


# -- evidence: body references and links ------------------------------------------------------
def test_unknown_wikilink_line_and_column(ws):
    body = "Intro paragraph,\nsecond line with [[desing]] in it.\n\n- a list item [[ghost]]\n"
    ws.write(f"{EV}/x.md", front(*VALID, body=body))
    diags = load_failing(ws)
    d = expect(diags, f"{EV}/x.md", "[[desing]]", line=7, col=18)
    assert "did you mean 'design'" in d.message
    expect(diags, f"{EV}/x.md", "[[ghost]]", line=9, col=15)


def test_wikilink_to_missing_attachment(ws):
    ws.write("content/files/readout.pdf", b"%PDF-1.4\n")
    body = "See [[files/readout.pdf]] and [[files/missing.pdf]].\n"
    ws.write(f"{EV}/x.md", front(*VALID, body=body))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "[[files/missing.pdf]]", line=6, col=31)
    assert len(diags.items) == 1, dump(diags)


def test_body_link_leaving_workspace(ws):
    ws.write(f"{EV}/x.md", front(*VALID, body="\nRead [x](../../../etc/passwd).\n"))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "outside the workspace", line=7, col=(6, 10))


@pytest.mark.parametrize(
    ("body", "col"),
    [
        ("A link [p](/etc/passwd) here.\n", (8, 12)),
        ("An image ![p](/etc/passwd) here.\n", (10, 15)),
    ],
)
def test_body_absolute_link_or_image(ws, body, col):
    ws.write(f"{EV}/x.md", front(*VALID, body=body))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "/etc/passwd", line=6, col=col)


def test_front_matter_links_outside_workspace(ws):
    lines = (*VALID, "links:", "  - file:///etc/passwd", "  - {title: pw, url: /etc/passwd}")
    ws.write(f"{EV}/x.md", front(*lines))
    diags = load_failing(ws)
    expect(diags, f"{EV}/x.md", "'file:///etc/passwd'", line=6, col=5)
    expect(diags, f"{EV}/x.md", "'/etc/passwd'", line=7, col=5)


def test_attachment_symlink_outside_workspace(ws, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read\n", encoding="utf-8")
    link = ws.root / "content/files/secret.txt"
    link.parent.mkdir(parents=True)
    os.symlink(secret, link)
    body = "See [[files/secret.txt]] and [s](../files/secret.txt).\n"
    ws.write(f"{EV}/x.md", front(*VALID, body=body))
    diags = load_failing(ws)
    expect(diags, "content/files/secret.txt", "symlink", hint="copy")
    # The link from evidence may not reach it either way.
    wiki = find(diags, f"{EV}/x.md", "[[files/secret.txt]]")
    md_link = find(diags, f"{EV}/x.md", "../files/secret.txt")
    assert len(wiki) == 1 and wiki[0].line == 6 and wiki[0].col == 5, dump(diags)
    assert len(md_link) == 1 and md_link[0].line == 6 and md_link[0].col in (30, 34), dump(diags)


def test_evidence_symlink_outside_workspace(ws, tmp_path: Path):
    outside = tmp_path / "outside.md"
    outside.write_text(front(*VALID), encoding="utf-8")
    (ws.root / EV).mkdir(parents=True)
    os.symlink(outside, ws.root / EV / "linked.md")
    diags = load_failing(ws)
    expect(diags, f"{EV}/linked.md", "symlink")


# -- evidence: warnings ---------------------------------------------------------------------
def test_feedback_without_from_is_a_warning(ws):
    ws.write(f"{EV}/x.md", front(*VALID, "type: feedback"))
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    expect(diags, f"{EV}/x.md", "feedback without `from`", line=5, col=7, severity=WARNING)


def test_from_on_non_feedback_is_a_warning(ws):
    ws.write(f"{EV}/x.md", front(*VALID, "type: project", "from: Sam"))
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    expect(diags, f"{EV}/x.md", "`from` is set", line=6, col=7, severity=WARNING)


def test_expectation_of_unlisted_competency_is_a_warning(ws):
    ws.write(
        f"{EV}/x.md",
        front(*VALID[:2], "competencies: [delivery]", "expectations: [cross-team-design]"),
    )
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    d = expect(diags, f"{EV}/x.md", "'cross-team-design'", line=5, col=16, severity=WARNING)
    assert "design" in d.hint


# -- goals and pages --------------------------------------------------------------------------
GOAL = ("title: Own the roadmap", "competencies: [design]")


def test_goal_unknown_status(ws):
    ws.write("content/goals/g.md", front(*GOAL, "due: 2026-12-01", "status: in progress"))
    diags = load_failing(ws)
    d = expect(diags, "content/goals/g.md", "unknown status 'in progress'", line=5, col=9)
    assert "did you mean 'in-progress'" in d.message


def test_goal_bad_due_date(ws):
    ws.write("content/goals/g.md", front(*GOAL, "due: 2026-02-30"))
    diags = load_failing(ws)
    expect(diags, "content/goals/g.md", "invalid date '2026-02-30'", line=4, col=6)


def test_goal_without_due_date_is_a_warning(ws):
    ws.write("content/goals/g.md", front(*GOAL))
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    d = expect(diags, "content/goals/g.md", "no due date", severity=WARNING, hint="due")
    assert d.line in (1, 2)


def test_goal_unknown_competency(ws):
    ws.write("content/goals/g.md", front("title: G", "due: 2026-12-01", "competencies: [desing]"))
    diags = load_failing(ws)
    d = expect(diags, "content/goals/g.md", "unknown competency 'desing'", line=4, col=16)
    assert "did you mean 'design'" in d.message


def test_page_missing_title(ws):
    ws.write("content/pages/p.md", front("order: 2", body="# Why now\n"))
    diags = load_failing(ws)
    d = expect(diags, "content/pages/p.md", "missing required field 'title'")
    assert d.line in (1, 2)


def test_page_bad_order_type(ws):
    ws.write("content/pages/p.md", front("title: Why now", "order: first"))
    diags = load_failing(ws)
    expect(diags, "content/pages/p.md", "'order' must be a whole number", line=3, col=8)


# -- files that are not content -------------------------------------------------------------
def test_editor_temp_and_non_markdown_files_are_ignored(ws):
    junk = "\0\xff not front matter at all: [[nowhere]]"
    ws.write(f"{EV}/ok.md", front(*VALID))
    for name in (".#ok.md", "ok.md~", ".ok.md.swp", "notes.txt", "photo.png", "#ok.md#"):
        ws.write(f"{EV}/{name}", junk.encode("latin-1"))
    ws.write("content/goals/.#g.md", junk.encode("latin-1"))
    ws.write("content/pages/p.md~", junk.encode("latin-1"))
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    assert not diags.items, dump(diags)
    assert [e.slug for e in dossier.evidence] == ["ok"]


# -- one problem must not hide another --------------------------------------------------------
def test_broken_config_still_reports_framework_and_link_problems(ws):
    # dossier.yaml lacks target_level: the framework is still named (the default file)
    # and the evidence still has a link leaving the workspace; all three are problems.
    ws.write("dossier.yaml", CONFIG.replace("target_level: staff\n", ""))
    ws.write(FW, FRAMEWORK + "  - id: design\n    title: Design again\n")
    ws.write(f"{EV}/x.md", front(*VALID, body="Read [x](../../../etc/passwd).\n"))
    diags = load_failing(ws)
    expect(diags, "dossier.yaml", "missing required field 'target_level'")
    expect(diags, FW, "duplicate competency id 'design'", line=20)
    expect(diags, f"{EV}/x.md", "outside the workspace", line=6, col=(6, 10))


def test_unreadable_framework_still_reports_link_problems(ws):
    ws.write(FW, FRAMEWORK.replace("name: Mini ladder", "name: Mini: ladder"))
    lines = (*VALID, "links:", "  - file:///etc/passwd")
    ws.write(f"{EV}/x.md", front(*lines, body="An image ![p](/etc/passwd).\n"))
    diags = load_failing(ws)
    expect(diags, FW, "invalid YAML", line=1)
    expect(diags, f"{EV}/x.md", "'file:///etc/passwd'", line=6, col=5)
    expect(diags, f"{EV}/x.md", "'/etc/passwd'", line=8, col=(10, 15))


# -- Done when: everything at once ------------------------------------------------------------
ALL_CONFIG = """\
title: Case
person: {name: Ada, role: Senior Engineer}
framework: content/framework.yaml
current_level: ic2
target_level: staf
cycel: 2027-03-01
cycle: 2027-02-30
analysis:
  min_evidence: two
not_required:
  peeple: Agreed with Jo.
people:
  - {name: Sam, visibility: sponser}
  - {name: Sam}
"""

ALL_FRAMEWORK = """\
name: Mini ladder
descripton: typo
levels:
  - {id: ic1, title: Engineer}
  - {id: ic2, title: Senior Engineer}
  - {id: staff, title: Staff Engineer}
  - {id: ic2, title: Again}
  - principal
groups:
  - {id: craft, title: Craft}
competencies:
  - id: design
    title: Technical design
    group: craftt
    expectations:
      staff:
        - {id: cross-team-design, text: Designs systems that span teams.}
        - {id: cross-team-design, text: Again.}
        - Reviews designs.
        - {id: design.staff.3, text: Collides with the auto id above.}
      stafff:
        - Something.
  - id: delivery
    title: Delivery
    expectations:
      ic1:
        - Ships tasks.
  - id: design
    title: Again
"""


def write_everything_wrong(ws, tmp_path: Path) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """Every kind of bad input at once; returns the (path, line) of errors and warnings."""
    ws.write("dossier.yaml", ALL_CONFIG)
    ws.write(FW, ALL_FRAMEWORK)
    errors = {
        ("dossier.yaml", 5),  # unknown target level
        ("dossier.yaml", 6),  # unknown key cycel
        ("dossier.yaml", 7),  # bad cycle date
        ("dossier.yaml", 9),  # min_evidence: two
        ("dossier.yaml", 11),  # unknown competency in not_required
        ("dossier.yaml", 13),  # bad visibility of a person
        ("dossier.yaml", 14),  # person listed twice
        (FW, 2),  # unknown key
        (FW, 7),  # duplicate level id
        (FW, 8),  # level entry not a mapping
        (FW, 14),  # unknown group
        (FW, 18),  # duplicate explicit expectation id
        (FW, 20),  # explicit id equal to an auto id
        (FW, 21),  # expectations under an unknown level
        (FW, 28),  # duplicate competency id
    }
    warnings: set[tuple[str, int]] = set()

    def bad(name: str, text: str | bytes, *lines: int) -> None:
        ws.write(f"{EV}/{name}", text)
        errors.update((f"{EV}/{name}", line) for line in lines)

    bad("no-front-matter.md", "Just text.\n", 1)
    bad("unclosed.md", "---\ntitle: Open\n\nBody.\n", 1)
    bad("late.md", "\n" + front(*VALID), 2)
    bad("tab.md", front("title: T", "date: 2026-03-14", "competencies:", "\t- design"), 5)
    bad("colon.md", front("title: Q3: launch", *VALID[1:]), 2)
    bad("dupkey.md", front(*VALID, "title: Again"), 5)
    bad("python.md", front(*VALID, "impact: !!python/object/apply:os.getcwd []"), 5)
    bad("bomb.md", front(billion_laughs(), *VALID), 2)
    bad("latin1.md", b"---\ntitle: caf\xe9\n---\n", 2)
    bad("nul.md", front(*VALID, body="a\0b\n").encode(), 6)
    bom_crlf = front(*VALID, "level: stafff", body="Text.\n\n[[nowhere]]\n")
    bad("bom-crlf.md", b"\xef\xbb\xbf" + bom_crlf.replace("\n", "\r\n").encode(), 5, 9)
    bad("missing.md", front("type: project"), 2)  # title, date and competencies
    bad("empty-competencies.md", front(*VALID[:2], "competencies: []"), 4)
    bad("bad-month.md", front("title: T", "date: 2026-13-01", "competencies: [design]"), 3)
    bad("tomorrow.md", front("title: T", "date: tomorrow", "competencies: [design]"), 3)
    bad("end.md", front(*VALID, "end: 2026-01-01"), 5)
    bad("choices.md", front(*VALID, "type: projet", "visibility: manger"), 5, 6)
    ids = ("competencies: [desing]", "expectations: [cross-team-desgn]", "level: stafff")
    bad("ids.md", front(*VALID[:2], *ids), 4, 5, 6)
    bad("key.md", front(*VALID, "stakeholder: [Sam]"), 5)
    ws.write(f"{EV}/a b.md", front(*VALID))
    ws.write(f"{EV}/a-b.md", front(*VALID))  # slug clash: checked separately
    ws.write(f"{EV}/!!!.md", front(*VALID))  # empty slug: checked separately
    body = (
        "Intro,\nsee [[desing]] and [[files/missing.pdf]].\n\n"
        "[x](../../../etc/passwd) ![i](/etc/passwd)\n"
    )
    bad("body.md", front(*VALID, body=body), 7, 9)
    links = ("links:", "  - file:///etc/passwd", "  - /etc/passwd")
    bad("links.md", front(*VALID, *links), 6, 7)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret\n", encoding="utf-8")
    (ws.root / "content/files").mkdir(parents=True)
    os.symlink(secret, ws.root / "content/files/secret.txt")
    errors.add(("content/files/secret.txt", 0))
    for name in (".#x.md", "x.md~", ".x.md.swp", "notes.txt"):
        ws.write(f"{EV}/{name}", b"\xff\0 junk")  # ignored

    def warn(name: str, text: str, line: int) -> None:
        ws.write(f"{EV}/{name}", text)
        warnings.add((f"{EV}/{name}", line))

    warn("feedback.md", front(*VALID, "type: feedback"), 5)
    warn("from.md", front(*VALID, "from: Sam"), 5)
    warn(
        "unlisted.md",
        front(*VALID[:2], "competencies: [delivery]", "expectations: [cross-team-design]"),
        5,
    )
    bad("unknown-expectation.md", front(*VALID, "expectations: [x.y]"), 5)

    ws.write(
        "content/goals/g.md",
        front("title: G", "competencies: [desing]", "due: 2026-02-30", "status: in progress"),
    )
    errors.update({("content/goals/g.md", 3), ("content/goals/g.md", 4), ("content/goals/g.md", 5)})
    ws.write("content/pages/p.md", front("order: first"))
    errors.add(("content/pages/p.md", 2))  # missing title and bad order, both on line 2
    return errors, warnings


def test_done_when_every_problem_reported_in_one_run(ws, tmp_path: Path):
    errors, warnings = write_everything_wrong(ws, tmp_path)
    dossier, diags = ws.load()
    assert dossier is None
    slug_paths = {f"{EV}/a b.md", f"{EV}/a-b.md", f"{EV}/!!!.md"}
    got_errors = {(d.path, d.line) for d in diags.errors if d.path not in slug_paths}
    got_warnings = {(d.path, d.line) for d in diags.warnings}
    missing = errors - got_errors
    assert not missing, f"not reported: {sorted(missing)}\n{dump(diags)}"
    assert got_errors == errors, f"unexpected: {sorted(got_errors - errors)}"
    assert warnings <= got_warnings, f"missing warnings: {sorted(warnings - got_warnings)}"
    clash = [d for d in diags.errors if "slug" in d.message and d.path != f"{EV}/!!!.md"]
    assert len(clash) == 1 and "a b.md" in f"{clash[0].path} {clash[0].message}"
    assert "a-b.md" in f"{clash[0].path} {clash[0].message}"
    assert find(diags, f"{EV}/!!!.md", "slug")
    assert len(find(diags, f"{EV}/missing.md", "missing required field")) == 3, dump(diags)
    assert all(d.hint for d in diags.items), dump(diags)
    for name in (".#x.md", "x.md~", ".x.md.swp", "notes.txt"):
        assert not [d for d in diags.items if d.path.endswith(name)]


def test_done_when_check_command_prints_every_problem(ws, tmp_path: Path):
    errors, _ = write_everything_wrong(ws, tmp_path)
    result = CliRunner().invoke(cli, ["check", "-C", str(ws.root)])
    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == 1, output
    for path, line in sorted(errors):
        at = rf":{line}:\d+" if line else ""
        where = rf"{re.escape(path)}{at}: error: "
        assert re.search(where, output), f"{path}:{line} not printed:\n{output}"
    assert re.search(r"a-b\.md: error: .*slug", output) or re.search(
        r"a b\.md: error: .*slug", output
    ), output
    assert "hint: " in output


# -- check --strict -----------------------------------------------------------------------
def test_check_strict_fails_on_warnings_only(ws):
    ws.write(f"{EV}/x.md", front(*VALID, "type: feedback"))
    _, diags = ws.load()
    assert diags.warnings and not diags.errors, dump(diags)
    runner = CliRunner()
    plain = runner.invoke(cli, ["check", "-C", str(ws.root)])
    assert plain.exit_code == 0, plain.output
    assert "warning: feedback without `from`" in plain.output
    strict = runner.invoke(cli, ["check", "--strict", "-C", str(ws.root)])
    assert strict.exit_code == 1, strict.output
    assert "Traceback" not in plain.output + strict.output


def test_check_clean_workspace_exits_zero(ws):
    ws.write(f"{EV}/x.md", front(*VALID))
    result = CliRunner().invoke(cli, ["check", "--strict", "-C", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output
