"""The README keeps up with the command line: every command and every option is documented."""

from __future__ import annotations

import re

import click
import pytest
from conftest import REPO

from dossier.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def long_options(command: click.Command) -> list[str]:
    """The --long spelling of every option the command takes, --help included.

    Reads `params` rather than `get_params(ctx)`: the latter caches a help option built
    from the context it is given, which would leak into later CliRunner runs.
    """
    names = ["--help"]
    for param in command.params:
        if isinstance(param, click.Option):
            names += [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
    return names


def mentioned(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


def test_there_are_commands() -> None:
    assert {"check", "gaps"} <= set(COMMANDS)


def test_the_group_has_help_text() -> None:
    assert (cli.help or "").strip()


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name: str) -> None:
    command = cli.commands[name]
    assert (command.help or "").strip(), name
    assert command.get_short_help_str().strip(), name


@pytest.mark.parametrize("name", COMMANDS)
def test_command_options_have_help_text(name: str) -> None:
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), (name, param.opts)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name: str) -> None:
    assert f"dossier {name}" in README, name


@pytest.mark.parametrize(
    ("name", "option"),
    [("dossier", o) for o in long_options(cli)]
    + [(n, o) for n in COMMANDS for o in long_options(cli.commands[n])],
)
def test_option_is_in_the_readme(name: str, option: str) -> None:
    assert mentioned(option), f"{name} {option} is not mentioned in README.md"
