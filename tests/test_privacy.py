"""Privacy: nothing hidden from an audience reaches its build (SPEC section 6; README
"Sharing: one source, a build for each reader").

1. Canaries: every item of the canary workspace (evidence, goals, pages, people, private
   blocks, attachments, feedback sources, stakeholders, check-ins) carries unique marker
   strings in each of its fields, at each visibility. Every byte and every file and folder
   name of every build is scanned: a canary of something hidden from the audience must be
   absent, a canary of something it may see must be present.
2. Links to hidden items render as "not shared", and every count, chart, timeline,
   calendar and dossier.json is the one computed from the visible items only: the build
   equals the build of the same workspace with the hidden items deleted.
3. The same equality as a property, over random workspaces (hypothesis).
4. The leak check fails a build whose theme template prints hidden data, and leaves the
   previous site as it was.
5. `--all-audiences`: one site per audience, each passing its own canary scan.

Expected values come from the visibility rules of the SPEC applied to the workspaces
written here, never from a build.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest
from click.testing import CliRunner, Result
from conftest import SHOW_EVERYTHING, Workspace
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier.cli import cli
from dossier.markdown.prepared import HIDDEN_PIECE
from dossier.plan import leaks
from dossier.render import site as render_site

AS_OF = "2026-11-22"
AUDIENCES = ("self", "manager", "sponsor", "public")  # narrowest first
RANK = {audience: i for i, audience in enumerate(AUDIENCES)}
TAG = {"self": "SELF", "manager": "MGR", "sponsor": "SPONSOR", "public": "PUBLIC"}
PERSON = {
    "self": "Canary Selfperson",
    "manager": "Canary Mgrperson",
    "sponsor": "Canary Sponsorperson",
    "public": "Canary Publicperson",
}
NOT_SHARED_HTML = '<span class="not-shared">not shared</span>'
HIDDEN_PIECE_HTML = f'<span class="not-shared">{HIDDEN_PIECE}</span>'
HEADER_LABEL = {
    "self": "Private: your own view",
    "manager": "For your manager",
    "sponsor": "For sponsors",
    "public": "Public",
}
BANNER = "Private: do not share"
HAS_GIT = shutil.which("git") is not None


def sees(audience: str, visibility: str) -> bool:
    """SPEC 6: an audience sees an item whose visibility is the audience itself or wider."""
    return RANK[visibility] >= RANK[audience]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing from the developer's shell leaks into a build."""
    for name in list(os.environ):
        if name.startswith("DOSSIER_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield


# -- building and reading sites ------------------------------------------------------------
def run_build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["build", "-C", str(root), "--as-of", AS_OF, *args], prog_name="dossier"
    )


