"""A site plan's files as a sealed folder (one HTML shell per page and per linked
attachment, under opaque names, each carrying its own ciphertext) or as one HTML file
holding every page, sealed or not. Pages are made from the plan one at a time, each
leak-checked by the plan as it is made; dossier.json and plan.ics are left out."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from dossier.plan.site import SitePlan
from dossier.render import urls
from dossier.seal.cipher import Sealer, file_payload, page_payload
from dossier.seal.keys import SealKey, encode_key
from dossier.seal.rewrite import LEFT_OUT, Rewriter, media_type
from dossier.seal.shell import Mode, b64, shell
from dossier.write.output import OutputError


class PlanFiles:
    """The plan's files by site path, made (and leak-checked) or read when asked. Files
    other than pages are kept once read: every page inlines the same stylesheet."""

    def __init__(self, plan: SitePlan):
        self.plan = plan
        self.paths = frozenset(p for p in plan.paths() if p not in LEFT_OUT)
        self.pages = sorted(p for p in self.paths if p.endswith(".html"))
        self._kept: dict[str, bytes] = {}

    def read(self, path: str) -> bytes:
        if path.endswith(".html"):
            return self._make(path)
        if path not in self._kept:
            self._kept[path] = self._make(path)
        return self._kept[path]

    def _make(self, path: str) -> bytes:
        source = self.plan.copies.get(path)
        if source is None:
            return self.plan.make(path)
        try:
            return source.read_bytes()
        except OSError as exc:
            raise OutputError(
                f"cannot read {source}: {exc.strerror or exc}",
                "it changed while the site was being built; build again",
            ) from exc


def key_mode(key: SealKey, sealer: Sealer) -> Mode:
    if key.salt is None:
        return Mode("key", sealer.check)
    return Mode("passphrase", sealer.check, encode_key(key.salt), key.iterations)


class FolderLinks:
    """Links in a sealed folder: `NAME.html#to=anchor`; the page adds the key."""

    def __init__(self, sealer: Sealer):
        self.sealer = sealer

    def page_href(self, path: str, anchor: str, current: str) -> str:
        to = f"#to={quote(anchor, safe='')}" if anchor else ""
        return (to or "#") if path == current else self.sealer.name(path) + to

    def file_href(self, path: str) -> str:
        return self.sealer.name(path)

    def shared_style(self, path: str) -> str | None:
        return None  # each file opens on its own: its styles go inside it


def sealed_site(plan: SitePlan, key: SealKey) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of every file of the sealed folder: pages, then attachments."""
    sealer = Sealer(key.key)
    mode = key_mode(key, sealer)
    files = PlanFiles(plan)
    rewriter = Rewriter(files, FolderLinks(sealer))
    for path in files.pages:
        page = rewriter.page(path, files.read(path).decode("utf-8")).encode("utf-8")
        yield sealer.name(path), shell(mode, b64(sealer.seal(path, page_payload(page))))
    for path in sorted(rewriter.linked_files):
        payload = file_payload(posixpath.basename(path), media_type(path), files.read(path))
        yield sealer.name(path), shell(mode, b64(sealer.seal(path, payload)))


class OneFileLinks:
    """Links inside one file: `#p=PAGE&to=anchor` and `#f=FILE`."""

    def __init__(self, name: Callable[[str], str]):
        self.name = name

    def page_href(self, path: str, anchor: str, current: str) -> str:
        to = f"&to={quote(anchor, safe='')}" if anchor else ""
        return f"#p={quote(self.name(path), safe='/')}{to}"

    def file_href(self, path: str) -> str:
        return f"#f={quote(self.name(path), safe='/')}"

    def shared_style(self, path: str) -> str | None:
        return self.name(path)  # kept once, not in every page


def one_file(plan: SitePlan, key: SealKey | None) -> bytes:
    """The whole site as one HTML file: every page and linked attachment inside it,
    sealed with `key` (passphrase mode) or, without one, only encoded."""
    files = PlanFiles(plan)
    sealer = Sealer(key.key) if key is not None else None
    name: Callable[[str], str] = (lambda p: sealer.name(p)[:-5]) if sealer else (lambda p: p)

    def entry(path: str, plain: bytes) -> str:
        return b64(sealer.seal(path, plain) if sealer else plain)

    rewriter = Rewriter(files, OneFileLinks(name))
    entries: dict[str, str] = {}
    for path in files.pages:
        page = rewriter.page(path, files.read(path).decode("utf-8")).encode("utf-8")
        entries[name(path)] = entry(path, page_payload(page))
    for path in sorted(rewriter.linked_files):
        payload = file_payload(posixpath.basename(path), media_type(path), files.read(path))
        entries[name(path)] = entry(path, payload)
    for path, css in sorted(rewriter.shared_styles.items()):
        payload = file_payload(posixpath.basename(path), "text/css", css.encode("utf-8"))
        entries[name(path)] = entry(path, payload)
    table = json.dumps(dict(sorted(entries.items())), separators=(",", ":"))
    mode = key_mode(key, sealer) if key is not None and sealer else Mode("open")
    title = plan.view.config.title
    return shell(mode, table, single=True, index=name(urls.INDEX), title=title)


def site_link(base: str | None, out: Path, key: SealKey) -> str:
    """The link to send: the site's index at `base` (its published address) or on this
    machine, with the key in the fragment unless the reader types a passphrase."""
    where = f"{base.rstrip('/')}/{urls.INDEX}" if base else (out / urls.INDEX).as_uri()
    return where if key.salt is not None else f"{where}#k={encode_key(key.key)}"
