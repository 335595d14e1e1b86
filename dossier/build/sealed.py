"""`dossier build --seal` and `--single-file`: one audience's site plan made page by page
(these builds are outside the speed targets: no workers, no page reuse), then sealed into
a folder swapped in at once, or bundled into one file written in one step."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import jinja2

from dossier.build.site import BuildResult, plan_audiences
from dossier.errors import Diagnostics
from dossier.model.dossier import Dossier
from dossier.model.identity import identity
from dossier.plan.site import LeakFound, SitePlan, report_leaks
from dossier.plan.themes import report_template_error
from dossier.seal.keys import SealKey, encode_key, key_file, key_store, read_key_file, seal_key
from dossier.seal.options import SealError, SealOptions
from dossier.seal.publish import committed_before, published_url
from dossier.seal.shell import MARKER
from dossier.seal.site import one_file, sealed_site, site_link
from dossier.write.output import check_output_folder, write_site
from dossier.write.single import check_single_file, write_single_file


def workspace_id(dossier: Dossier) -> str:
    config = dossier.config
    return identity(dossier.root, config.id, config.person.name, config.title)


def build_delivered(
    dossier: Dossier,
    out: Path,
    audience: str,
    as_of: date,
    diags: Diagnostics,
    seal: SealOptions | None,
    single_file: Path | None,
    strict: bool = False,
) -> BuildResult | None:
    """One audience's site sealed into `out`, or as the one file `single_file` (sealed
    when `seal` is given). None on errors, and with `strict` on warnings, found before
    anything is written (diagnostics say why; nothing is replaced)."""
    target = single_file.resolve() if single_file is not None else out
    if single_file is not None:
        check_single_file(target, dossier.root, MARKER.encode())
    else:
        check_output_folder(out, dossier.root, dossier.config.site.keep)
    keep_out = (dossier.root,) if single_file is not None else (dossier.root, out)
    key = seal_key(seal, workspace_id(dossier), audience, keep_out) if seal else None
    plans = plan_audiences(dossier, [audience], as_of, diags, strict=strict)
    if key is not None:
        _warn_of_history(target, dossier.root, diags)
    if plans is None or (strict and diags.warnings):
        return None
    plan = plans[0]
    try:
        files = _write(plan, target, key, single_file is not None)
    except LeakFound as exc:
        report_leaks(exc.leaks, audience, diags)
        return None
    except jinja2.TemplateError as exc:
        report_template_error(exc, dossier.root, diags)
        return None
    link = "" if key is None or single_file else _link(dossier, audience, out, key)
    return BuildResult(target, audience, files, plan.report, link=link)


def _write(plan: SitePlan, target: Path, key: SealKey | None, single: bool) -> int:
    """The number of files written."""
    if single:
        write_single_file(target, one_file(plan, key))
        return 1
    if key is None:
        raise ValueError("a folder is only written here sealed")
    return len(write_site(target, sealed_site(plan, key), keep=plan.view.config.site.keep))


def _link(dossier: Dossier, audience: str, out: Path, key: SealKey) -> str:
    return site_link(published_url(dossier.config, audience), out, key)


def _warn_of_history(target: Path, root: Path, diags: Diagnostics) -> None:
    if committed_before(target):
        diags.warning(
            os.path.relpath(target, root).replace(os.sep, "/"),
            0,
            0,
            "git history holds earlier builds here: a new key stops old links opening the "
            "copy on the host, not copies of those commits",
            "if an earlier build should not be read any more, rewrite that history or "
            "publish from a repository without it",
        )


def shown_key(dossier: Dossier, audience: str, options: SealOptions) -> tuple[str, Path]:
    """`dossier key show`: the stored key of `audience`'s sealed site, and its file."""
    store = key_store(options, (dossier.root,))
    path = key_file(store, workspace_id(dossier), audience)
    if not (path.exists() or path.is_symlink()):
        raise SealError(
            f"no seal key for the {audience} audience of this workspace yet ({path})",
            f"`dossier build --audience {audience} --seal` makes one",
        )
    return encode_key(read_key_file(path).key), path