def build_for(root: Path, audience: str, out: Path) -> dict[str, bytes]:
    """Build `audience`'s site into out; the build must succeed (no leak check firing)."""
    result = run_build(root, "--audience", audience, "-o", str(out))
    assert result.exit_code == 0, f"{audience} build of {root.name} failed:\n{result.output}"
    assert "leak check" not in result.output, result.output
    assert "Traceback" not in result.output, result.output
    return read_tree(out)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Site path -> bytes of every file under folder; folders appear as 'name/' -> b''
    so that their names are scanned too."""
    tree: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            tree[rel + "/"] = b""
        else:
            tree[rel] = path.read_bytes()
    return tree


def files_only(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in tree.items() if not path.endswith("/")}


def scannable(data: bytes) -> str:
    """Every form in which a string could be found in a file, casefolded: the raw bytes
    (latin-1: each byte one character), iCalendar line folding undone, runs of
    whitespace as one space, HTML entities decoded."""
    raw = data.decode("latin-1")
    text = data.decode("utf-8", "replace")
    unfolded = raw.replace("\r\n ", "").replace("\r\n\t", "")
    forms = (raw, unfolded, re.sub(r"\s+", " ", text), html.unescape(text))
    return "\n".join(forms).casefold()


def context_of(data: bytes, needle: str, width: int = 70) -> str:
    text = data.decode("utf-8", "replace")
    at = text.casefold().find(needle.casefold())
    if at < 0:
        return "(found after unfolding or unescaping)"
    return repr(text[max(0, at - width) : at + len(needle) + width])


def html_pages(tree: dict[str, bytes]) -> dict[str, str]:
    return {p: d.decode("utf-8") for p, d in tree.items() if p.endswith(".html")}


def tree_diff(left: dict[str, bytes], right: dict[str, bytes], names: tuple[str, str]) -> str:
    """A readable account of how two output trees differ ('' when identical)."""
    lines: list[str] = []
    only_left = sorted(set(left) - set(right))
    only_right = sorted(set(right) - set(left))
    if only_left:
        lines.append(f"only in the {names[0]} build: {only_left}")
    if only_right:
        lines.append(f"only in the {names[1]} build: {only_right}")
    differing = sorted(p for p in set(left) & set(right) if left[p] != right[p])
    if differing:
        lines.append(f"files that differ: {differing}")
        first = differing[0]
        diff = difflib.unified_diff(
            right[first].decode("utf-8", "replace").splitlines(),
            left[first].decode("utf-8", "replace").splitlines(),
            f"{names[1]}/{first}",
            f"{names[0]}/{first}",
            lineterm="",
            n=1,
        )
        lines.extend(list(diff)[:40])
    return "\n".join(lines)


# == the canary workspace ===================================================================
@dataclass(frozen=True)
class Canary:
    text: str
    what: str  # what carries it, for the messages
    visibility: str  # the widest audience allowed to see it


@dataclass
class Canaries:
    all: list[Canary] = field(default_factory=list)

    def add(self, text: str, what: str, visibility: str) -> str:
        """Register a canary; no canary may contain another (so each search is exact)."""
        low = text.casefold()
        for other in self.all:
            assert low not in other.text.casefold() and other.text.casefold() not in low, (
                f"canaries must not contain each other: {text!r} / {other.text!r}"
            )
        self.all.append(Canary(text, what, visibility))
        return text

    def hidden_from(self, audience: str) -> list[Canary]:
        return [c for c in self.all if not sees(audience, c.visibility)]

    def visible_to(self, audience: str) -> list[Canary]:
        return [c for c in self.all if sees(audience, c.visibility)]


@dataclass(frozen=True)
class CanaryWorkspace:
    root: Path
    canaries: Canaries
    evidence: dict[str, str]  # visibility -> slug of the evidence carrying its canaries
    goals: dict[str, str]
    pages: dict[str, str]
    feedback: dict[str, str]  # visibility of the person it is from -> slug (public)
    hub: str  # slug of the public evidence that links to every other item


EV_MONTH = {"self": 2, "manager": 4, "sponsor": 6, "public": 8}
HUB = "2026-10-01-public-hub"


def ev_slug(v: str) -> str:
    return f"2026-{EV_MONTH[v]:02d}-10-canary{TAG[v].lower()}evslug"


def goal_slug(v: str) -> str:
    return f"canary{TAG[v].lower()}goalslug"


def page_slug(v: str) -> str:
    return f"canary{TAG[v].lower()}pageslug"


def private_block(text: str) -> str:
    return f"\n::: private\n{text}\n:::\n"


def write_canary_workspace(
    root: Path, only_for: str | None = None, profiles: bool = False
) -> CanaryWorkspace:
    """The canary workspace, each audience shown every section of the site unless
    `profiles` (then each gets its default). With only_for=A: the same workspace as if
    audience A's hidden items did not exist: items and people hidden from A left out,
    hidden people taken out of stakeholders and check-ins (a feedback source naming one
    reads "a colleague"), private blocks removed unless A is self, and each link to a
    hidden item written as the plain text "not shared"."""
    book = Canaries()
    ws = Workspace(root)

    def keep(visibility: str) -> bool:
        return only_for is None or sees(only_for, visibility)

    people = []
    for v in AUDIENCES:
        name = book.add(PERSON[v], f"name of person (visibility {v}) in dossier.yaml", v)
        role = book.add(f"CANARY{TAG[v]}PERSONROLE", f"role of person {name!r}", v)
        if keep(v):
            people.append({"name": name, "role": role, "relation": "sponsor", "visibility": v})
    check_ins: dict[str, Any] = {"every_weeks": 4, "from": "2026-09-01"}
    if keep("manager"):
        check_ins["with"] = PERSON["manager"]
    site = {} if profiles else SHOW_EVERYTHING
    ws.write_config(people=people, check_ins=check_ins, cycle="2027-03-01", site=site)
    named = [PERSON[p] for p in AUDIENCES if keep(p)]  # stakeholders: hidden people dropped

    def private(t: str, kind: str, path: str) -> str:
        token = book.add(f"CANARY{t}{kind}PRIVATE", f"::: private block of {path}", "self")
        text = f"{token} is a private note for my own eyes only."
        return private_block(text) if only_for in (None, "self") else ""

    for v in AUDIENCES:
        t, slug = TAG[v], ev_slug(v)
        path = f"content/evidence/{slug}.md"
        item = f"evidence {path} (visibility {v})"
        book.add(f"canary{t.lower()}evslug", f"slug/file name of {item}", v)
        attachment = book.add(f"canary{t.lower()}filename", f"attachment linked from {item}", v)
        notes = book.add(f"canary{t.lower()}notesfile", f"attachment linked from {item}", v)
        body = (
            f"## {book.add(f'CANARY{t}EVHEADING', f'heading in {item}', v)}\n\n"
            f"{book.add(f'CANARY{t}EVBODY', f'body of {item}', v)} is what happened; the "
            f"readout is [[files/{attachment}.txt]] and the notes are in "
            f"[the notes](../files/{notes}.txt).\n"
        ) + private(t, "EV", path)
        if keep(v):
            ws.write(
                f"content/files/{attachment}.txt",
                book.add(f"CANARY{t}FILECONTENT", f"content of {attachment}.txt", v) + "\n",
            )
            ws.write(
                f"content/files/{notes}.txt",
                book.add(f"CANARY{t}NOTESCONTENT", f"content of {notes}.txt", v) + "\n",
            )
        else:
            book.add(f"CANARY{t}FILECONTENT", f"content of {attachment}.txt", v)
            book.add(f"CANARY{t}NOTESCONTENT", f"content of {notes}.txt", v)
        fields = {
            "title": f"Shipped {book.add(f'CANARY{t}EVTITLE', f'title of {item}', v)} work",
            "date": f"2026-{EV_MONTH[v]:02d}-10",
            "competencies": ["design", "delivery"],
            "type": "project",
            "impact": f"{book.add(f'CANARY{t}EVIMPACT', f'impact of {item}', v)} cut a week",
            "metrics": {
                book.add(f"canary{t.lower()}evmetrickey", f"metric name of {item}", v): book.add(
                    f"CANARY{t}EVMETRICVALUE", f"metric value of {item}", v
                )
            },
            "links": [
                {
                    "title": book.add(f"CANARY{t}EVLINKTITLE", f"link title of {item}", v),
                    "url": "https://example.com/"
                    + book.add(f"canary{t.lower()}evlinkurl", f"link url of {item}", v),
                }
            ],
            "stakeholders": named,
            "visibility": v,
        }
        if keep(v):
            ws.evidence(slug, body, **fields)

    feedback: dict[str, str] = {}
    for i, p in enumerate(AUDIENCES):
        t, slug = TAG[p], f"2026-09-{10 + i}-feedback-from-{p}"
        item = f"evidence content/evidence/{slug}.md (visibility public)"
        feedback[p] = slug
        ws.evidence(
            slug,
            f"{book.add(f'CANARYFB{t}QUOTE', f'quote in {item}', 'public')} said it well.\n",
            title=f"Feedback {book.add(f'CANARYFB{t}TITLE', f'title of {item}', 'public')}",
            date=f"2026-09-{10 + i}",
            competencies=["design"],
            type="feedback",
            visibility="public",
            **{"from": f"{PERSON[p]} (Mentor)" if keep(p) else "a colleague"},
        )

    for i, v in enumerate(AUDIENCES):
        t, slug = TAG[v], goal_slug(v)
        path = f"content/goals/{slug}.md"
        item = f"goal {path} (visibility {v})"
        book.add(slug, f"slug/file name of {item}", v)
        body = f"{book.add(f'CANARY{t}GOALBODY', f'body of {item}', v)} is the plan.\n" + private(
            t, "GOAL", path
        )
        fields = {
            "title": f"Goal {book.add(f'CANARY{t}GOALTITLE', f'title of {item}', v)}",
            "due": f"2027-01-{10 + i}",
            "status": "planned",
            "competencies": ["design"],
            "metric": book.add(f"CANARY{t}GOALMETRIC", f"metric of {item}", v),
            "success": book.add(f"CANARY{t}GOALSUCCESS", f"success of {item}", v),
            "actions": [book.add(f"CANARY{t}GOALACTION", f"action of {item}", v)],
            "stakeholders": named,
            "visibility": v,
        }
        if keep(v):
            ws.goal(slug, body, **fields)

    for i, v in enumerate(AUDIENCES):
        t, slug = TAG[v], page_slug(v)
        path = f"content/pages/{slug}.md"
        item = f"page {path} (visibility {v})"
        book.add(slug, f"slug/file name of {item}", v)
        body = f"{book.add(f'CANARY{t}PAGEBODY', f'body of {item}', v)} matters.\n" + private(
            t, "PAGE", path
        )
        title = f"Page {book.add(f'CANARY{t}PAGETITLE', f'title of {item}', v)}"
        if keep(v):
            ws.page(slug, body, title=title, visibility=v, order=i)

    # the business case and the backfill, which the sponsor brief shows when it may
    for slug, v, t in (("why-now", "manager", "WHYNOW"), ("backfill", "sponsor", "BACKFILL")):
        item = f"page content/pages/{slug}.md (visibility {v})"
        title = f"Page {book.add(f'CANARY{t}TITLE', f'title of {item}', v)}"
        body = f"{book.add(f'CANARY{t}BODY', f'body of {item}', v)} is the case.\n"
        if keep(v):
            ws.page(slug, body, title=title, visibility=v, order=10)

    # a public piece linking to an item of every kind at every visibility; where it is
    # hidden, a bare wikilink reads "a piece not shared here", a link keeps its words
    def link(v: str, markdown: str, words: str = HIDDEN_PIECE) -> str:
        return markdown if keep(v) else words

    lines = []
    for v in AUDIENCES:
        lines += [
            f"Evidence: {link(v, f'[[{ev_slug(v)}]]')} and "
            f"{link(v, f'[the piece]({ev_slug(v)}.md)', 'the piece')}.",
            f"Goal: {link(v, f'[[{goal_slug(v)}]]')} and "
            f"{link(v, f'[the goal](../goals/{goal_slug(v)}.md)', 'the goal')}.",
            f"Page: {link(v, f'[[{page_slug(v)}]]')} and "
            f"{link(v, f'[the page](../pages/{page_slug(v)}.md)', 'the page')}.",
            "",
        ]
    ws.evidence(
        HUB,
        "\n".join(lines),
        title=f"Hub {book.add('CANARYHUBTITLE', f'title of content/evidence/{HUB}.md', 'public')}",
        date="2026-10-01",
        competencies=["delivery"],
        type="project",
        visibility="public",
    )
    return CanaryWorkspace(
        root,
        book,
        {v: ev_slug(v) for v in AUDIENCES},
        {v: goal_slug(v) for v in AUDIENCES},
        {v: page_slug(v) for v in AUDIENCES},
        feedback,
        HUB,
    )


@dataclass(frozen=True)
class Scan:
    """Where each canary was found in one build: canary text -> [(site path, context)]."""

    found: dict[str, list[tuple[str, str]]]
    files: int  # files whose bytes were scanned
    names: int  # file and folder names scanned
    checks: int  # (files + names) x canaries


def scan_tree(tree: dict[str, bytes], canaries: list[Canary]) -> Scan:
    found: dict[str, list[tuple[str, str]]] = {c.text: [] for c in canaries}
    for path, data in tree.items():
        text = scannable(data)
        name = path.casefold()
        for canary in canaries:
            needle = canary.text.casefold()
            if needle in name:
                found[canary.text].append((path, "in the file or folder name"))
            if needle in text:
                found[canary.text].append((path, context_of(data, canary.text)))
    files = len(files_only(tree))
    return Scan(found, files, len(tree), (files + len(tree)) * len(canaries))


def assert_no_hidden_canary(tree: dict[str, bytes], cw: CanaryWorkspace, audience: str) -> Scan:
    hidden = cw.canaries.hidden_from(audience)
    scan = scan_tree(tree, hidden)
    leaks = [
        f"  {c.text} ({c.what}) in {where}: {context}"
        for c in hidden
        for where, context in scan.found[c.text]
    ]
    print(
        f"\n[canary] {audience}: {len(hidden)} hidden canaries x ({scan.files} files' bytes"
        f" + {scan.names} file/folder names) = {scan.checks} checks; leaks found: {len(leaks)}"
    )
    assert not leaks, f"{len(leaks)} hidden canaries in the {audience} build:\n" + "\n".join(leaks)
    return scan


def assert_visible_canaries(tree: dict[str, bytes], cw: CanaryWorkspace, audience: str) -> None:
    visible = cw.canaries.visible_to(audience)
    scan = scan_tree(tree, visible)
    missing = [f"  {c.text} ({c.what})" for c in visible if not scan.found[c.text]]
    print(
        f"\n[canary] {audience}: {len(visible)} visible canaries searched in {scan.files}"
        f" files; missing: {len(missing)}"
    )
    assert not missing, (
        f"{len(missing)} canaries of visible items missing from the {audience} build:\n"
        + "\n".join(missing)
    )


@dataclass(frozen=True)
class CanaryBuilds:
    cw: CanaryWorkspace
    full: dict[str, dict[str, bytes]]  # audience -> tree of the canary workspace's build
    reduced: dict[str, dict[str, bytes]]  # audience -> tree of the reduced workspace's build


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> CanaryBuilds:
    base = tmp_path_factory.mktemp("canary")
    cw = write_canary_workspace(base / "full")
    full = {a: build_for(cw.root, a, base / f"out-{a}") for a in AUDIENCES}
    reduced = {}
    for a in AUDIENCES:
        small = write_canary_workspace(base / f"only-{a}", only_for=a)
        reduced[a] = build_for(small.root, a, base / f"out-only-{a}")
    return CanaryBuilds(cw, full, reduced)


# -- 1. canaries ---------------------------------------------------------------------------
def test_canary_workspace_covers_every_kind(canary: CanaryBuilds) -> None:
    """The canaries sit in every kind of item and field, at every visibility."""
    book = canary.cw.canaries
    whats = " | ".join(c.what for c in book.all)
    for kind in (
        "slug/file name of evidence",
        "title of evidence",
        "body of evidence",
        "heading in evidence",
        "impact of",
        "metric name of",
        "metric value of",
        "link title of",
        "link url of",
        "attachment linked from",
        "content of",
        "title of goal",
        "slug/file name of goal",
        "success of goal",
        "action of goal",
        "title of page",
        "body of page",
        "::: private block of content/evidence",
        "::: private block of content/goals",
        "::: private block of content/pages",
        "name of person",
        "role of person",
    ):
        assert kind in whats, kind
    # hidden from each audience: everything narrower than it (and private blocks)
    assert len(book.hidden_from("self")) == 0
    counts = [len(book.hidden_from(a)) for a in AUDIENCES]
    assert counts == sorted(counts) and len(set(counts)) == 4, counts
    per_audience = dict(zip(AUDIENCES, counts, strict=True))
    print(f"\n[canary] {len(book.all)} canaries; hidden per audience: {per_audience}")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_hidden_canary_in_any_byte_or_file_name(canary: CanaryBuilds, audience: str) -> None:
    assert_no_hidden_canary(canary.full[audience], canary.cw, audience)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_visible_canary_appears(canary: CanaryBuilds, audience: str) -> None:
    assert_visible_canaries(canary.full[audience], canary.cw, audience)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_attachments_copied_only_when_a_visible_item_links_them(
    canary: CanaryBuilds, audience: str
) -> None:
    files = {p for p in files_only(canary.full[audience]) if p.startswith("files/")}
    expected = {
        f"files/canary{TAG[v].lower()}{name}.txt"
        for v in AUDIENCES
        if sees(audience, v)
        for name in ("filename", "notesfile")
    }
    assert files == expected


# -- 2. links to hidden items; what the build computes ------------------------------------
def article(page: str) -> str:
    match = re.search(r'<article class="prose">(.*?)</article>', page, re.S)
    assert match, "no article in the page"
    return match.group(1)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_links_to_hidden_items_read_not_shared(canary: CanaryBuilds, audience: str) -> None:
    """The hub links each evidence, goal and page by wikilink and by relative Markdown
    link: 6 links per visibility; those to items the audience can't see read naturally
    (a bare wikilink as "a piece not shared here", a link as its own words, unlinked),
    the others are links."""
    cw = canary.cw
    body = article(canary.full[audience][f"evidence/{cw.hub}.html"].decode())
    hidden = [v for v in AUDIENCES if not sees(audience, v)]
    assert body.count(HIDDEN_PIECE_HTML) == 3 * len(hidden), body
    assert body.count("<a ") == 6 * (len(AUDIENCES) - len(hidden)), body
    for words in ("the piece", "the goal", "the page"):
        assert body.count(f" and {words}.") == len(hidden), body  # kept, unlinked
    for v in AUDIENCES:
        targets = (
            f"{cw.evidence[v]}.html",
            f"plan.html#goal-{cw.goals[v]}",
            f"pages/{cw.pages[v]}.html",
        )
        for target in targets:
            assert (target in body) == sees(audience, v), (target, body)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_feedback_from_a_hidden_person_is_not_shared(canary: CanaryBuilds, audience: str) -> None:
    data = json.loads(canary.full[audience]["dossier.json"])
    for p, slug in canary.cw.feedback.items():
        page = canary.full[audience][f"evidence/{slug}.html"].decode()
        source = "a colleague" if not sees(audience, p) else f"{PERSON[p]} (Mentor)"
        assert f"<dd>feedback, from {source}</dd>" in page, (p, audience)
        item = next(e for e in data["evidence"] if e["slug"] == slug)
        assert item["from"] == source


@pytest.mark.parametrize("audience", AUDIENCES)
def test_stakeholders_and_check_ins_drop_hidden_people(canary: CanaryBuilds, audience: str) -> None:
    tree = canary.full[audience]
    named = ", ".join(PERSON[p] for p in AUDIENCES if sees(audience, p))
    page = tree[f"evidence/{ev_slug('public')}.html"].decode()
    assert f"<dt>People</dt><dd>{named}</dd>" in page
    calendar = tree["plan.ics"].decode().replace("\r\n ", "")
    with_manager = sees(audience, "manager")
    assert ("SUMMARY:Promotion case check-in with Canary Mgrperson" in calendar) == with_manager
    assert "SUMMARY:Promotion case check-in\r\n" in calendar or with_manager
    data = json.loads(tree["dossier.json"])
    assert [p["name"] for p in data["people"]] == [
        PERSON[p] for p in AUDIENCES if sees(audience, p)
    ]


def normalised_full(tree: dict[str, bytes]) -> dict[str, bytes]:
    """The canary build with each "a piece not shared here" marker as the plain words
    (what the reduced workspace holds in place of those links)."""
    marker_json = HIDDEN_PIECE_HTML.replace('"', '\\"').encode()
    words = HIDDEN_PIECE.encode()
    return {
        path: data.replace(HIDDEN_PIECE_HTML.encode(), words).replace(marker_json, words)
        for path, data in tree.items()
    }


@pytest.mark.parametrize("audience", AUDIENCES)
def test_build_is_the_build_of_the_visible_items_only(canary: CanaryBuilds, audience: str) -> None:
    """Every file (statuses, readiness, counts, charts, timeline, plan.ics, dossier.json,
    file names) is byte-identical to the build of the workspace with everything hidden
    from the audience deleted."""
    full = files_only(normalised_full(canary.full[audience]))
    reduced = files_only(canary.reduced[audience])
    diff = tree_diff(full, reduced, ("canary", "reduced"))
    assert not diff, f"the {audience} build differs from the visible-only build:\n{diff}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_counts_come_from_the_visible_items(canary: CanaryBuilds, audience: str) -> None:
    cw, tree = canary.cw, files_only(canary.full[audience])
    shown = [v for v in AUDIENCES if sees(audience, v)]
    evidence = sorted(
        [cw.evidence[v] for v in shown] + list(cw.feedback.values()) + [cw.hub],
    )
    goals = [cw.goals[v] for v in shown]
    data = json.loads(tree["dossier.json"])
    assert data["audience"] == audience
    assert sorted(e["slug"] for e in data["evidence"]) == evidence
    assert [g["slug"] for g in data["goals"]] == goals
    # By hand (target staff: design and delivery; 2 pieces over 2 quarters needed). Public
    # sees for design only the public piece (2026-08) and four feedback pieces (2026-09):
    # all in 2026-Q3, partial; delivery: 2026-08 and the hub (2026-10), demonstrated.
    # Sponsor and narrower audiences also see 2026-06 or earlier: both demonstrated.
    readiness = {"self": 100.0, "manager": 100.0, "sponsor": 100.0, "public": 75.0}
    assert data["report"]["readiness"] == readiness[audience]
    design = next(c for c in data["report"]["competencies"] if c["id"] == "design")
    assert design["status"] == ("partial" if audience == "public" else "demonstrated")
    counted = {s for c in data["report"]["competencies"] for s in c["evidence"]}
    assert counted <= set(evidence)
    index = tree["index.html"].decode()
    fact = re.search(
        r'<span class="fact-label">Evidence</span><span class="fact-value">(\d+)</span>', index
    )
    assert fact and int(fact.group(1)) == len(evidence), fact
    assert f"{len(goals)} goal{'s' if len(goals) != 1 else ''} in the plan" in index
    calendar = tree["plan.ics"].decode()
    uids = re.findall(r"UID:goal-(.*?)\.[0-9a-f]{16}@dossier", calendar)
    assert uids == goals
    timeline = tree["timeline.html"].decode()
    assert timeline.count('class="item-title"') == len(evidence)
    dots = tree["charts/timeline.svg"].decode().count("<a href=")
    design_and_delivery = 2 * len(shown)  # the canary evidence names two competencies
    assert dots == design_and_delivery + len(cw.feedback) + 1  # feedback: design; hub: delivery
    assert sorted(p for p in tree if p.startswith("evidence/")) == sorted(
        f"evidence/{s}.html" for s in evidence
    )
    assert sorted(p for p in tree if p.startswith("pages/") and p.endswith(".html")) == sorted(
        [f"pages/{cw.pages[v]}.html" for v in shown]
        + [
            f"pages/{s}.html"
            for s, v in (("why-now", "manager"), ("backfill", "sponsor"))
            if sees(audience, v)
        ]
    )


# == 3. property: a build equals the build of the reduced workspace =========================
WORDS = (
    "amber", "birch", "cobalt", "dune", "ember", "fjord", "garnet", "heron",
    "iris", "juniper", "kestrel", "lagoon", "maple", "nectar", "onyx", "prairie",
)  # fmt: skip
COMPETENCIES = ("design", "delivery", "people")
EVIDENCE_TYPES = ("project", "feedback", "recognition", "metric", "talk", "learning", "other")
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2026, 11, 1)

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
visibilities = st.sampled_from(AUDIENCES)
days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@dataclass
class Item:
    kind: str  # evidence | goals | pages
    slug: str
    visibility: str
    fields: dict[str, Any]
    body: str
    private: str  # '' or a ::: private block
    attachment: str = ""  # 'files/<name>' linked from the body


@dataclass
class Spec:
    people: list[dict[str, str]]
    items: list[Item]
    check_ins_with: str | None
    cycle: str | None


def people_at_least(people: list[dict[str, str]], visibility: str) -> list[str]:
    """People every audience that sees an item of this visibility may also see."""
    return [p["name"] for p in people if RANK[p["visibility"]] >= RANK[visibility]]


@st.composite
def workspaces(draw: st.DrawFn) -> Spec:
    people = []
    for i in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(WORDS)), draw(st.sampled_from(WORDS))
        people.append(
            {
                "name": f"{a.title()} {b.title()} N{i}X",
                "role": draw(words),
                "relation": draw(st.sampled_from(("sponsor", "manager", "peer"))),
                "visibility": draw(visibilities),
            }
        )
    items: list[Item] = []

    def body_and_private(token: str) -> tuple[str, str]:
        paragraphs = draw(st.lists(words, min_size=0, max_size=3))
        body = "\n\n".join(p.capitalize() + "." for p in paragraphs)
        private = ""
        if draw(st.booleans()):
            private = private_block(f"Private note {token}: {draw(words)}.")
        return body + "\n" if body else "", private

    for i in range(draw(st.integers(1, 8))):
        token = f"E{i}X"
        v = draw(visibilities)
        day = draw(days)
        competencies = draw(
            st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=3, unique=True)
        )
        kind = draw(st.sampled_from(EVIDENCE_TYPES))
        fields: dict[str, Any] = {
            "title": f"{draw(st.sampled_from(WORDS)).title()} {draw(words)} {token}",
            "date": day.isoformat(),
            "competencies": competencies,
            "type": kind,
            "visibility": v,
        }
        if draw(st.booleans()):
            fields["end"] = (day + timedelta(days=draw(st.integers(0, 200)))).isoformat()
        level = draw(st.sampled_from((None, "ic2", "staff", "principal", "manager")))
        if level:
            fields["level"] = level
        if "design" in competencies and draw(st.booleans()):
            fields["expectations"] = ["cross-team-design"]
        if draw(st.booleans()):
            fields["impact"] = draw(words).capitalize()
        if draw(st.booleans()):
            fields["metrics"] = {draw(st.sampled_from(WORDS)): draw(st.integers(0, 99))}
        eligible = people_at_least(people, v)
        if eligible:
            fields["stakeholders"] = draw(st.lists(st.sampled_from(eligible), unique=True))
        if kind == "feedback":
            fields["from"] = (
                f"{draw(st.sampled_from(eligible))} (Peer)"
                if eligible and draw(st.booleans())
                else "A colleague"
            )
        body, private = body_and_private(token)
        attachment = ""
        if draw(st.booleans()):
            attachment = f"files/attachment-{token.lower()}.txt"
            body += f"\nThe readout: [[{attachment}]].\n"
        slug = f"{day.isoformat()}-{draw(st.sampled_from(WORDS))}-{token.lower()}"
        items.append(Item("evidence", slug, v, fields, body, private, attachment))
    for i in range(draw(st.integers(0, 3))):
        token = f"G{i}X"
        v = draw(visibilities)
        fields = {
            "title": f"{draw(st.sampled_from(WORDS)).title()} {draw(words)} {token}",
            "due": draw(st.dates(min_value=FIRST_DAY, max_value=date(2027, 6, 30))).isoformat(),
            "status": draw(st.sampled_from(("planned", "in-progress", "done", "dropped"))),
            "competencies": draw(
                st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=2, unique=True)
            ),
            "metric": draw(words),
            "success": draw(words),
            "visibility": v,
        }
        eligible = people_at_least(people, v)
        if eligible and draw(st.booleans()):
            fields["stakeholders"] = draw(st.lists(st.sampled_from(eligible), unique=True))
        body, private = body_and_private(token)
        slug = f"{draw(st.sampled_from(WORDS))}-{token.lower()}"
        items.append(Item("goals", slug, v, fields, body, private))
    for i in range(draw(st.integers(0, 2))):
        token = f"Q{i}X"
        v = draw(visibilities)
        fields = {
            "title": f"{draw(st.sampled_from(WORDS)).title()} {draw(words)} {token}",
            "visibility": v,
            "order": draw(st.integers(-3, 3)),
        }
        body, private = body_and_private(token)
        slug = f"{draw(st.sampled_from(WORDS))}-{token.lower()}"
        items.append(Item("pages", slug, v, fields, body, private))
    check_ins_with = draw(st.sampled_from([None, *(p["name"] for p in people)]))
    cycle = draw(st.one_of(st.none(), st.dates(date(2026, 12, 1), date(2027, 9, 1))))
    return Spec(people, items, check_ins_with, cycle.isoformat() if cycle else None)


def write_spec(root: Path, spec: Spec, only_for: str | None = None) -> Workspace:
    """The spec's workspace; with only_for=A, without what A may not see."""

    def keep(visibility: str) -> bool:
        return only_for is None or sees(only_for, visibility)

    ws = Workspace(root)
    config: dict[str, Any] = {"site": SHOW_EVERYTHING}
    people = [p for p in spec.people if keep(p["visibility"])]
    if people:
        config["people"] = people
    if spec.check_ins_with is not None:
        check_ins: dict[str, Any] = {"every_weeks": 3, "from": "2026-06-01"}
        if spec.check_ins_with in {p["name"] for p in people}:
            check_ins["with"] = spec.check_ins_with
        config["check_ins"] = check_ins
    if spec.cycle:
        config["cycle"] = spec.cycle
    ws.write_config(**config)
    for item in spec.items:
        if not keep(item.visibility):
            continue
        private = item.private if only_for in (None, "self") else ""
        ws.document(item.kind, item.slug, item.body + private, **item.fields)
        if item.attachment:
            ws.write(f"content/{item.attachment}", f"attachment of {item.slug}\n")
    return ws


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds. Jinja checks each template's
    source against its checksum, so what is rendered is unchanged; only the compiling,
    most of a small build's time, is done once instead of in each of the 200 builds."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture
