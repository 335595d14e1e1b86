"""Hostile input (SPEC section 7): YAML built to exhaust time, memory or the stack, YAML
that asks for code to run, oversized files, and paths that leave the workspace or that
would overwrite each other on a case-insensitive or normalising file system.

1. YAML. Alias bombs, `!!python/...` tags, 10 MB front matter, 1,000 and 10,000 levels of
   nesting (flow, indented block and compact block style), very long lines and a file one
   byte over the size limit: each refused with the product's own message at the file and
   line, within a time bound, and (measured in a child process, so that a crash of the
   parser cannot take the test run down with it) within a memory bound.
2. Paths. Links and images leaving the workspace (`..`, absolute, `file:`, encoded),
   symlinked files and folders pointing outside (a canary in the target must never reach
   any output, and an audit hook checks the target is never even opened), and names that
   differ only by case or Unicode normalisation. Every one is an error, and `dossier
   build` then exits 1 and writes nothing: no output folder, the previous site untouched.

The limits tested (from dossier.load): MAX_FILE_BYTES (4 MB per file), MAX_FRONT_MATTER_CHARS
(256 KB of front matter), MAX_NODES (200,000 values per YAML document, aliases expanded),
MAX_DEPTH (64 levels of nesting); and here: 5 s and 200 MB for any one refusal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_FRAMEWORK, Workspace

from dossier.cli import cli
from dossier.errors import Diagnostic, Diagnostics
from dossier.load.source import MAX_FILE_BYTES, MAX_FRONT_MATTER_CHARS
from dossier.load.yamlsrc import MAX_DEPTH, MAX_NODES

EV = "content/evidence"
VALID = ("title: Valid", "date: 2026-03-14", "competencies: [design]")
AS_OF = "2026-11-22"
SECONDS = 5.0  # any refusal below takes less than this
QUICK = 3.0  # seconds of CPU time for 100 KB of Markdown
MEGABYTES = 200  # ...and grows the process by less than this
CANARY = "CANARY-5f1c2e9b"  # in files outside the workspace; must never appear in output

BOMB_MESSAGE = f"document expands to more than {MAX_NODES:,} values"
DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"
RECURSION_MESSAGE = "YAML nested too deeply"
TAG_MESSAGE = "unsupported YAML tag '{}'"


# == helpers ==================================================================================
def front(*lines: str, body: str = "") -> str:
    """A Markdown file: '---' on line 1, then `lines` from line 2, '---', then the body."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


def dump(items: list[Diagnostic] | Diagnostics) -> str:
    found = items.items if isinstance(items, Diagnostics) else items
    return "\n".join(d.format() for d in found) or "(no diagnostics)"


def billion_laughs(width: int = 9, depth: int = 7) -> str:
    """A one-line alias bomb: width**depth values once every alias is expanded."""
    parts = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, depth):
        parts.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "{" + ", ".join(parts) + "}"


def flow_nesting(levels: int) -> str:
    return "[" * levels + "]" * levels


def block_nesting(levels: int, key: str = "k") -> str:
    """`levels` mappings, each indented one space more than its parent (one per line)."""
    lines = [" " * i + f"{key}{i}:" for i in range(levels)]
    return "\n".join(lines) + "\n" + " " * levels + "leaf: 1\n"


def compact_nesting(levels: int) -> str:
    """`levels` block sequences on one line: `- - - ... - x` (no brackets at all)."""
    return "- " * levels + "x"


# -- loading in a child process: a crash, a hang or memory growth stays measurable -------------
LOADER = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from dossier.errors import Diagnostics
    from dossier.build.load import load_dossier

    started = time.process_time()  # CPU time: other processes on the machine do not count
    diags = Diagnostics()
    dossier = load_dossier(Path(sys.argv[1]), diags)
    seconds = time.process_time() - started
    try:  # the peak of this process only (ru_maxrss keeps the parent's across exec)
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = [line for line in status if line.startswith("VmHWM:")]
        rss_mb = int(hwm[0].split()[1]) / 2**10
    except (OSError, IndexError):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss_mb = rss / 2**20 if sys.platform == "darwin" else rss / 2**10
    print(json.dumps({
        "loaded": dossier is not None,
        "seconds": seconds,
        "rss_mb": rss_mb,
        "diagnostics": [[d.path, d.line, d.col, d.message, d.hint] for d in diags.items],
    }))
    """
)


class Loaded:
    def __init__(self, data: dict[str, Any]):
        self.loaded: bool = data["loaded"]
        self.seconds: float = data["seconds"]
        self.rss_mb: float = data["rss_mb"]
        self.items = [Diagnostic(*d[:4], hint=d[4]) for d in data["diagnostics"]]

    def find(self, path: str, fragment: str) -> list[Diagnostic]:
        return [d for d in self.items if d.path == path and fragment in d.message]


def load_in_child(root: Path, timeout: float = 60.0) -> Loaded:
    env = {**os.environ, "DOSSIER_WORKERS": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", LOADER, str(root)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading the workspace did not finish within {timeout:.0f} s (a hang)")
    if done.returncode != 0:
        died = (
            f"killed by {signal.Signals(-done.returncode).name}"
            if done.returncode < 0
            else f"exit status {done.returncode}"
        )
        pytest.fail(f"the loader process died ({died}); stderr:\n{done.stderr[-3000:]}")
    return Loaded(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Peak memory of a child loading a small clean workspace: what growth is measured from."""
    ws = Workspace(tmp_path_factory.mktemp("baseline") / "ws")
    ws.write(f"{EV}/x.md", front(*VALID))
    loaded = load_in_child(ws.root)
    assert loaded.loaded, dump(loaded.items)
    return loaded.rss_mb


