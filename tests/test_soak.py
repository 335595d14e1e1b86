"""`dossier serve` soak (SPEC section 7): a running preview survives any sequence of edits.

A corpus workspace (benchmarks/corpus.py) is served in-process (as in test_serve.py), with
one tab's event stream open (so rebuilds render its page first), a client polling a few
pages the whole time and, for part of the run, 20 more fetching at once. Then random edits
with a seeded random: valid rewrites (body, title, competencies, date), invalid ones (YAML
syntax, an unknown competency, a missing closing `---`, not UTF-8, an empty file, a dead
wikilink, half a file left so), files written in two steps, atomic saves, deletes,
renames, new files, bursts of ten writes with no pause, and short pauses.

Checked: the server never dies and answers throughout; every page it sends is complete (one
reload script just before `</body>`, `</html>` at the end, the length it announced), and
two responses labelled with the same version are the same bytes (old or new, never torn or
mislabelled); memory does not keep growing; and once the files are all valid again, every
page served equals a clean `dossier build` of the final files, pages of files deleted or
renamed away are gone, and the event stream announces the final version.

A second test aims at the moment of the swap: 20 clients fetch while the server rebuilds
50 times, each build's edit marked in the pages, and a page labelled version N must hold
build N's edit (a page of the previous build labelled N would leave its tab stale, since
live.js reloads only on a version other than its own).

The quick soak (100 edits) runs with every `pytest`; the full one (1,000 edits) carries the
`slow` marker. Each prints its figures (shown with `pytest -rP` or `-s`).
"""

from __future__ import annotations

import gc
import hashlib
import http.client
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_faults import make_corpus
from test_serve import AS_OF_TEXT, SCRIPT_TAG, EventStream, LiveServer

from dossier.cli import cli

QUICK_EDITS = 100
FULL_EDITS = 1000
SETTLE_SECONDS = 60.0  # how long the final rebuild may take to show, on a loaded machine
STABLE_SECONDS = 1.0  # the served version must stay the same this long to count as settled
FETCHERS = 20
REBUILDS = 50  # in the test of concurrent fetchers
MB = 1024 * 1024

COMPETENCIES = [
    "strategy",
    "discovery",
    "execution",
    "design-quality",
    "data",
    "business",
    "pricing",
    "communication",
    "people",
    "technical",
    "operations",
    "partnerships",
]
VERSION = re.compile(rb'data-version="(\d+)"')
WIKILINK = re.compile(r"\[\[([^\]|#]+)")


# -- the server's memory ----------------------------------------------------------------------
def rss_bytes() -> int:
    """This process's resident memory (the server runs in it), from /proc/self/status."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


# -- what clients check -----------------------------------------------------------------------
def page_problem(status: int, length: str | None, body: bytes) -> str | None:
    """What is wrong with a served HTML page, or None: it must be whole."""
    if status != 200:
        return f"status {status}"
    if length != str(len(body)):
        return f"Content-Length {length} for {len(body)} bytes"
    tags = SCRIPT_TAG.findall(body)
    if len(tags) != 1:
        return f"{len(tags)} reload scripts"
    tag = SCRIPT_TAG.search(body)
    assert tag is not None
    if not body[tag.end() :].startswith(b"</body>"):
        return "the reload script is not just before </body>"
    if not body.rstrip().endswith(b"</html>"):
        return f"does not end with </html>: {body[-80:]!r}"
    if not body.lstrip().startswith(b"<!DOCTYPE html>"):
        return f"does not start with <!DOCTYPE html>: {body[:80]!r}"
    return None


@dataclass
class Ledger:
    """Every response clients got: counts, problems, and one digest per (page, version)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    responses: int = 0
    problems: list[str] = field(default_factory=list)
    mislabelled: list[str] = field(default_factory=list)
    digests: dict[tuple[str, int], str] = field(default_factory=dict)
    also: Callable[[str, int, bytes], None] | None = None  # (page, version label, body)

    def check(self, who: str, path: str, status: int, length: str | None, body: bytes) -> None:
        with self.lock:
            self.responses += 1
        if not path.endswith(".html"):
            problem = None
            if status != 200 or length != str(len(body)):
                problem = f"status {status}, Content-Length {length} for {len(body)} bytes"
        else:
            problem = page_problem(status, length, body)
        if problem is not None:
            with self.lock:
                self.problems.append(f"{who} {path}: {problem}")
            return
        if not path.endswith(".html"):
            return
        found = VERSION.search(body)
        assert found is not None
        key = (path, int(found.group(1)))
        digest = hashlib.blake2b(SCRIPT_TAG.sub(b"", body), digest_size=16).hexdigest()
        if self.also is not None:
            self.also(path, key[1], body)
        with self.lock:
            seen = self.digests.setdefault(key, digest)
            if seen != digest:
                self.mislabelled.append(
                    f"{who} {path}: two different pages both labelled version {key[1]}"
                )


