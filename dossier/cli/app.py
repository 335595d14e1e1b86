"""The `dossier` command group: its help, version and the top-level -C option."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli.common import DossierGroup, workspace_option
from dossier.version import __version__

HELP_EPILOG = """\b
Shell completion of commands, options and competency ids (Click's own):
  bash  add to ~/.bashrc:  eval "$(_DOSSIER_COMPLETE=bash_source dossier)"
  zsh   add to ~/.zshrc:   eval "$(_DOSSIER_COMPLETE=zsh_source dossier)"
  fish  _DOSSIER_COMPLETE=fish_source dossier > ~/.config/fish/completions/dossier.fish

\b
Environment: DOSSIER_WORKSPACE, DOSSIER_AS_OF and DOSSIER_<COMMAND>_<OPTION> set
options; SOURCE_DATE_EPOCH sets "now"; NO_COLOR turns colour off; DOSSIER_PASSPHRASE
and DOSSIER_SEAL_KEY seal sites (dossier build --seal).
"""


@click.group(
    cls=DossierGroup,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "DOSSIER"},
    epilog=HELP_EPILOG,
)
@click.version_option(__version__, "-V", "--version", prog_name="dossier")
@workspace_option
def cli(workspace: Path | None) -> None:
    """Build a promotion case from Markdown evidence kept in git.

    Evidence files (content/evidence/*.md) are measured against a career framework
    (levels, competencies, expectations) to give a gap report and a linked static site
    you can share with your manager and, with private parts removed, with a sponsor.

    \b
    Start your own:
      dossier init my-dossier --framework engineering --current senior
      cd my-dossier
      dossier new evidence "Led the API migration" -c delivery
      dossier serve     preview in the browser as you write
      dossier build     the site for your manager, in site/

    \b
    Along the way:
      dossier check     every problem in every file, as path:line:col
      dossier gaps      where you stand against the target level, and why

    Every command has --help. Exit codes: 0 ok, 1 a problem in your files, 2 a
    usage error.
    """