def expect_refused(
    loaded: Loaded,
    path: str,
    message: str | tuple[str, ...],
    line: int | None,
    hint: str = "",
    baseline: float | None = None,
) -> Diagnostic:
    """One error in `path` with one of the messages (at `line`), quickly, in bounded memory."""
    messages = (message,) if isinstance(message, str) else message
    found = [d for m in messages for d in loaded.find(path, m)]
    assert not loaded.loaded, "the workspace loaded"
    assert len(found) == 1, f"expected one of {messages} in {path}, got:\n{dump(loaded.items)}"
    d = found[0]
    if line is not None:
        assert d.line == line, f"line {d.line}, expected {line}: {d.format()}"
    assert d.hint.strip() and hint in d.hint, d.format()
    assert loaded.seconds < SECONDS, f"took {loaded.seconds:.1f} s: {d.format()}"
    if baseline is not None:
        grown = loaded.rss_mb - baseline
        assert grown < MEGABYTES, f"memory grew by {grown:.0f} MB (limit {MEGABYTES})"
    return d


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="dossier")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# == 1. hostile YAML ===========================================================================
# -- alias bombs -------------------------------------------------------------------------------
def test_alias_bomb_in_front_matter(ws: Workspace, baseline_mb: float) -> None:
    ws.write(f"{EV}/bomb.md", front(*VALID, f"metrics: {billion_laughs()}"))
    loaded = load_in_child(ws.root)
    expect_refused(loaded, f"{EV}/bomb.md", BOMB_MESSAGE, 5, "alias bomb", baseline_mb)


def test_alias_bomb_in_dossier_yaml(ws: Workspace, baseline_mb: float) -> None:
    text = (ws.root / "dossier.yaml").read_text(encoding="utf-8")
    lines = len(text.splitlines())
    ws.write("dossier.yaml", f"{text}people: {billion_laughs()}\n")
    loaded = load_in_child(ws.root)
    expect_refused(loaded, "dossier.yaml", BOMB_MESSAGE, lines + 1, "alias bomb", baseline_mb)


def test_alias_bomb_in_framework(ws: Workspace, baseline_mb: float) -> None:
    lines = len(MINI_FRAMEWORK.splitlines())
    ws.write("content/framework.yaml", f"{MINI_FRAMEWORK}meta: {billion_laughs()}\n")
    loaded = load_in_child(ws.root)
    path = "content/framework.yaml"
    expect_refused(loaded, path, BOMB_MESSAGE, lines + 1, "alias bomb", baseline_mb)


def test_alias_bomb_of_merge_keys(ws: Workspace, baseline_mb: float) -> None:
    """`<<` merges expand aliases too."""
    parts = ["a0: &a0 {" + ", ".join(f"k{i}: [lol, lol, lol]" for i in range(9)) + "}"]
    for i in range(1, 7):
        merged = ", ".join(f"k{j}: *a{i - 1}" for j in range(9))
        parts.append(f"a{i}: &a{i} {{<<: *a{i - 1}, {merged}}}")
    ws.write(f"{EV}/merge.md", front(*VALID, "metrics: {" + ", ".join(parts) + "}"))
    loaded = load_in_child(ws.root)
    expect_refused(loaded, f"{EV}/merge.md", BOMB_MESSAGE, 5, "alias bomb", baseline_mb)


def test_many_small_alias_bombs_stay_bounded(ws: Workspace, baseline_mb: float) -> None:
    """Alias bombs just under MAX_NODES, one per file: each 300-byte file expands to
    ~120,000 values, all kept. A workspace of them must not need memory in proportion
    to the expansion. Found: 10 such files, 3 KB in all, take ~300 MB (200 would take
    ~6 GB): a limit over the whole workspace, or refusing heavy alias use, is needed."""
    bomb = billion_laughs(width=5, depth=7)  # 122,069 values: under MAX_NODES
    for i in range(10):
        ws.write(f"{EV}/e{i:02}.md", front(*VALID, f"metrics: {bomb}"))
    loaded = load_in_child(ws.root)
    grown = loaded.rss_mb - baseline_mb
    total = sum(p.stat().st_size for p in (ws.root / EV).iterdir())
    assert grown < MEGABYTES, (
        f"{total:,} bytes of evidence made the loader grow by {grown:.0f} MB"
        f" (limit {MEGABYTES} MB) in {loaded.seconds:.1f} s"
    )