def compile_templates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    make_environment = getattr(render_site, "make_environment", None)
    if make_environment is None:
        return  # the build is slower, not different
    cache = CompiledTemplates()

    def with_cache(template_dirs: tuple[Path, ...], *args: Any, **kw: Any) -> jinja2.Environment:
        env = make_environment(template_dirs, *args, **kw)
        env.bytecode_cache = cache
        return env

    monkeypatch.setattr(render_site, "make_environment", with_cache)


@pytest.mark.usefixtures("compile_templates_once")
def test_build_equals_build_of_reduced_workspace() -> None:
    """For random workspaces and every audience A: A's build is byte-identical to A's
    build of the same workspace with everything hidden from A deleted; both builds pass
    the leak check, and neither holds the path of its workspace."""
    examples: list[int] = []
    hidden: list[int] = []  # items (and people) each audience build left out
    private: list[int] = []  # private blocks taken out of visible items

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(spec=workspaces())
    def check(spec: Spec) -> None:
        with tempfile.TemporaryDirectory(prefix="dossier-privacy-") as tmp:
            base = Path(tmp)
            full = write_spec(base / "full" / "ws", spec)
            for audience in AUDIENCES:
                reduced = write_spec(base / f"only-{audience}" / "ws", spec, audience)
                shown = [i for i in spec.items if sees(audience, i.visibility)]
                hidden.append(
                    len(spec.items)
                    - len(shown)
                    + sum(not sees(audience, p["visibility"]) for p in spec.people)
                )
                if audience != "self":
                    private.append(sum(bool(i.private) for i in shown))
                built = build_for(full.root, audience, base / f"out-full-{audience}")
                small = build_for(reduced.root, audience, base / f"out-only-{audience}")
                diff = tree_diff(built, small, ("full", "reduced"))
                assert not diff, f"{audience} build differs from the visible-only build:\n{diff}"
                for path, data in built.items():
                    text = data.decode("latin-1")
                    for where in (base, full.root, reduced.root):
                        for form in {str(where), str(where.resolve())}:
                            assert form not in text, f"{path} holds the path {form}"
        examples.append(len(spec.items))

    check()
    print(
        f"\n[property] {len(examples)} hypothesis examples, {len(examples) * len(AUDIENCES)}"
        f" audience builds each compared with a reduced-workspace build"
        f" ({sum(examples)} items in all; {sum(hidden)} items or people left out of an"
        f" audience's build, {sum(private)} private blocks taken out of visible items)"
    )
    assert examples


