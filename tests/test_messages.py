"""Messages that say what happened, safely (issue 20, smaller items): the alias-bomb hint
only when aliases were expanded, and control characters in file names (terminal escape
sequences, bidi overrides) escaped instead of reaching the terminal."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import Workspace

from dossier.cli import cli
from dossier.errors import Diagnostic, Diagnostics
from dossier.load.yamlsrc import MAX_NODES, load_yaml


def test_a_big_plain_document_gets_no_alias_bomb_hint() -> None:
    diags = Diagnostics()
    text = "values: [" + "1, " * (MAX_NODES + 10) + "1]\n"
    assert load_yaml(text, "big.yaml", diags) is None
    [error] = diags.errors
    assert "more than 200,000 values" in error.message, error
    assert "alias" not in error.message + error.hint, error


def test_an_alias_bomb_still_gets_the_alias_bomb_hint() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    diags = Diagnostics()
    assert load_yaml("\n".join(lines) + "\n", "bomb.yaml", diags) is None
    assert "alias bomb" in diags.errors[0].hint, diags.items


CONTROLS = ["\x1b[31mred\x1b[0m", "bell\x07", "back\x08space", "carriage\rreturn", "\u202eevil"]


@pytest.mark.parametrize("name", CONTROLS)
def test_control_characters_in_file_names_are_escaped(ws: Workspace, name: str) -> None:
    ws.write(f"content/evidence/2026-05-01-{name}.md", "no front matter\n")
    result = CliRunner().invoke(cli, ["check", "-C", str(ws.root)])
    assert result.exit_code == 1, result.output
    shown = name.encode("unicode_escape").decode("ascii")
    assert f"2026-05-01-{shown}.md:1:1: error: no front matter" in result.output, result.output
    raw = [c for c in name if not c.isprintable()]
    assert not any(c in result.output for c in raw), repr(result.output)


def test_a_diagnostic_never_prints_a_control_character() -> None:
    item = Diagnostic("content/a\x1b]0;title\x07.md", 3, 1, "bad \x9b value", "fix \x1b[2J it")
    text = item.format()
    assert text == (
        "content/a\\x1b]0;title\\x07.md:3:1: error: bad \\x9b value\n  hint: fix \\x1b[2J it"
    )