class Client(threading.Thread):
    """Fetches `paths` round and round over one keep-alive connection until stopped."""

    def __init__(self, name: str, port: int, paths: list[str], ledger: Ledger, offset: int = 0):
        super().__init__(name=name, daemon=True)
        self.port, self.paths, self.ledger, self.offset = port, paths, ledger, offset
        self.done = threading.Event()
        self.count = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        i = self.offset
        try:
            while not self.done.is_set():
                path = self.paths[i % len(self.paths)]
                i += 1
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    body = resp.read()
                except (OSError, http.client.HTTPException) as exc:
                    with self.ledger.lock:
                        self.ledger.problems.append(f"{self.name} {path}: {exc!r}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    time.sleep(0.05)
                    continue
                self.count += 1
                self.ledger.check(
                    self.name, path, resp.status, resp.getheader("Content-Length"), body
                )
        finally:
            conn.close()

    def stop(self) -> None:
        self.done.set()
        self.join(30)
        assert not self.is_alive(), f"{self.name} hung"


# -- the editor ---------------------------------------------------------------------------------
def set_field(text: str, name: str, value: str) -> str:
    """The document with one front matter field replaced (or added before the closing ---)."""
    head, sep, body = text.partition("\n---\n")
    lines = head.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{name}:"):
            lines[i] = f"{name}: {value}"
            break
    else:
        lines.append(f"{name}: {value}")
    return "\n".join(lines) + sep + body


@dataclass
class Editor:
    """Random edits to a workspace, remembering what each file should end up as."""

    root: Path
    rng: random.Random
    protected: set[Path]  # evidence clients poll: edited, never deleted or renamed
    valid: dict[Path, str] = field(default_factory=dict)  # every managed file, valid
    broken: set[Path] = field(default_factory=set)  # managed files invalid on disk now
    gone: set[str] = field(default_factory=set)  # site paths of evidence deleted or moved
    kinds: Counter[str] = field(default_factory=Counter)
    edits: int = 0
    made: int = 0

    @classmethod
    def of(cls, root: Path, rng: random.Random, protected_count: int = 4) -> Editor:
        editor = cls(root, rng, set())
        files = [root / "dossier.yaml"]
        for kind in ("evidence", "goals", "pages"):
            files += sorted((root / "content" / kind).glob("*.md"))
        for path in files:
            editor.valid[path] = path.read_text(encoding="utf-8")
        editor.protected = set(editor.evidence()[:protected_count])
        return editor

    # what may be touched
    def evidence(self) -> list[Path]:
        return sorted(p for p in self.valid if p.parent.name == "evidence")

    def linked(self) -> set[str]:
        """Names other files link to: deleting or renaming those would break the links."""
        return {m.strip() for text in self.valid.values() for m in WIKILINK.findall(text)}

    def movable(self) -> list[Path]:
        linked = self.linked()
        return [p for p in self.evidence() if p not in self.protected and p.stem not in linked]

    # writing
    def write(self, path: Path, data: str | bytes, valid: bool) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(raw)
        if valid:
            self.broken.discard(path)
        else:
            self.broken.add(path)

    def count(self, kind: str) -> None:
        self.kinds[kind] += 1
        self.edits += 1

    # valid edits
    def changed(self, path: Path) -> str:
        """The file's valid text with something visible changed."""
        text, n = self.valid[path], self.edits
        if path.name == "dossier.yaml":
            return set_field(text, "title", f'"Promotion case: Alex Rivera (soak {n})"')
        choice = self.rng.randrange(4)
        if choice == 0 or path.parent.name == "pages":
            body_start = text.index("\n---\n") + 5
            body = re.sub(r"\nSoak edit \d+: [^\n]*\n", "\n", text[body_start:])
            return text[:body_start] + body.rstrip("\n") + f"\nSoak edit {n}: still true.\n"
        if choice == 1:
            title = re.search(r"^title: (.*)$", text, re.M)
            assert title is not None, path
            base = re.sub(r" \[soak \d+\]$", "", title.group(1).strip('"'))
            return set_field(text, "title", f'"{base} [soak {n}]"')
        if choice == 2 and path.parent.name != "pages":
            listed = re.search(r"^competencies: \[([^\]]*)\]", text, re.M)
            assert listed is not None, path
            first = listed.group(1).split(",")[0].strip()  # what its expectations are of
            others = [c for c in COMPETENCIES if c != first]
            picked = [first, *self.rng.sample(others, self.rng.randint(0, 2))]
            return set_field(text, "competencies", f"[{', '.join(picked)}]")
        if path.parent.name == "evidence":
            day = f"20{self.rng.randint(24, 26)}-{self.rng.randint(1, 12):02d}-"
            day += f"{self.rng.randint(1, 28):02d}"
            moved = set_field(text, "date", day)
            return set_field(moved, "end", day) if "\nend: " in text else moved
        return self.changed(path)

    def rewrite(self, path: Path) -> None:
        self.valid[path] = self.changed(path)
        self.write(path, self.valid[path], True)
        self.count("valid rewrite")

    def two_steps(self, path: Path) -> None:
        """Written as a slow editor does: half, a pause, the rest."""
        self.valid[path] = text = self.changed(path)
        raw = text.encode("utf-8")
        with path.open("wb") as out:
            out.write(raw[: len(raw) // 2])
            out.flush()
            time.sleep(self.rng.uniform(0, 0.02))
            out.write(raw[len(raw) // 2 :])
        self.broken.discard(path)
        self.count("half then the rest")

    def atomic_save(self, path: Path) -> None:
        self.valid[path] = self.changed(path)
        aside = path.with_name(f".{path.name}.swp")
        aside.write_text(self.valid[path], encoding="utf-8")
        aside.replace(path)
        self.broken.discard(path)
        self.count("atomic save")

    # invalid edits: the file stays broken until a valid one
    def spoil(self, path: Path) -> None:
        text = self.valid[path]
        markdown = path.suffix == ".md"
        ways: list[tuple[str, Callable[[], str | bytes]]] = [
            ("half-written", lambda: text[: len(text) // 2]),
            ("emptied", lambda: ""),
            ("not UTF-8", lambda: text.encode("utf-8")[:40] + b"\xff\xfe" + b"rest"),
            ("invalid YAML", lambda: text.replace("\n", "\nbad: [unclosed, list\n", 1)),
        ]
        if markdown:
            ways.append(("no closing ---", lambda: text.replace("\n---\n", "\n", 1)))
            ways.append(
                ("dead wikilink", lambda: text.rstrip("\n") + "\n\nSee [[no-such-piece-ever]].\n")
            )
        if markdown and path.parent.name != "pages":
            ways.append(("unknown competency", lambda: set_field(text, "competencies", "[desing]")))
        kind, make = self.rng.choice(ways)
        self.write(path, make(), False)
        self.count(f"invalid: {kind}")

    # files coming and going
    def delete(self) -> None:
        candidates = self.movable()
        if not candidates:
            return self.create()
        path = self.rng.choice(candidates)
        path.unlink()
        del self.valid[path]
        self.broken.discard(path)
        self.gone.add(f"evidence/{path.stem}.html")
        self.count("delete")

    def rename(self) -> None:
        candidates = self.movable()
        if not candidates:
            return self.create()
        path = self.rng.choice(candidates)
        stem = re.sub(r"-r\d+$", "", path.stem)
        target = path.with_name(f"{stem}-r{self.edits}.md")
        path.rename(target)
        self.valid[target] = self.valid.pop(path)
        if path in self.broken:
            self.broken.discard(path)
            self.broken.add(target)
        self.gone.add(f"evidence/{path.stem}.html")
        self.gone.discard(f"evidence/{target.stem}.html")
        self.count("rename")

    def create(self) -> None:
        self.made += 1
        day = f"2026-{self.rng.randint(1, 10):02d}-{self.rng.randint(1, 28):02d}"
        path = self.root / "content" / "evidence" / f"{day}-soak-new-{self.made}.md"
        picked = self.rng.sample(COMPETENCIES, self.rng.randint(1, 2))
        text = (
            f'---\ntitle: "Soak piece {self.made}"\ndate: {day}\n'
            f"competencies: [{', '.join(picked)}]\ntype: project\n"
            f'impact: "soak impact {self.made}"\n---\n'
            f"A piece written during the soak. See [[{picked[0]}]].\n"
        )
        self.valid[path] = text
        self.gone.discard(f"evidence/{path.stem}.html")
        if self.rng.random() < 0.3:  # created half-written, finished a moment later
            self.write(path, text[: len(text) // 3], False)
            time.sleep(self.rng.uniform(0, 0.02))
        self.write(path, text, True)
        self.count("create")

    # one step
    def any_file(self) -> Path:
        files = sorted(self.valid)
        if self.broken and self.rng.random() < 0.6:
            files = sorted(self.broken)  # mend (or break further) what is broken
        return self.rng.choice(files)

    def single(self) -> None:
        roll = self.rng.random()
        path = self.any_file()
        if roll < 0.30:
            self.rewrite(path)
        elif roll < 0.40:
            self.two_steps(path)
        elif roll < 0.48:
            self.atomic_save(path)
        elif roll < 0.63:
            self.spoil(path)
        elif roll < 0.73:
            self.delete()
        elif roll < 0.83:
            self.rename()
        else:
            self.create()

    def step(self, left: int) -> None:
        """One edit, or a burst of up to ten with no pause; then perhaps a short pause."""
        if left >= 10 and self.rng.random() < 0.08:
            for _ in range(10):
                path = self.any_file()
                (self.rewrite if self.rng.random() < 0.75 else self.spoil)(path)
            self.kinds["(bursts)"] += 1
        else:
            self.single()
        roll = self.rng.random()
        if roll < 0.3:
            time.sleep(self.rng.uniform(0, 0.05))
        elif roll < 0.38:  # long enough for a rebuild of whatever is on disk now
            time.sleep(self.rng.uniform(0.1, 0.3))

    def mend(self) -> None:
        """Every file valid again (what the final site is compared against)."""
        for path in sorted(self.broken):
            self.write(path, self.valid[path], True)
        # and one last valid save, so that there is always a rebuild after the last edit
        last = self.evidence()[0]
        self.valid[last] = self.changed(last)
        self.write(last, self.valid[last], True)


# -- the run ------------------------------------------------------------------------------------
def clean_build(root: Path, out: Path) -> dict[str, bytes]:
    args = ["build", "-C", str(root), "--as-of", AS_OF_TEXT, "--audience", "self"]
    result = CliRunner().invoke(cli, [*args, "--no-cache", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".dossier-site"
    }


def last_build_ok(server: LiveServer) -> bool:
    """Whether the server's last build (not a warning after it) succeeded."""
    for kind, message in reversed(list(server.messages)):
        if kind == "ok" and "built in" in message:
            return True
        if "build failed" in message:
            return False
    return False


def served_version(server: LiveServer) -> int | None:
    found = VERSION.search(server.get("/index.html").body)
    return int(found.group(1)) if found else None


def settle(server: LiveServer, after: int) -> int:
    """Wait until a build newer than version `after` succeeded and the version has stayed put
    for a while; that version."""
    deadline = time.monotonic() + SETTLE_SECONDS
    version, since = served_version(server), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = served_version(server)
        last_ok = last_build_ok(server)
        if now != version:
            version, since = now, time.monotonic()
        elif (
            last_ok
            and version is not None
            and version > after
            and time.monotonic() - since >= STABLE_SECONDS
        ):
            return version
    raise AssertionError(f"the server did not settle:\n{server.transcript()[-3000:]}")


def differences(server: LiveServer, clean: dict[str, bytes], gone: set[str]) -> list[str]:
    wrong = []
    for rel, expected in clean.items():
        resp = server.get("/" + rel)
        body = resp.body
        if resp.status == 200 and rel.endswith(".html"):
            problem = page_problem(resp.status, resp.headers.get("content-length"), body)
            if problem:
                wrong.append(f"{rel}: {problem}")
                continue
            body = SCRIPT_TAG.sub(b"", body, count=1)
        if resp.status != 200 or body != expected:
            wrong.append(f"{rel}: status {resp.status}, {len(body)} vs {len(expected)} bytes")
    for rel in sorted(gone - set(clean)):
        status = server.get("/" + rel).status
        if status != 404:
            wrong.append(f"{rel} was deleted or renamed away but is served ({status})")
    return wrong


def soak(tmp_path: Path, n_evidence: int, edits: int, seed: int) -> None:
    started = time.monotonic()
    root = make_corpus(tmp_path / "ws", n_evidence, seed)
    rng = random.Random(seed)
    editor = Editor.of(root, rng)
    server = LiveServer(root)
    polled = ["/index.html", "/gaps.html", "/timeline.html"]
    polled += [f"/evidence/{p.stem}.html" for p in sorted(editor.protected)[:1]]
    many = [
        *polled,
        "/framework.html",
        "/plan.html",
        "/brief.html",
        "/static/style.css",
        *[f"/competencies/{c}.html" for c in COMPETENCIES],
        *[f"/evidence/{p.stem}.html" for p in sorted(editor.protected)],
    ]
    ledger = Ledger()
    poller = Client("poller", server.port, polled, ledger)
    fetchers = [
        Client(f"fetcher-{n}", server.port, many, ledger, offset=n) for n in range(FETCHERS)
    ]
    marks = sorted({0, min(200, edits // 5), edits // 2, edits})
    rss: dict[int, int] = {}
    peak = 0
    events = EventStream(server, "/index.html")  # an open tab: its page is rendered first
    try:
        poller.start()
        for each in polled + many:  # everything rendered once before the first sample
            server.get(each)
        rss[0] = rss_bytes()
        fetch_from, fetch_to = int(edits * 0.3), int(edits * 0.6)
        fetching = "not yet"
        while editor.edits < edits:
            if fetching == "not yet" and editor.edits >= fetch_from:
                for fetcher in fetchers:
                    fetcher.start()
                fetching = "now"
            if fetching == "now" and editor.edits >= fetch_to:
                for fetcher in fetchers:
                    fetcher.stop()
                fetching = "done"
            before = editor.edits
            editor.step(edits - editor.edits)
            for mark in marks:
                if before < mark <= editor.edits:
                    rss[mark] = rss_bytes()
            if editor.edits // 50 != before // 50:
                server.alive()
                peak = max(peak, rss_bytes())
        edit_seconds = time.monotonic() - started
        if fetching == "now":
            for fetcher in fetchers:
                fetcher.stop()
        before = served_version(server) or 0
        editor.mend()
        final = settle(server, before)
        clean = clean_build(root, tmp_path / "clean")
        deadline = time.monotonic() + SETTLE_SECONDS
        wrong = differences(server, clean, editor.gone)
        while wrong and time.monotonic() < deadline:
            time.sleep(0.5)
            wrong = differences(server, clean, editor.gone)
        poller.stop()
        events.expect("built", lambda data: data.get("version") == final)
    except BaseException:
        server.stop.set()  # failing already: stop the server without checking on it
        raise
    finally:
        events.close()
        for client in (poller, *fetchers):
            client.done.set()
    peak = max([peak, *rss.values()])
    built = sum(1 for kind, m in server.messages if kind == "ok" and "built in" in m)
    failed = sum(1 for kind, m in server.messages if "build failed" in m)
    print(
        f"\nserve soak: {editor.edits} edits survived ({n_evidence} evidence, seed {seed}) in "
        f"{edit_seconds:.1f} s of editing, {time.monotonic() - started:.1f} s in all; "
        f"{built} good rebuilds, {failed} failed ones; final version {final}; "
        f"{ledger.responses} responses to {1 + FETCHERS} clients "
        f"(poller {poller.count}, fetchers {sum(f.count for f in fetchers)}); "
        f"RSS "
        + ", ".join(f"{k} edits: {v / MB:.1f} MB" for k, v in sorted(rss.items()))
        + f"; peak sampled {peak / MB:.1f} MB"
        f"\nedits by kind: {dict(sorted(editor.kinds.items()))}"
    )
    server.alive()
    still = server.get("/")
    server.close()  # stops within its time limit, and serve() raised nothing
    assert still.status == 200
    assert poller.count > 0 and all(f.count > 0 for f in fetchers), "a client got nothing"
    assert editor.kinds["delete"] and editor.kinds["rename"] and editor.kinds["create"]
    settled_from = min(200, edits // 5)
    growth = rss[edits] - rss[settled_from]
    failures = []  # all of them at once: each says something different about the server
    if ledger.problems:
        failures.append(
            f"{len(ledger.problems)} incomplete or failed responses, e.g.:\n"
            + "\n".join(ledger.problems[:10])
        )
    if ledger.mislabelled:
        failures.append(
            f"{len(ledger.mislabelled)} responses whose page differs from another labelled with "
            "the same version (a page of one build labelled with another's version), e.g.:\n"
            + "\n".join(ledger.mislabelled[:10])
        )
    if wrong:
        failures.append(
            "the served site differs from a clean build of the final files:\n"
            + "\n".join(wrong[:30])
            + "\n"
            + server.transcript()[-3000:]
        )
    if growth >= 50 * MB:
        failures.append(
            f"memory grew by {growth / MB:.1f} MB from edit {settled_from} to {edits}: {rss}"
        )
    assert not failures, "\n\n".join(failures)


def newer_than(version: int) -> Callable[[dict[str, Any]], bool]:
    return lambda data: bool(data["version"] > version)


def test_concurrent_fetchers_get_whole_pages_of_the_build_they_are_labelled_with(
    tmp_path: Path,
) -> None:
    """20 clients fetch while the server rebuilds 50 times, a tab open. Every page is whole,
    and all pages labelled version N (their reload script's data-version) hold the same
    edit: a page of the previous build labelled N would leave its tab stale for good, since
    live.js reloads only when told of a version other than its own. (Which edit a version
    holds is read off its pages: a rebuild started by one save may still be running when
    the next save lands, and then announces the earlier edit.) The last edit is what the
    server ends up serving."""
    root = make_corpus(tmp_path / "ws", 150, seed=1)
    piece = sorted((root / "content" / "evidence").glob("*.md"))[0]
    base = set_field(piece.read_text(encoding="utf-8"), "date", "2026-11-20")  # the latest
    base = set_field(base, "competencies", "[strategy, data]")
    piece.write_text(base, encoding="utf-8")
    server = LiveServer(root)
    paths = [f"/evidence/{piece.stem}.html", "/timeline.html", "/index.html", "/gaps.html"]
    paths += ["/competencies/strategy.html", "/competencies/data.html"]
    ledger = Ledger()
    fetchers = [
        Client(f"fetcher-{n}", server.port, paths, ledger, offset=n) for n in range(FETCHERS)
    ]
    marker_of: dict[int, int] = {}  # version -> the edit its build holds
    seen: dict[tuple[str, int], Counter[int]] = {}  # (page, label) -> edits seen under it
    marker = re.compile(rb"Marker (\d+)\.")

    def note(path: str, label: int, body: bytes) -> None:
        found = marker.search(body)
        if found:
            with ledger.lock:
                seen.setdefault((path, label), Counter())[int(found.group(1))] += 1

    ledger.also = note
    events = EventStream(server, "/index.html")
    last = served_version(server) or 0
    try:
        for fetcher in fetchers:
            fetcher.start()
        for k in range(REBUILDS):
            title = f'"Piece under load, Marker {k}."'
            piece.write_text(set_field(base, "title", title), encoding="utf-8")
            data = events.expect("built", newer_than(last))
            marker_of[data["version"]] = k
            last = data["version"]
            time.sleep(0.1)  # fetchers read this build a while; note any rebuild after it
            while not events.events.empty():
                name, more = events.events.get_nowait()
                if name == "built":
                    marker_of[more["version"]] = k
                    last = max(last, more["version"])
    finally:
        for fetcher in fetchers:
            fetcher.stop()
        events.close()
    server.alive()
    settle(server, last - 1)
    last_page = server.get(paths[0]).body
    server.close()
    by_label: dict[int, Counter[int]] = {}
    for (_path, label), markers in seen.items():
        by_label.setdefault(label, Counter()).update(markers)
    mixed = [
        f"version {label}: " + ", ".join(f"edit {k} {n}x" for k, n in sorted(markers.items()))
        for label, markers in sorted(by_label.items())
        if len(markers) > 1
    ]
    print(
        f"\nconcurrent fetchers: {ledger.responses} responses from {FETCHERS} clients over "
        f"{len(marker_of)} rebuilds; versions whose pages hold more than one edit: {len(mixed)}"
    )
    assert all(f.count > 0 for f in fetchers), "a fetcher got nothing"
    assert not ledger.problems, f"{len(ledger.problems)} incomplete responses, e.g.:\n" + (
        "\n".join(ledger.problems[:10])
    )
    assert not mixed, (
        f"{len(mixed)} versions were given to pages of different builds (a tab showing the "
        "older one would never reload to the newer), e.g.:\n" + "\n".join(mixed[:10])
    )
    final = marker.search(last_page)
    assert final and int(final.group(1)) == REBUILDS - 1, "the last edit was not served"


def test_serve_survives_a_hundred_random_edits(tmp_path: Path) -> None:
    soak(tmp_path, n_evidence=60, edits=QUICK_EDITS, seed=5)


@pytest.mark.slow
def test_serve_survives_a_thousand_random_edits(tmp_path: Path) -> None:
    soak(tmp_path, n_evidence=150, edits=FULL_EDITS, seed=6)
