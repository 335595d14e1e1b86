"""One audience's packet file: its view and report made as `dossier build` makes them, the
document in the chosen format, the leak check over the document's text, and the file
written in one step (a temporary file renamed over the named one)."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.analysis.gaps import analyse
from dossier.errors import Diagnostic, Diagnostics, Severity
from dossier.model.asof import as_of_view
from dossier.model.config import CONFIG_FILE
from dossier.model.dossier import Dossier
from dossier.model.profile import profile_for
from dossier.packet.commonmark import write_markdown
from dossier.packet.content import Packet, make_packet
from dossier.packet.word_packet import write_docx
from dossier.packet.wording import packet_words
from dossier.plan.leaks import find_leaks, secrets_for
from dossier.plan.mentions import check_mentions
from dossier.plan.site import report_leaks

FORMATS = ("docx", "md")
SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md"}
_READER_BREAKS = re.compile(rb"</w:p>|</w:tc>|<w:br\b[^>]*>|<w:tab\b[^>]*>|<w:cr\b[^>]*>")
_TAG = re.compile(rb"<[^>]*>")


@dataclass(frozen=True)
class Exported:
    packet: Packet
    data: bytes
    template_problems: tuple[tuple[str, str], ...]  # (message, hint)


@dataclass(frozen=True)
class ExportResult:
    """A packet written: where, for whom, in which format; what was left out of it and
    what was wrong with the template (it was then written with the default styles)."""

    path: Path
    audience: str
    output_format: str
    notes: tuple[str, ...]
    template_warnings: tuple[Diagnostic, ...]


def format_for(path: Path | None, chosen: str | None) -> str | None:
    """The format: as chosen, else from the file name, else docx. None when the choice
    and the file name disagree."""
    named = SUFFIXES.get(path.suffix.lower()) if path is not None else None
    if chosen is not None and named is not None and chosen != named:
        return None
    return chosen or named or "docx"


def export_packet(
    dossier: Dossier,
    audience: str,
    as_of: date,
    level: str | None,
    output_format: str,
    template: Path | None,
    diags: Diagnostics,
) -> Exported | None:
    """The packet file's bytes; None (with the leaks in `diags`) when anything hidden
    from the audience is in its text, or the author named someone hidden from it."""
    seen = dossier.for_audience(audience)
    check_mentions(dossier, seen, [], diags)
    if diags.errors:
        return None
    view = as_of_view(seen, as_of)  # as the site: evidence dated later does not exist yet
    report = analyse(view, as_of, level)
    packet = make_packet(view, report, profile_for(view.config, audience))
    problems: list[tuple[str, str]] = []
    if output_format == "md":
        data = write_markdown(packet).encode("utf-8")
    else:
        data, problems = write_docx(packet, template)
    secrets = secrets_for(dossier, seen, packet_words())  # later pieces are no secret
    leaks = find_leaks(readable_parts(data, output_format), secrets)
    if leaks:
        report_leaks(leaks, f"{audience} packet", diags)
        return None
    return Exported(packet, data, tuple(problems))


def template_warnings(template: Path | None, exported: Exported) -> tuple[Diagnostic, ...]:
    """The template's problems, named by its path as the user gave it."""
    return tuple(
        Diagnostic(str(template), 0, 0, message, hint, Severity.WARNING)
        for message, hint in exported.template_problems
    )


def readable_parts(data: bytes, output_format: str) -> dict[str, bytes]:
    """What the leak check reads: a Markdown packet as it is; of a docx, every file in
    it (names, properties, link addresses) and the text of each part as a reader sees it
    (runs of a paragraph joined, as they are on the page)."""
    if output_format == "md":
        return {"packet.md": data}
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            content = package.read(name)
            parts[name] = content
            if name.endswith(".xml"):
                parts[f"{name} (text)"] = _TAG.sub(b"", _READER_BREAKS.sub(b"\n", content))
    return parts


def refused_output(path: Path, root: Path) -> str | None:
    """Why the packet may not be written at `path`, or None: never into the workspace's
    own files (content/, themes/, dossier.yaml), never over a folder."""
    target = path.resolve()
    if target.is_dir():
        return f"{path} is a folder; name the packet file, e.g. {path / 'packet.docx'}"
    for kept in ("content", "themes", CONFIG_FILE):
        mine = (root / kept).resolve()
        if target == mine or mine in target.parents:
            return f"{path} is inside the workspace's {kept}; the packet goes beside it"
    if not target.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a temporary file beside it, renamed over it.
    Raises OSError."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