# -- tags that would run code ------------------------------------------------------------------
PYTHON_TAGS = [
    ('!!python/object/apply:os.system ["touch {marker}"]', "!!python/object/apply:os.system"),
    ("!!python/object/new:os.system [touch {marker}]", "!!python/object/new:os.system"),
    ("!!python/name:os.system ''", "!!python/name:os.system"),
    ("!!python/module:os ''", "!!python/module:os"),
    ("!!python/object:builtins.object {{}}", "!!python/object:builtins.object"),
    (
        "!!python/object/apply:subprocess.check_output [[touch, {marker}]]",
        "!!python/object/apply:subprocess.check_output",
    ),
]


@pytest.mark.parametrize(("value", "tag"), PYTHON_TAGS, ids=[t for _, t in PYTHON_TAGS])
@pytest.mark.parametrize("where", ["front matter", "dossier.yaml", "framework"])
def test_python_tags_refused_and_never_run(
    ws: Workspace, tmp_path: Path, value: str, tag: str, where: str
) -> None:
    marker = tmp_path / "payload-ran"
    payload = value.format(marker=marker)
    if where == "front matter":
        path, line = f"{EV}/tag.md", 5
        ws.write(path, front(*VALID, f"impact: {payload}"))
    elif where == "dossier.yaml":
        text = (ws.root / "dossier.yaml").read_text(encoding="utf-8")
        path, line = "dossier.yaml", len(text.splitlines()) + 1
        ws.write(path, f"{text}framework_agreed: {payload}\n")
    else:
        path, line = "content/framework.yaml", len(MINI_FRAMEWORK.splitlines()) + 1
        ws.write(path, f"{MINI_FRAMEWORK}description: {payload}\n")
    dossier, diags = ws.load()
    assert not marker.exists(), "the YAML payload ran"
    assert dossier is None, dump(diags)
    found = [d for d in diags.items if d.path == path and TAG_MESSAGE.format(tag) in d.message]
    assert len(found) == 1, dump(diags)
    assert found[0].line == line, found[0].format()
    assert "plain YAML" in found[0].hint
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 1 and TAG_MESSAGE.format(tag) in result.output, result.output
    assert not marker.exists(), "the YAML payload ran"


# -- sizes -------------------------------------------------------------------------------------
def size_message(size: int) -> str:
    return f"file is {size:,} bytes, over the {MAX_FILE_BYTES // 2**20} MB limit"


@pytest.mark.parametrize("path", [f"{EV}/huge.md", "dossier.yaml", "content/framework.yaml"])
def test_ten_megabytes_of_front_matter_refused_by_size(
    ws: Workspace, baseline_mb: float, path: str
) -> None:
    """Refused from its size alone: never read, so it costs neither time nor memory."""
    title = "title: " + "x" * (10 * 2**20) + "\n"
    text = front(title.rstrip("\n"), *VALID[1:]) if path.endswith(".md") else title
    ws.write(path, text)
    size = len(text.encode())
    loaded = load_in_child(ws.root)
    d = expect_refused(loaded, path, size_message(size), 0, "", baseline_mb)
    assert d.col == 0
    assert loaded.rss_mb - baseline_mb < 20, "the oversized file was read"


def test_file_one_byte_over_the_limit(ws: Workspace) -> None:
    head = front(*VALID)
    over = head + "a" * (MAX_FILE_BYTES + 1 - len(head))
    ws.write(f"{EV}/over.md", over)
    assert (ws.root / EV / "over.md").stat().st_size == MAX_FILE_BYTES + 1
    dossier, diags = ws.load()
    assert dossier is None
    found = [d for d in diags.items if d.path == f"{EV}/over.md"]
    assert [d.message for d in found] == [size_message(MAX_FILE_BYTES + 1)], dump(diags)
    assert (found[0].line, found[0].col) == (0, 0) and "content/files" in found[0].hint