# == 4. the leak check catches a template that prints hidden data ===========================
def page_template(extra: str) -> str:
    return (
        '{% extends "base.html" %}\n'
        "{% block title %}{{ item.title }}{% endblock %}\n"
        "{% block main %}\n<h1>{{ item.title }}</h1>\n"
        f"{extra}\n"
        '<article class="prose">\n{{ body }}\n</article>\n{% endblock %}\n'
    )


BROKEN_THEMES = {
    # a template author hard-codes the title of a piece of evidence hidden from sponsors
    "hard-coded hidden title": (
        "page.html",
        page_template("<p>See also: Shipped CANARYSELFEVTITLE work</p>"),
        f"content/evidence/{ev_slug('self')}.md",
        "the title of hidden evidence",
    ),
    # ... or links to its page by slug
    "hard-coded hidden slug": (
        "page.html",
        page_template(f'<p><a href="../evidence/{ev_slug("manager")}.html">more</a></p>'),
        f"content/evidence/{ev_slug('manager')}.md",
        "the slug of hidden evidence",
    ),
}

# Templates that reach for hidden data where a careless theme might find it: the view
# handed to templates does not hold it at all, so these builds succeed and show none of it.
UNREACHABLE = {
    "iterates config.people": (
        page_template("<ul>{% for p in config.people %}<li>{{ p.name }}</li>{% endfor %}</ul>"),
        ("Canary Mgrperson", "Canary Selfperson"),
    ),
    "prints the raw body": (
        page_template("<pre>{{ item.body }}</pre>"),
        ("::: private",),
    ),
}


