"""One audience's site, planned once for `dossier build` and `dossier serve` alike: what
the audience may see, its report, the secrets the leak check looks for, the files to
copy, and for every other site path the function that makes it. Build makes every file
of the plan; serve asks it for one path at a time. The privacy rules live here, so the
two cannot disagree."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import jinja2

from dossier.analysis.case import case_of
from dossier.analysis.gaps import Report, analyse
from dossier.analysis.overtime import over_time
from dossier.analysis.shown import shown_report, shown_view
from dossier.errors import Diagnostics
from dossier.load import git
from dossier.load import workspace as disk
from dossier.load.agreed import check_agreed_revision
from dossier.model.asof import as_of_view
from dossier.model.dossier import Dossier
from dossier.model.profile import Profile, profile_for
from dossier.plan.leaks import Leak, Secret, copy_leaks, find_leaks, secrets_for
from dossier.plan.mentions import check_mentions
from dossier.plan.themes import static_copies, template_dirs, theme_words
from dossier.render.bodies import linked_attachments
from dossier.render.context import Provenance, framework_changes
from dossier.render.site import SiteInput, SiteRenderer


class LeakFound(Exception):
    """A file made from the plan holds something hidden from its audience."""

    def __init__(self, leaks: list[Leak]):
        super().__init__(", ".join(sorted({leak.secret.what for leak in leaks})))
        self.leaks = leaks


@dataclass(frozen=True)
class SitePlan:
    audience: str
    as_of: date
    view: Dossier  # only what the audience may see
    report: Report  # computed from the view alone (its pages show what `profile` allows)
    profile: Profile  # what its reader is shown
    themes: tuple[Path, ...]  # the workspace's theme first, then the shipped one
    secrets: list[Secret]  # what must not appear in any file of this site
    copies: Mapping[str, Path]  # site path -> file copied as it is (static, attachments)
    renderer: SiteRenderer

    @cached_property
    def makers(self) -> dict[str, Callable[[], bytes]]:
        """Every generated file's site path and the function that makes it."""
        return dict(self.renderer.pages())

    def paths(self) -> list[str]:
        return sorted([*self.makers, *self.copies])

    def make(self, path: str) -> bytes:
        """One generated file, leak-checked; raises LeakFound instead of returning it."""
        data = self.makers[path]()
        leaks = find_leaks({path: data}, self.secrets)
        if leaks:
            raise LeakFound(leaks)
        return data

    @cached_property
    def secrets_key(self) -> str:
        """A fingerprint of the secrets: a page made for the same ones passed the same check."""
        texts = repr(sorted(s.text for s in self.secrets)).encode()
        return hashlib.sha256(texts).hexdigest()


def read_provenance(root: Path, dossier: Dossier, diags: Diagnostics | None = None) -> Provenance:
    """What git says of the workspace: first commits and framework changes since agreed
    (with `diags`, a warning when the agreed revision cannot be read)."""
    config = dossier.config
    changes = None
    if config.framework_agreed and not config.framework.startswith(disk.BUILTIN_PREFIX):
        then = git.file_at_revision(root, config.framework_agreed, config.framework)
        if then is not None:
            changes = framework_changes(then, dossier.framework, config.framework_agreed)
        elif diags is not None:
            check_agreed_revision(root, config, diags)
    first = git.first_commit_dates(root)
    return Provenance(first, changes, bool(first) or git.git_dir(root) is not None)


def plan_site(
    dossier: Dossier,
    audience: str,
    as_of: date,
    themes: list[Path],
    provenance: Provenance,
    env: jinja2.Environment,
    diags: Diagnostics,
    strict: bool = False,
) -> SitePlan | None:
    """The plan of one audience's site; None (with the reasons in diags) when what the
    author wrote for it names someone hidden from it, or a file it would copy already
    gives away something hidden (with `strict`, also for what is only a warning)."""
    seen = dossier.for_audience(audience)
    profile = profile_for(dossier.config, audience)
    # what the author wrote that the reader's pages show (a sponsor's, no goals)
    check_mentions(shown_view(dossier, profile), shown_view(seen, profile), themes, diags, strict)
    view = as_of_view(seen, as_of)  # evidence dated later does not exist yet
    report = analyse(view, as_of)
    pages_view = shown_view(view, profile)  # what its pages are made from
    secrets = secrets_for(dossier, seen, theme_words(themes[-1:]))  # later pieces: no secret
    copies = static_copies(dossier.root, themes, diags)
    attachments = linked_attachments(pages_view)
    copies.update({name: dossier.root / "content" / name for name in attachments})
    report_leaks(copy_leaks(dossier.root, copies, secrets), audience, diags)
    if diags.errors:
        return None
    known = provenance.only(view.evidence)
    extras = over_time(pages_view, report, known.first_commits if known.in_git else None, profile)
    site = SiteInput(
        pages_view,
        shown_report(report, profile),
        as_of,
        known if profile.shows("provenance") else Provenance(),
        template_dirs(themes),
        extras,
        profile,
        functools.partial(case_of, view, report),  # from the whole report, when asked
    )
    renderer = SiteRenderer(site, env)
    return SitePlan(
        audience, as_of, view, report, profile, tuple(themes), secrets, copies, renderer
    )


def report_leaks(leaks: list[Leak], audience: str, diags: Diagnostics) -> None:
    """One error per hidden thing that reached the output, naming where it came from."""
    files: dict[Secret, list[str]] = {}
    for leak in leaks:
        files.setdefault(leak.secret, []).append(leak.file)
    for secret, where in files.items():
        shown = ", ".join(sorted(where)[:3]) + (
            f" and {len(where) - 3} more" if len(where) > 3 else ""
        )
        diags.error(
            secret.source,
            0,
            0,
            f"leak check: {secret.what} appears in the {audience} build ({shown})",
            "nothing hidden from an audience may reach its build: remove the mention, "
            "or widen the item's visibility if it is meant to be shared",
        )