def test_file_at_the_limit_is_read(ws: Workspace) -> None:
    """Exactly MAX_FILE_BYTES (a long body of words) loads."""
    head = front(*VALID)
    body = "word " * ((MAX_FILE_BYTES - len(head)) // 5)
    text = head + body + "a" * (MAX_FILE_BYTES - len(head) - len(body))
    ws.write(f"{EV}/limit.md", text)
    assert (ws.root / EV / "limit.md").stat().st_size == MAX_FILE_BYTES
    loaded = load_in_child(ws.root)
    assert loaded.loaded, dump(loaded.items)
    assert loaded.seconds < 30


def test_front_matter_over_its_limit(ws: Workspace) -> None:
    padding = "x" * (MAX_FRONT_MATTER_CHARS + 1)
    ws.write(f"{EV}/long.md", front(*VALID, f"impact: {padding}"))
    dossier, diags = ws.load()
    assert dossier is None
    found = [d for d in diags.items if d.path == f"{EV}/long.md"]
    message = f"front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KB"
    assert [(d.message, d.line, d.col) for d in found] == [(message, 2, 1)], dump(diags)


def test_front_matter_at_its_limit_is_read(ws: Workspace) -> None:
    lines = (*VALID, "impact: ")
    used = len("\n".join(lines))
    ws.write(f"{EV}/long.md", front(*lines[:-1], lines[-1] + "x" * (MAX_FRONT_MATTER_CHARS - used)))
    dossier, diags = ws.load()
    assert dossier is not None, dump(diags)
    assert len(dossier.evidence[0].impact) == MAX_FRONT_MATTER_CHARS - used


def test_very_long_line_in_front_matter(ws: Workspace) -> None:
    """A 200 KB title on one line (under the front matter limit) is text like any other."""
    ws.write(f"{EV}/long.md", front("title: " + "word " * 40_000, *VALID[1:]))
    loaded = load_in_child(ws.root)
    assert loaded.loaded and loaded.seconds < SECONDS, dump(loaded.items)


def test_very_long_line_of_yaml_noise(ws: Workspace) -> None:
    """200 KB on one line that is not valid YAML: a syntax error on that line, quickly."""
    ws.write(f"{EV}/noise.md", front(*VALID, "impact: " + "a: " * 60_000))
    loaded = load_in_child(ws.root)
    expect_refused(loaded, f"{EV}/noise.md", "invalid YAML", 5)


def test_very_long_line_in_the_body(ws: Workspace) -> None:
    """A body of one 3 MB line of words loads within the time bound."""
    ws.write(f"{EV}/long.md", front(*VALID, body="word " * 600_000 + "\n"))
    loaded = load_in_child(ws.root)
    assert loaded.loaded and loaded.seconds < SECONDS, dump(loaded.items)


def test_body_of_unclosed_wikilinks_is_not_quadratic(ws: Workspace) -> None:
    """100 KB of `[[` without `]]` (2.5% of the file size limit) must load in a few
    seconds (Markdown alone parses it in ~1 s). Found: the wikilink rule searches the
    rest of the text for `]]` at every `[[`, so the time grows with the square of the
    length: ~10 s here, ~30 s at 160 KB, hours at the 4 MB limit."""
    ws.write(f"{EV}/brackets.md", front(*VALID, body="[[" * 50_000 + "\n"))
    loaded = load_in_child(ws.root)
    assert loaded.seconds < QUICK, f"100 KB of '[[' took {loaded.seconds:.1f} s of CPU to load"


# -- nesting -----------------------------------------------------------------------------------
DEEP_FRONT_MATTER = [
    # (name, lines after `impact:`, message, line of the refusal); `impact:` is on line 5
    ("flow 1,000", [flow_nesting(1_000)], DEPTH_MESSAGE, 5),
    ("flow mappings 1,000", ["{a: " * 1_000 + "b" + "}" * 1_000], DEPTH_MESSAGE, 5),
    ("flow 10,000", [flow_nesting(10_000)], (DEPTH_MESSAGE, RECURSION_MESSAGE), 5),
    # 700 indented levels fill the front matter limit; the mapping past MAX_DEPTH starts on
    # the line of its first key, k{MAX_DEPTH} (k0 is on line 6)
    (
        "indented block 700",
        ["", textwrap.indent(block_nesting(700), " ")],
        DEPTH_MESSAGE,
        6 + MAX_DEPTH,
    ),
    ("compact block 1,000", ["", compact_nesting(1_000)], DEPTH_MESSAGE, 6),
    ("compact block 10,000", ["", compact_nesting(10_000)], DEPTH_MESSAGE, 6),
    ("compact block 100,000", ["", compact_nesting(100_000)], DEPTH_MESSAGE, 6),
]


@pytest.mark.parametrize(
    ("value", "message", "line"),
    [case[1:] for case in DEEP_FRONT_MATTER],
    ids=[case[0] for case in DEEP_FRONT_MATTER],
)
def test_deep_nesting_in_front_matter(
    ws: Workspace,
    baseline_mb: float,
    value: list[str],
    message: str | tuple[str, ...],
    line: int,
) -> None:
    """Refused on the line of the deep value, in a child process: no crash, no
    RecursionError. Found: (1) 100,000 levels of `- - - ... x` (200 KB, under the front
    matter limit; ~25,000 are enough) crash the process with SIGSEGV: the text holds no
    brackets, so libyaml's parser is used, and its recursion overflows the C stack;
    (2) 10,000 flow levels are refused at line 2 (the first line of the front matter),
    not on the line of the deep value: the RecursionError fallback has no position."""
    first, *rest = value
    text = "\n".join([f"impact: {first}".rstrip(), *rest]).rstrip("\n")
    assert len(text) < MAX_FRONT_MATTER_CHARS
    ws.write(f"{EV}/deep.md", front(*VALID, text))
    loaded = load_in_child(ws.root)
    expect_refused(loaded, f"{EV}/deep.md", message, line, "flatten", baseline_mb)


@pytest.mark.parametrize("levels", [1_000, 2_500])
@pytest.mark.parametrize("path", ["dossier.yaml", "content/framework.yaml"])
def test_deep_block_mappings(ws: Workspace, baseline_mb: float, path: str, levels: int) -> None:
    """Indented block mappings, one level per line (1,000 levels: 500 KB; 2,500: 3 MB):
    refused where the nesting passes MAX_DEPTH."""
    text = (ws.root / path).read_text(encoding="utf-8")
    lines = len(text.splitlines())
    ws.write(path, text + "meta:\n" + textwrap.indent(block_nesting(levels), " "))
    loaded = load_in_child(ws.root)
    # The value of `meta:` is at depth 1, that of k0 at depth 2, ...: the first one past
    # MAX_DEPTH is the mapping of k{MAX_DEPTH - 1}, which starts on the line of k{MAX_DEPTH}.
    line = lines + 2 + MAX_DEPTH
    expect_refused(loaded, path, DEPTH_MESSAGE, line, "flatten", baseline_mb)


@pytest.mark.parametrize("path", ["dossier.yaml", "content/framework.yaml"])
@pytest.mark.parametrize(
    "value", [flow_nesting(1_000), compact_nesting(100_000)], ids=["flow", "compact block"]
)
def test_deep_nesting_in_config_and_framework(
    ws: Workspace, baseline_mb: float, path: str, value: str
) -> None:
    text = (ws.root / path).read_text(encoding="utf-8")
    lines = len(text.splitlines())
    key_line = f"meta: {value}" if value.startswith("[") else f"meta:\n{value}"
    ws.write(path, f"{text}{key_line}\n")
    loaded = load_in_child(ws.root)
    line = lines + 1 if value.startswith("[") else lines + 2
    expect_refused(loaded, path, DEPTH_MESSAGE, line, "flatten", baseline_mb)


# == 2. paths ==================================================================================
# -- links -------------------------------------------------------------------------------------
LEAVING = [
    ("../../../etc/passwd", "link '../../../etc/passwd' leads outside the workspace"),
    ("../../../../../../../etc/passwd", "leads outside the workspace"),
    ("%2e%2e/%2e%2e/%2e%2e/etc/passwd", "leads outside the workspace"),
    ("../files/../../../dossier.yaml", "leads outside the workspace"),
    ("/etc/passwd", "link '/etc/passwd' is an absolute path"),
    ("C:/Windows/win.ini", "is an absolute path"),
    ("C:\\Windows\\win.ini", "is an absolute path"),
    ("\\\\server\\share\\x", "is an absolute path"),
    ("file:///etc/passwd", "unsupported link 'file:///etc/passwd'"),
    ("FILE:///etc/passwd", "unsupported link"),
    ("javascript:alert(1)", "unsupported link"),
    ("data:text/html,x", "unsupported link"),
]


@pytest.mark.parametrize(("url", "message"), LEAVING, ids=[u for u, _ in LEAVING])
def test_front_matter_link_leaving_the_workspace(ws: Workspace, url: str, message: str) -> None:
    ws.write(f"{EV}/x.md", front(*VALID, "links:", f"  - {json.dumps(url)}"))
    dossier, diags = ws.load()
    assert dossier is None, dump(diags)
    found = [d for d in diags.items if d.path == f"{EV}/x.md" and message in d.message]
    assert len(found) == 1 and found[0].line == 6, dump(diags)


BODY_LINKS = [
    ("[x](../../../etc/passwd)", "leads outside the workspace"),
    ("![x](../../../../etc/passwd)", "leads outside the workspace"),
    ("[x](/etc/passwd)", "is an absolute path"),
    ("![x](/etc/passwd)", "is an absolute path"),
    ("[x][r]\n\n[r]: ../../../etc/passwd", "leads outside the workspace"),
    ("[x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)", "leads outside the workspace"),
]


@pytest.mark.parametrize(("body", "message"), BODY_LINKS, ids=[b for b, _ in BODY_LINKS])
def test_body_link_or_image_leaving_the_workspace(ws: Workspace, body: str, message: str) -> None:
    ws.write(f"{EV}/x.md", front(*VALID, body=f"Intro.\n\n{body}\n"))
    dossier, diags = ws.load()
    assert dossier is None, dump(diags)
    found = [d for d in diags.items if d.path == f"{EV}/x.md" and message in d.message]
    assert len(found) == 1 and found[0].line == 8, dump(diags)


@pytest.mark.parametrize(
    "body",
    [
        "![x](file:///etc/passwd)",
        "[x](file:///etc/passwd)",
        "<file:///etc/passwd>",
        "[x](javascript:alert(1))",
        "![x](data:text/html,x)",
    ],
)
def test_body_link_that_markdown_does_not_make(ws: Workspace, body: str) -> None:
    """Markdown itself refuses these URLs (file:, javascript:, data:): no link is made,
    the text is shown as written, so there is nothing to refuse; nothing links to them."""
    ws.write(f"{EV}/x.md", front(*VALID, body=f"Intro.\n\n{body}\n"))
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "-a", "self")
    assert result.exit_code == 0, result.output
    for path, data in snapshot(ws.root / "site").items():
        text = data.decode("utf-8", "replace")
        for attribute in ('href="file:', "href='file:", 'src="file:', 'href="javascript:'):
            assert attribute not in text, f"{path} links {attribute}"