@pytest.mark.parametrize("case", sorted(UNREACHABLE))
def test_templates_cannot_reach_hidden_data(tmp_path: Path, case: str) -> None:
    text, absent = UNREACHABLE[case]
    cw = write_canary_workspace(tmp_path / "ws")
    (cw.root / "themes/default/templates").mkdir(parents=True)
    (cw.root / "themes/default/templates/page.html").write_text(text, "utf-8")
    out = tmp_path / "sponsor-site"
    result = run_build(cw.root, "--audience", "sponsor", "-o", str(out))
    assert result.exit_code == 0, result.output
    pages = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    for marker in absent:
        assert marker.encode() not in pages, f"{marker!r} reached the sponsor build"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() else b"",
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("case", sorted(BROKEN_THEMES))
def test_leak_check_fails_a_template_that_prints_hidden_data(tmp_path: Path, case: str) -> None:
    template, text, source, what = BROKEN_THEMES[case]
    cw = write_canary_workspace(tmp_path / "ws")
    out = tmp_path / "sponsor-site"
    build_for(cw.root, "sponsor", out)  # a good build first
    before = snapshot(out)
    (cw.root / "themes/default/templates").mkdir(parents=True)
    (cw.root / "themes/default/templates" / template).write_text(text, "utf-8")
    result = run_build(cw.root, "--audience", "sponsor", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "leak check" in result.output, result.output
    assert source in result.output, result.output
    assert what in result.output, result.output
    assert "sponsor build" in result.output
    assert "previous site is unchanged" in result.output
    assert snapshot(out) == before, "the failed build changed the previous site"
    # the same template is fine for the audience allowed to see it all
    build_for(cw.root, "self", tmp_path / "self-site")


def test_leak_check_searches_evidence_pages_rendered_on_other_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big sites render evidence pages in worker processes, which search them too: their
    leaks reach the report like any other."""
    cw = write_canary_workspace(tmp_path / "ws")
    ws = Workspace(cw.root)
    for n in range(80):
        ws.evidence(
            f"2026-06-{n % 28 + 1:02d}-filler-{n:02d}",
            "Ordinary work, told plainly.",
            date=f"2026-06-{n % 28 + 1:02d}",
            competencies=["delivery"],
            visibility="public",
        )
    templates = cw.root / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "evidence.html").write_text(
        '{% extends "base.html" %}{% block title %}{{ evidence.title }}{% endblock %}\n'
        "{% block main %}<h1>{{ evidence.title }}</h1><p>Shipped CANARYSELFEVTITLE work</p>\n"
        "{{ body }}{% endblock %}\n",
        "utf-8",
    )
    monkeypatch.setenv("DOSSIER_WORKERS", "2")
    result = run_build(cw.root, "--audience", "sponsor", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "the title of hidden evidence" in result.output, result.output
    assert "evidence/2026-06-01-filler-00.html" in result.output, result.output
    assert not (tmp_path / "out").exists()


@given(st.text(st.sampled_from(" \t\n\x1c\u2028\u00a0aZß-")), st.integers(1, 8))
def test_big_texts_are_normalised_a_chunk_at_a_time_to_the_same_result(
    text: str, chunk: int
) -> None:
    """The leak check reads big files in chunks; where the cuts fall changes nothing."""
    original = leaks.NORMALISE_CHUNK
    leaks.NORMALISE_CHUNK = chunk
    try:
        assert leaks.normalise(text) == " ".join(text.split()).casefold()
    finally:
        leaks.NORMALISE_CHUNK = original


VOCABULARY = st.sampled_from(["ab", "b", "b-a", "É"])


@settings(max_examples=400)
@given(
    st.lists(st.lists(VOCABULARY, max_size=4).map(" ".join), max_size=10),
    st.lists(st.lists(VOCABULARY, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4),
    st.integers(1, 12),
)
def test_visible_text_read_in_batches_finds_what_the_whole_text_holds(
    parts: list[str], phrases: list[str], chunk: int
) -> None:
    """Whether a hidden title is visible anyway is decided batch by batch over the
    audience's text; matches across batch ends are found, none are made up."""
    secrets = [leaks.Secret(leaks.normalise(phrase), "", "") for phrase in phrases]
    whole = leaks.normalise("\n".join(parts))
    original = leaks.NORMALISE_CHUNK
    leaks.NORMALISE_CHUNK = chunk
    try:
        assert leaks.present_in_parts(secrets, parts) == leaks.present(secrets, whole)
    finally:
        leaks.NORMALISE_CHUNK = original


HTML_BITS = st.sampled_from(["ab", "b", "É", " ", "\n", "</b>", "&amp;", "<i x='b'>"])


@settings(max_examples=300)
@given(
    st.lists(HTML_BITS, max_size=30).map("".join),
    st.lists(st.lists(st.sampled_from(["ab", "b", "é"]), min_size=1, max_size=3).map(" ".join)),
    st.integers(1, 8),
)
@example("ab<i x='b'>b", ["ab b"], 2)  # a cut inside the tag must not keep "ab b" apart
def test_big_files_are_leak_checked_in_pieces_with_the_same_result(
    page: str, phrases: list[str], chunk: int
) -> None:
    """A big file is searched a piece at a time; where the cuts fall changes no finding."""
    secrets = [leaks.Secret(leaks.normalise(phrase), "", "") for phrase in phrases]
    files = {"page.html": page.encode(), "data.json": json.dumps([page, {"k": page}]).encode()}
    whole = leaks.find_leaks(files, secrets)
    original = leaks.NORMALISE_CHUNK
    leaks.NORMALISE_CHUNK = chunk
    try:
        assert leaks.find_leaks(files, secrets) == whole
    finally:
        leaks.NORMALISE_CHUNK = original


GIT = (
    *("git", "-c", "user.name=Test", "-c", "user.email=test@example.com"),
    *("-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"),
)


@pytest.mark.skipif(not HAS_GIT, reason="git is not on PATH")
def test_git_history_in_templates_holds_visible_files_only(tmp_path: Path) -> None:
    """provenance handed to templates holds the first commits of the visible evidence
    only: a template listing it shows no hidden slug."""
    cw = write_canary_workspace(tmp_path / "ws")
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": "2026-10-01 12:00:00 +0000",
        "GIT_COMMITTER_DATE": "2026-10-01 12:00:00 +0000",
    }
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "evidence")):
        subprocess.run([*GIT, *args], cwd=cw.root, env=env, check=True, capture_output=True)
    out = tmp_path / "public-site"
    build_for(cw.root, "public", out)
    before = snapshot(out)
    extra = "<ul>{% for path in provenance.first_commits %}<li>{{ path }}</li>{% endfor %}</ul>"
    templates = cw.root / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(page_template(extra), "utf-8")
    result = run_build(cw.root, "--audience", "public", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert snapshot(out) != before
    pages = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    assert f"content/evidence/{ev_slug('public')}.md".encode() in pages
    for v in ("self", "manager", "sponsor"):
        assert ev_slug(v).encode() not in pages


def test_leak_check_fails_a_visible_body_naming_a_hidden_person(tmp_path: Path) -> None:
    """README: the leak check fails the build "because a visible page mentions a hidden
    person by name"; SPEC 8: pointing at the file and line where the author typed it."""
    cw = write_canary_workspace(tmp_path / "ws")
    page_file = cw.root / f"content/pages/{page_slug('public')}.md"
    text = page_file.read_text("utf-8").replace("matters.", "matters to Canary Mgrperson.")
    page_file.write_text(text, "utf-8")
    result = run_build(cw.root, "--audience", "sponsor", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "leak check" in result.output
    assert "hidden person 'Canary Mgrperson'" in result.output
    where = rf"content/pages/{page_slug('public')}\.md:\d+:\d+: error: leak check"
    assert re.search(where, result.output), result.output
    assert not (tmp_path / "out").exists()


# == private blocks: everything inside is for self only =====================================
def one_piece(ws: Workspace, body: str, **fields: Any) -> None:
    ws.evidence(
        "2026-05-01-shared",
        body,
        title="Shared piece of work",
        date="2026-05-01",
        competencies=["design"],
        visibility="public",
        **fields,
    )


@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_footnote_defined_in_a_private_block_stays_private(ws: Workspace, audience: str) -> None:
    one_piece(
        ws,
        "Visible claim.[^1]\n"
        + private_block("[^1]: CANARYFOOTNOTE the private source of the claim."),
    )
    tree = build_for(ws.root, audience, ws.root.parent / "out")
    leaks = [path for path, data in tree.items() if b"CANARYFOOTNOTE" in data]
    assert not leaks, f"a footnote written inside ::: private is in the {audience} build: {leaks}"


@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_link_reference_defined_in_a_private_block_stays_private(
    ws: Workspace, audience: str
) -> None:
    one_piece(
        ws,
        "See [the review][review].\n"
        + private_block("[review]: https://example.com/canaryprivatereviewurl"),
    )
    tree = build_for(ws.root, audience, ws.root.parent / "out")
    leaks = [path for path, data in tree.items() if b"canaryprivatereviewurl" in data]
    assert not leaks, f"a URL written inside ::: private is in the {audience} build: {leaks}"


def test_private_heading_leaves_no_trace_in_heading_ids(ws: Workspace) -> None:
    """A heading inside a private block must not shift the ids of the visible headings
    (an id `results-1` tells the reader a hidden `results` heading exists)."""
    one_piece(ws, private_block("## Results\n\nCANARYHEADINGNOTE only for me.") + "\n## Results\n")
    page = build_for(ws.root, "manager", ws.root.parent / "out")["evidence/2026-05-01-shared.html"]
    assert b'id="results"' in page and b"results-1" not in page, article(page.decode())


def test_front_matter_link_to_hidden_evidence_reads_not_shared(ws: Workspace) -> None:
    """SPEC 6: a link to a hidden item renders as its own words, unlinked - also a
    `links:` entry of the front matter that points at a hidden piece's file (its title;
    "not shared" where it has none but the file's address)."""
    ws.evidence(
        "2026-04-01-canaryhiddenlinked",
        title="Hidden linked piece",
        date="2026-04-01",
        competencies=["design"],
        visibility="self",
    )
    hidden = "2026-04-01-canaryhiddenlinked.md"
    one_piece(ws, "Text.\n", links=[{"title": "Notes", "url": hidden}, hidden])
    result = run_build(ws.root, "--audience", "sponsor", "-o", str(ws.root.parent / "out"))
    assert result.exit_code == 0, result.output
    page = (ws.root.parent / "out/evidence/2026-05-01-shared.html").read_text("utf-8")
    assert "canaryhiddenlinked" not in page
    assert '<span class="not-shared">Notes</span>' in page
    assert '<span class="not-shared">not shared</span>' in page
    data = (ws.root.parent / "out/dossier.json").read_text("utf-8")
    assert "canaryhiddenlinked" not in data
    assert '{"title":"Notes","url":null},{"title":"not shared","url":null}' in data


# == 5. --all-audiences =====================================================================
def test_all_audiences_each_folder_passes_its_canary_scan(tmp_path: Path) -> None:
    cw = write_canary_workspace(tmp_path / "ws")
    result = run_build(cw.root, "--all-audiences")
    assert result.exit_code == 0, result.output
    assert "leak check" not in result.output
    site = cw.root / "site"
    assert sorted(p.name for p in site.iterdir() if not p.name.startswith(".")) == sorted(AUDIENCES)
    lines = result.output.splitlines()
    notes = {"self": "PRIVATE, do not share", "manager": "for your manager"}
    notes |= {"sponsor": "for sponsors", "public": "public: anyone may read it"}
    for audience in AUDIENCES:
        line = next((x for x in lines if f"for the {audience} audience" in x), None)
        assert line, result.output
        assert f"site{os.sep}{audience}" in line and notes[audience] in line, line
    total_checks = 0
    for audience in AUDIENCES:
        tree = read_tree(site / audience)
        scan = assert_no_hidden_canary(tree, cw, audience)
        assert_visible_canaries(tree, cw, audience)
        total_checks += scan.checks
        for path, page in html_pages(tree).items():
            header = page[page.index('<header class="site-header">') : page.index("</header>")]
            assert HEADER_LABEL[audience] in header, (audience, path)
            assert (BANNER in page) == (audience == "self"), (audience, path)
            assert f"built for the <strong>{audience}</strong> audience" in page, path
    print(f"\n[canary] --all-audiences: {total_checks} checks over the 4 folders, no leak")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_page_names_its_audience(canary: CanaryBuilds, audience: str) -> None:
    pages = html_pages(canary.full[audience])
    assert pages
    for path, page in pages.items():
        header = page[page.index('<header class="site-header">') : page.index("</header>")]
        others = [HEADER_LABEL[a] for a in AUDIENCES if a != audience and a != "public"]
        assert HEADER_LABEL[audience] in header, path
        assert not any(label in header for label in others), path
        assert (BANNER in page) == (audience == "self"), path


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_evidence_list_holds_only_what_the_audience_may_see(
    canary: CanaryBuilds, audience: str
) -> None:
    """evidence.html and its filter (the people, competencies, words it searches) come
    from the audience's view: no hidden canary in it, every visible piece's title in it."""
    tree = canary.full[audience]
    page = {"evidence.html": tree["evidence.html"]}
    book = canary.cw.canaries
    hidden = scan_tree(page, book.hidden_from(audience))
    assert not any(hidden.found.values()), {k: v for k, v in hidden.found.items() if v}
    titles = [
        c for c in book.visible_to(audience) if c.what.startswith("title of content/evidence")
    ]
    shown = scan_tree(page, titles)
    assert titles and all(shown.found[c.text] for c in titles), audience
    listed = tree["evidence.html"].decode().count("<li data-competencies=")
    assert listed == len(json.loads(tree["dossier.json"])["evidence"]), audience