@pytest.mark.parametrize(
    "html",
    [
        '<img src="../../../../etc/passwd">',
        '<a href="/etc/passwd">x</a>',
        '<img src="file:///etc/passwd">',
    ],
)
def test_raw_html_link_leaving_the_workspace(ws: Workspace, html: str) -> None:
    """With `site: {allow_html: true}`, links in raw HTML are links too. Found: they are
    not checked at all, so the site is built with them."""
    ws.write_config(site={"allow_html": True})
    ws.write(f"{EV}/x.md", front(*VALID, body=f"Intro.\n\n{html}\n"))
    dossier, diags = ws.load()
    assert dossier is None, f"raw HTML {html} accepted:\n{dump(diags)}"
    assert any(d.path == f"{EV}/x.md" and d.line == 8 for d in diags.errors), dump(diags)


# -- symlinks leaving the workspace ------------------------------------------------------------
OPENED: list[str] = []  # paths outside the workspace opened or listed, while watched
WATCHED: list[str] = []  # the folder being watched (one at a time)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if WATCHED and event in ("open", "os.scandir", "os.listdir") and args:
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)) and not isinstance(target, int):
            path = os.fsdecode(target)
            real = os.path.realpath(path)
            if real == WATCHED[0] or real.startswith(WATCHED[0] + os.sep):
                OPENED.append(f"{event} {path}")


sys.addaudithook(_audit)


@pytest.fixture
def outside(tmp_path: Path) -> Iterator[Path]:
    """A folder beside the workspace holding canaries; any open or listing of it while a
    test runs is recorded."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{CANARY}\n", encoding="utf-8")
    (folder / "evidence.md").write_text(
        front(f"title: {CANARY}", *VALID[1:], body=CANARY), encoding="utf-8"
    )
    (folder / "sub").mkdir()
    (folder / "sub" / "more.md").write_text(
        front(f"title: {CANARY}", *VALID[1:], body=CANARY), encoding="utf-8"
    )
    (folder / "framework.yaml").write_text(
        MINI_FRAMEWORK + f"description: {CANARY}\n", encoding="utf-8"
    )
    (folder / "templates").mkdir()
    (folder / "templates" / "brief.html").write_text(
        f"{CANARY} {{{{ 6 * 7 }}}}\n", encoding="utf-8"
    )
    OPENED.clear()
    WATCHED[:] = [os.path.realpath(folder)]
    yield folder
    WATCHED.clear()


def test_the_audit_hook_sees_reads_outside(outside: Path) -> None:
    """The check the symlink tests rely on: reading the outside folder is recorded."""
    (outside / "secret.txt").read_text(encoding="utf-8")
    list(os.scandir(outside / "sub"))
    assert len(OPENED) == 2, OPENED
    OPENED.clear()


def assert_refused_unread(ws: Workspace, outside: Path, path: str, fragment: str) -> None:
    """An error naming `path`; `dossier build` exits 1, writes nothing, shows no canary;
    nothing outside the workspace was opened."""
    dossier, diags = ws.load()
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "--all-audiences")
    assert not OPENED, f"read outside the workspace: {OPENED}"
    assert dossier is None, f"loaded, though {path} leads outside:\n{dump(diags)}"
    found = [d for d in diags.errors if d.path == path and fragment in d.message]
    assert len(found) == 1, dump(diags)
    assert CANARY not in dump(diags)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and CANARY not in result.output
    assert not (ws.root / "site").exists(), "a refused build wrote a site"


def test_symlinked_evidence_file(ws: Workspace, outside: Path) -> None:
    (ws.root / EV).mkdir(parents=True)
    os.symlink(outside / "evidence.md", ws.root / EV / "linked.md")
    assert_refused_unread(ws, outside, f"{EV}/linked.md", "symlink leads outside")


def test_symlinked_evidence_folder(ws: Workspace, outside: Path) -> None:
    (ws.root / EV).mkdir(parents=True)
    os.symlink(outside / "sub", ws.root / EV / "linked")
    assert_refused_unread(ws, outside, f"{EV}/linked", "symlink leads outside")


def test_symlinked_content_kind_folder(ws: Workspace, outside: Path) -> None:
    (ws.root / "content").mkdir(exist_ok=True)
    os.symlink(outside / "sub", ws.root / "content" / "goals")
    assert_refused_unread(ws, outside, "content/goals", "symlink leads outside")


def test_symlinked_attachment_and_attachment_folder(ws: Workspace, outside: Path) -> None:
    files = ws.root / "content" / "files"
    files.mkdir(parents=True)
    os.symlink(outside / "secret.txt", files / "secret.txt")
    os.symlink(outside / "sub", files / "folder")
    body = "[[files/secret.txt]] [[files/folder/more.md]] [x](../files/secret.txt)\n"
    ws.write(f"{EV}/x.md", front(*VALID, body=body))
    assert_refused_unread(ws, outside, "content/files/secret.txt", "symlink leads outside")
    _, diags = ws.load()
    assert [d for d in diags.errors if d.path == "content/files/folder"], dump(diags)


def test_symlinked_framework(ws: Workspace, outside: Path) -> None:
    (ws.root / "content" / "framework.yaml").unlink()
    os.symlink(outside / "framework.yaml", ws.root / "content" / "framework.yaml")
    fragment = "'content/framework.yaml' is outside the workspace"
    assert_refused_unread(ws, outside, "dossier.yaml", fragment)


@pytest.mark.parametrize(
    "ref", ["../outside/framework.yaml", "absolute", "content/../../outside/framework.yaml"]
)
def test_framework_path_outside_the_workspace(ws: Workspace, outside: Path, ref: str) -> None:
    ref = str(outside / "framework.yaml") if ref == "absolute" else ref
    ws.write_config(framework=ref)
    assert_refused_unread(ws, outside, "dossier.yaml", f"'{ref}' is outside the workspace")


def test_symlink_loop_inside_the_workspace_is_walked_once(ws: Workspace) -> None:
    ws.write(f"{EV}/x.md", front(*VALID))
    os.symlink(ws.root / EV, ws.root / EV / "loop")
    dossier, diags = ws.load()
    assert dossier is not None and len(dossier.evidence) == 1, dump(diags)


@pytest.mark.parametrize("linked", ["template file", "templates folder"])
def test_symlinked_theme_template(ws: Workspace, outside: Path, linked: str) -> None:
    """A workspace theme whose template (or templates folder) is a symlink leaving the
    workspace. Found: it is read and rendered into the site (the canary is in
    site/brief.html): templates are loaded by Jinja without the workspace check."""
    templates = ws.root / "themes" / "mine" / "templates"
    if linked == "template file":
        templates.mkdir(parents=True)
        os.symlink(outside / "templates" / "brief.html", templates / "brief.html")
    else:
        templates.parent.mkdir(parents=True)
        os.symlink(outside / "templates", templates)
    ws.write_config(site={"theme": "mine"})
    ws.write(f"{EV}/x.md", front(*VALID))
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "-a", "self")
    site = ws.root / "site"
    leaked = (
        [p for p, data in snapshot(site).items() if CANARY.encode() in data]
        if site.exists()
        else []
    )
    assert not leaked, f"a template outside the workspace was rendered into {leaked}"
    assert not OPENED, f"read outside the workspace: {OPENED}"
    assert result.exit_code == 1, result.output


# -- names that collide on case-insensitive or normalising file systems ------------------------
NFC = unicodedata.normalize("NFC", "caf\u00e9")
NFD = unicodedata.normalize("NFD", "caf\u00e9")
SLUG_CLASHES = [
    ("Foo", "foo"),
    ("FOO", "foo"),
    (NFC, NFD),
    ("Caf\u00e9", "cafe"),
    ("a b", "a-b"),
    ("a_b", "a.b"),
    ("Sub/x", "sub/x"),
]


@pytest.mark.parametrize("kind", ["evidence", "goals", "pages"])
@pytest.mark.parametrize(
    ("first", "second"), SLUG_CLASHES, ids=[f"{a}|{b}" for a, b in SLUG_CLASHES]
)
def test_slug_clash_names_both_files(ws: Workspace, kind: str, first: str, second: str) -> None:
    fields = VALID if kind == "evidence" else ("title: T",)
    for name in (first, second):
        ws.write(f"content/{kind}/{name}.md", front(*fields))
    if len(list((ws.root / "content" / kind).rglob("*.md"))) != 2:
        pytest.skip("this file system already folds the two names into one")
    dossier, diags = ws.load()
    assert dossier is None, dump(diags)
    clashes = [d for d in diags.errors if "slug" in d.message]
    assert len(clashes) == 1, dump(diags)
    named = f"{clashes[0].path} {clashes[0].message}"
    for name in (first, second):
        assert f"content/{kind}/{name}.md" in named, clashes[0].format()


ATTACHMENT_CLASHES = [
    ("Readout.pdf", "readout.pdf"),
    (f"{NFC}.pdf", f"{NFD}.pdf"),
    ("Deck/a.pdf", "deck/a.pdf"),
]


@pytest.mark.parametrize(
    ("first", "second"), ATTACHMENT_CLASHES, ids=[f"{a}|{b}" for a, b in ATTACHMENT_CLASHES]
)
def test_attachments_that_would_overwrite_each_other(
    ws: Workspace, first: str, second: str
) -> None:
    """Two attachments whose names differ only by case or normalisation are copied to the
    same file of the site on macOS or Windows, one silently replacing the other. Found:
    no error; both are copied (on Linux) and the build succeeds."""
    ws.write(f"content/files/{first}", b"first\n")
    ws.write(f"content/files/{second}", b"second\n")
    if len([p for p in (ws.root / "content/files").rglob("*") if p.is_file()]) != 2:
        pytest.skip("this file system already folds the two names into one")
    ws.write(f"{EV}/x.md", front(*VALID, body=f"[[files/{first}]] and [[files/{second}]]\n"))
    _, diags = ws.load()
    errors = [
        d
        for d in diags.errors
        if first in f"{d.path} {d.message}" and second in f"{d.path} {d.message}"
    ]
    assert errors, f"no error for files/{first} and files/{second}:\n{dump(diags)}"


def test_competency_ids_that_differ_only_by_case(ws: Workspace) -> None:
    """Competency ids name site files (competencies/<id>.html, charts/...-<id>.svg), so
    `Design` and `design` overwrite each other on macOS or Windows. Found: accepted."""
    framework = MINI_FRAMEWORK.replace(
        "  - id: people\n", "  - id: Design\n    title: Design again\n  - id: people\n"
    )
    ws.write("content/framework.yaml", framework)
    ws.write(f"{EV}/x.md", front(*VALID))
    dossier, diags = ws.load()
    found = [
        d for d in diags.errors if d.path == "content/framework.yaml" and "Design" in d.message
    ]
    assert dossier is None and found, f"`Design` and `design` accepted:\n{dump(diags)}"


# -- refused builds write nothing --------------------------------------------------------------
def make_error(ws: Workspace, outside: Path, kind: str) -> None:
    if kind == "slug clash":
        ws.write(f"{EV}/Foo.md", front(*VALID))
        ws.write(f"{EV}/foo.md", front(*VALID))
    elif kind == "nfc/nfd clash":
        ws.write(f"{EV}/{NFC}.md", front(*VALID))
        ws.write(f"{EV}/{NFD}.md", front(*VALID))
    elif kind == "symlink":
        os.symlink(outside / "evidence.md", ws.root / EV / "linked.md")
    elif kind == "link":
        ws.write(f"{EV}/bad.md", front(*VALID, body="[x](../../../etc/passwd)\n"))
    elif kind == "alias bomb":
        ws.write(f"{EV}/bomb.md", front(*VALID, f"metrics: {billion_laughs()}"))
    elif kind == "python tag":
        ws.write(f"{EV}/tag.md", front(*VALID, "impact: !!python/name:os.system ''"))


ERRORS = ["slug clash", "nfc/nfd clash", "symlink", "link", "alias bomb", "python tag"]


@pytest.mark.parametrize("kind", ERRORS)
def test_refused_build_writes_nothing(ws: Workspace, outside: Path, kind: str) -> None:
    ws.write(f"{EV}/ok.md", front(*VALID))
    make_error(ws, outside, kind)
    before = snapshot(ws.root)
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and CANARY not in result.output
    assert not (ws.root / "site").exists()
    assert sorted(p.name for p in ws.root.iterdir()) == ["content", "dossier.yaml"]
    assert snapshot(ws.root) == before


@pytest.mark.parametrize("kind", ERRORS)
def test_refused_build_keeps_the_previous_site(ws: Workspace, outside: Path, kind: str) -> None:
    ws.write(f"{EV}/ok.md", front(*VALID))
    first = run("build", "-C", str(ws.root), "--as-of", AS_OF, "--all-audiences")
    assert first.exit_code == 0, first.output
    site = snapshot(ws.root / "site")
    make_error(ws, outside, kind)
    result = run("build", "-C", str(ws.root), "--as-of", AS_OF, "--all-audiences")
    assert result.exit_code == 1, result.output
    assert snapshot(ws.root / "site") == site
    leftovers = sorted(p.name for p in ws.root.iterdir() if p.name not in ("content", "site"))
    assert leftovers == ["dossier.yaml"]
