"""Sealed sites and one-file sites (SPEC 6 "Sealed sites" and "One file", SPEC 8 "Sealed
sites" and "Workspace identity"), without a browser: what a host can read of a sealed
build (nothing of the dossier, file names included), that the ciphertext opens with the
key of the printed link into the audience's pages, determinism, keys and their files,
and every combination of options that is refused.

The ciphertext is opened here with the `cryptography` library directly, following the
format the page's script reads (the browser tests open it with Web Crypto)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from test_privacy import (
    assert_no_hidden_canary,
    assert_visible_canaries,
    scan_tree,
    write_canary_workspace,
)

from dossier.api import Workspace
from dossier.cli import cli

AS_OF = "2026-11-22"
LABEL = b"dossier seal 1"
HAS_GIT = shutil.which("git") is not None


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Nothing from the developer's shell; keys in a config folder of the test's own."""
    for name in list(os.environ):
        if name.startswith(("DOSSIER_", "GIT_")):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    yield


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy2(REPO / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def build(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["-C", str(root), "build", "--as-of", AS_OF, *args], input=input, prog_name="dossier"
    )


def sealed(root: Path, out: Path, *args: str, audience: str = "sponsor") -> str:
    """Seal `audience`'s site into out; the link printed last."""
    result = build(root, "--audience", audience, "--seal", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()[-1]


def link_key(link: str) -> bytes:
    fragment = link.partition("#")[2]
    assert fragment.startswith("k="), link
    text = fragment[2:]
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, and every folder's name (as 'name/': b'')."""
    return {
        p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""): (
            b"" if p.is_dir() else p.read_bytes()
        )
        for p in folder.rglob("*")
    }


def subkey(key: bytes, use: str) -> bytes:
    return hmac.new(key, LABEL + b": " + use.encode(), hashlib.sha256).digest()


def open_payload(payload: str, key: bytes) -> tuple[dict[str, str], bytes]:
    raw = base64.b64decode(payload)
    plain = AESGCM(subkey(key, "content")).decrypt(raw[:12], raw[12:], LABEL)
    header, _, body = plain.partition(b"\n")
    return json.loads(header), body


def payload_of(shell: bytes) -> str:
    found = re.search(rb'id="seal-data">([^<]*)</script>', shell)
    assert found is not None, shell[:200]
    return found.group(1).decode()


def opened_site(folder: Path, key: bytes) -> dict[str, tuple[dict[str, str], bytes]]:
    """Every sealed file of the folder, opened: name -> (header, page or file bytes)."""
    return {
        name: open_payload(payload_of(data), key)
        for name, data in read_tree(folder).items()
        if name.endswith(".html")
    }


# -- what the example's texts are: the canaries of a sealed build ---------------------------
def example_texts(root: Path, audience: str) -> list[str]:
    """Every title, slug, person and body sentence the audience's site shows."""
    view = Workspace(root, cache=False).load().for_audience(audience)
    texts = [view.config.title, view.config.person.name]
    texts += [p.name for p in view.config.people]
    for item in [*view.evidence, *view.goals, *view.pages]:
        texts += [item.title, item.slug]
        texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+", item.body) if len(s) > 30]
    texts += [c.title for c in view.framework.competencies]
    return [t for t in texts if t.strip()]


def in_clear(tree: dict[str, bytes], texts: list[str]) -> list[str]:
    """The texts found in any file's bytes or name (case-insensitive)."""
    haystacks = [(name + "\n" + data.decode("latin-1")).casefold() for name, data in tree.items()]
    return [t for t in texts if any(t.casefold() in h for h in haystacks)]


def test_a_sealed_build_holds_nothing_of_the_dossier_in_clear(
    example: Path, tmp_path: Path
) -> None:
    texts = example_texts(example, "sponsor")
    assert len(texts) > 60, texts
    plain = tmp_path / "plain"
    assert build(example, "--audience", "sponsor", "-o", str(plain)).exit_code == 0
    found_plain = in_clear(read_tree(plain), texts)
    assert len(found_plain) > len(texts) // 2, "the canaries must be findable in a plain build"
    link = sealed(example, tmp_path / "sealed")
    tree = read_tree(tmp_path / "sealed")
    assert in_clear(tree, texts) == []
    assert "index.html" in tree and all(
        re.fullmatch(r"[0-9a-f]{32}\.html|index\.html|\.dossier-site", name) for name in tree
    ), sorted(tree)
    opened = opened_site(tmp_path / "sealed", link_key(link))
    pages = b"\n".join(body for header, body in opened.values() if header["kind"] == "page")
    loaded = Workspace(example, cache=False).load()
    slugs = {item.slug for item in (*loaded.evidence, *loaded.pages)}  # file names only
    assert set(found_plain) - slugs <= set(in_clear({"pages": pages}, texts))


def test_sealed_pages_are_the_sites_pages_with_styles_inside(example: Path, tmp_path: Path) -> None:
    link = sealed(example, tmp_path / "sealed")
    opened = opened_site(tmp_path / "sealed", link_key(link))
    kinds = sorted(header["kind"] for header, _ in opened.values())
    files = [header for header, _ in opened.values() if header["kind"] == "file"]
    assert {"name": "launch-readout.pdf", "type": "application/pdf", "kind": "file"} in files
    plain = tmp_path / "plain"
    assert build(example, "--audience", "sponsor", "-o", str(plain)).exit_code == 0
    plain_pages = [p for p in read_tree(plain) if p.endswith(".html")]
    assert kinds.count("page") == len(plain_pages)
    index = opened["index.html"][1].decode()
    assert "<title>Brief · Promotion case: Alex Rivera</title>" in index  # a sponsor's
    assert "<style>" in index and "static/style.css" not in index
    assert not re.search(r'(href|src)="[^"#:]*\.(css|json|ics)"', index)
    for _, body in opened.values():
        assert not re.search(rb'href="[^"]*(plan\.ics|dossier\.json)', body)


def test_same_key_same_bytes_and_a_new_key_changes_every_name(
    example: Path, tmp_path: Path
) -> None:
    first = sealed(example, tmp_path / "one")
    second = sealed(example, tmp_path / "two")
    assert first.partition("#")[2] == second.partition("#")[2]
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")
    renewed = sealed(example, tmp_path / "three", "--new-key")
    assert renewed.partition("#")[2] != first.partition("#")[2]
    old, new = set(read_tree(tmp_path / "one")), set(read_tree(tmp_path / "three"))
    assert old & new == {"index.html", ".dossier-site"}


def test_a_given_key_seals_the_same_bytes_on_another_machine(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = sealed(example, tmp_path / "here")
    shown = CliRunner().invoke(cli, ["-C", str(example), "key", "show", "-a", "sponsor"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.strip() == link.partition("#k=")[2]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("DOSSIER_SEAL_KEY", shown.stdout.strip())
    assert sealed(example, tmp_path / "there") == link.replace("/here/", "/there/")
    assert read_tree(tmp_path / "here") == read_tree(tmp_path / "there")
    assert not (tmp_path / "elsewhere").exists()  # a given key is not stored


def test_the_link_is_the_last_line_and_uses_base_url(example: Path, tmp_path: Path) -> None:
    link = sealed(example, tmp_path / "out")
    assert link.startswith((tmp_path / "out" / "index.html").as_uri() + "#k=")
    assert len(link_key(link)) == 32
    config = (example / "dossier.yaml").read_text()
    config = config.replace(
        "base_url: null", "base_url: {sponsor: https://cases.example.org/alex/}"
    )
    (example / "dossier.yaml").write_text(config)
    link = sealed(example, tmp_path / "out")
    assert re.fullmatch(r"https://cases\.example\.org/alex/index\.html#k=[A-Za-z0-9_-]{43}", link)


def test_keys_are_kept_per_workspace_and_audience_mode_0600(example: Path, tmp_path: Path) -> None:
    sponsor = sealed(example, tmp_path / "s")
    public = sealed(example, tmp_path / "p", audience="public")
    assert link_key(sponsor) != link_key(public)
    files = sorted((tmp_path / "config" / "dossier" / "keys").rglob("*.key"))
    assert [f.name for f in files] == ["public.key", "sponsor.key"]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert not list(example.rglob("*.key")) and not list((tmp_path / "s").rglob("*.key"))
    moved = tmp_path / "moved"
    shutil.copytree(example, moved)  # the same workspace somewhere else keeps its keys
    assert sealed(moved, tmp_path / "s2").partition("#")[2] == sponsor.partition("#")[2]


def key_path(tmp_path: Path) -> Path:
    (found,) = (tmp_path / "config" / "dossier" / "keys").rglob("sponsor.key")
    return found


def test_a_key_file_others_can_read_is_refused_by_name(example: Path, tmp_path: Path) -> None:
    sealed(example, tmp_path / "out")
    path = key_path(tmp_path)
    path.chmod(0o644)
    result = build(example, "-a", "sponsor", "--seal", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert str(path) in result.output and "chmod 600" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", ["", "not json", '{"format": "dossier seal key 1"}', "{}"])
def test_a_damaged_key_file_is_refused_by_name(example: Path, tmp_path: Path, content: str) -> None:
    sealed(example, tmp_path / "out")
    before = read_tree(tmp_path / "out")
    path = key_path(tmp_path)
    path.write_text(content)
    result = build(example, "-a", "sponsor", "--seal", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert f"the seal key {path} is not a dossier seal key" in result.output
    assert "--new-key" in result.output
    assert read_tree(tmp_path / "out") == before  # nothing replaced


def test_a_malformed_given_key_is_an_error(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_SEAL_KEY", "abc")
    result = build(example, "-a", "sponsor", "--seal", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "DOSSIER_SEAL_KEY is not a seal key" in result.output


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["-a", "self", "--seal"], {}, "refusing to seal the private 'self' view"),
        (["--all-audiences", "--seal"], {}, "--all-audiences includes 'self'"),
        (["-a", "sponsor", "--seal", "--new-key", "--passphrase"], {}, "--new-key does not go"),
        (
            ["-a", "sponsor", "--seal", "--new-key"],
            {"DOSSIER_PASSPHRASE": "a long passphrase"},
            "--new-key does not go",
        ),
        (["--all-audiences", "--single-file", "x.html"], {}, "cannot take --all-audiences"),
        (["-a", "sponsor", "--seal", "--single-file", "x.html"], {}, "needs a passphrase"),
        (["-a", "sponsor", "--new-key"], {}, "only apply with --seal"),
        (["-a", "sponsor", "--single-file", "x.html", "-o", "x"], {}, "-o/--output is for a"),
        (["-a", "sponsor", "--passphrase"], {}, "only apply with --seal"),
        (
            ["-a", "sponsor", "--seal", "--new-key"],
            {"DOSSIER_SEAL_KEY": "x" * 43},
            "cannot replace the key DOSSIER_SEAL_KEY",
        ),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    folder = [] if "--single-file" in args else ["-o", str(tmp_path / "out")]
    result = build(example, *args, *folder)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "hint:" in result.output or "--seal" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "config").exists()


def test_a_default_audience_of_self_is_not_sealed(example: Path, tmp_path: Path) -> None:
    config = (example / "dossier.yaml").read_text()
    (example / "dossier.yaml").write_text(
        config.replace("default_audience: manager", "default_audience: self")
    )
    result = build(example, "--seal", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "refusing to seal the private 'self' view" in result.output and "hint:" in result.output
    assert not (tmp_path / "out").exists()


def test_passphrase_mode_prints_the_plain_link(example: Path, tmp_path: Path) -> None:
    result = build(
        example,
        "-a",
        "sponsor",
        "--seal",
        "--passphrase",
        "-o",
        str(tmp_path / "out"),
        input="tangerine rowboat quietly\ntangerine rowboat quietly\n",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == (tmp_path / "out" / "index.html").as_uri()
    assert "send the passphrase separately" in result.output
    assert "tangerine" not in result.output
    index = (tmp_path / "out" / "index.html").read_bytes()
    config = json.loads(re.search(rb'id="seal-config">([^<]*)<', index).group(1))  # type: ignore[union-attr]
    assert config["mode"] == "passphrase" and config["iterations"] >= 600_000
    salt = base64.urlsafe_b64decode(config["salt"] + "==")
    derived = hashlib.pbkdf2_hmac(
        "sha256", b"tangerine rowboat quietly", salt, config["iterations"]
    )
    header, body = open_payload(payload_of(index), derived)
    assert header == {"kind": "page"} and b"Alex Rivera" in body


def test_git_history_of_earlier_builds_is_warned_of(example: Path, tmp_path: Path) -> None:
    if not HAS_GIT:
        pytest.skip("git is not installed")
    repo = tmp_path / "pages"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    sealed(example, repo / "case")
    result = build(example, "-a", "sponsor", "--seal", "-o", str(repo / "case"))
    assert "git history" not in result.output
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "publish"], check=True)
    result = build(example, "-a", "sponsor", "--seal", "--new-key", "-o", str(repo / "case"))
    assert result.exit_code == 0, result.output
    assert "warning: git history holds earlier builds here" in result.output
    assert result.output.strip().splitlines()[-1].startswith((repo / "case").as_uri())
    before = read_tree(repo / "case")
    result = build(
        example, "-a", "sponsor", "--seal", "--new-key", "--strict", "-o", str(repo / "case")
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "git history holds earlier builds here" in result.output
    assert read_tree(repo / "case") == before  # --strict refuses before it writes


def test_one_file_site_holds_every_page(example: Path, tmp_path: Path) -> None:
    target = tmp_path / "case.html"
    result = build(example, "-a", "manager", "--single-file", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["case.html"]
    text = target.read_text()
    entries = json.loads(re.search(r'id="seal-data">([^<]*)</script>', text).group(1))  # type: ignore[union-attr]
    plain = tmp_path / "plain"
    assert build(example, "-a", "manager", "-o", str(plain)).exit_code == 0
    pages = {p for p in read_tree(plain) if p.endswith(".html")}
    assert pages <= set(entries)
    assert {"files/launch-readout.pdf", "static/style.css"} <= set(entries)
    page = base64.b64decode(entries["evidence/2025-09-30-wallets-launch.html"]).decode()
    assert 'href="#p=files/launch-readout.pdf"' not in page
    assert 'href="#f=files/launch-readout.pdf" data-seal="file"' in page
    assert '<style data-seal-style="static/style.css"></style>' in page
    again = build(example, "-a", "manager", "--single-file", str(target))
    assert again.exit_code == 0 and target.read_text() == text


def test_one_file_sealed_with_a_passphrase_hides_everything(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_PASSPHRASE", "ample lantern meadow")
    target = tmp_path / "sponsor.html"
    result = build(example, "-a", "sponsor", "--seal", "--single-file", str(target))
    assert result.exit_code == 0, result.output
    assert "send the passphrase separately" in result.output.lower()
    assert in_clear({target.name: target.read_bytes()}, example_texts(example, "sponsor")) == []
    first = target.read_bytes()
    assert build(example, "-a", "sponsor", "--seal", "--single-file", str(target)).exit_code == 0
    assert target.read_bytes() == first


def test_one_file_never_replaces_a_file_it_did_not_make(example: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my own notes</p>")
    result = build(example, "-a", "manager", "--single-file", str(mine))
    assert result.exit_code == 1 and "dossier did not make it" in result.output
    assert mine.read_text() == "<p>my own notes</p>"
    result = build(example, "-a", "manager", "--single-file", str(tmp_path / "case.txt"))
    assert result.exit_code == 1 and "must end in .html" in result.output
    inside = example / "content" / "case.html"
    result = build(example, "-a", "manager", "--single-file", str(inside))
    assert result.exit_code == 1 and not inside.exists()


def test_key_show_without_a_key_says_how_to_make_one(example: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(example), "key", "show", "-a", "sponsor"])
    assert result.exit_code == 1, result.output
    assert "no seal key for the sponsor audience" in result.output
    assert "--seal" in result.output
    result = CliRunner().invoke(cli, ["-C", str(example), "key", "show", "-a", "self"])
    assert result.exit_code == 2


def test_seal_keys_hang_on_the_workspace_id(example: Path, tmp_path: Path) -> None:
    config = (example / "dossier.yaml").read_text()
    (example / "dossier.yaml").write_text('id: "case-2026-alex"\n' + config)
    sealed(example, tmp_path / "out")
    assert key_path(tmp_path).parent.name == "case-2026-alex"
    (example / "dossier.yaml").write_text("id: 12\n" + config)
    result = build(example, "-a", "sponsor", "--seal", "-o", str(tmp_path / "out"))
    assert (
        result.exit_code == 1 and "dossier.yaml:1:5: error: invalid workspace id" in result.output
    )


# -- the privacy canaries, sealed ----------------------------------------------------------
@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_canaries_sealed(tmp_path: Path, audience: str) -> None:
    """The canary workspace of the privacy tests, sealed: no canary at all (hidden or
    visible) in any byte or file name; opened with the key, the pages and attachments
    hold every visible canary (but slugs) and no hidden one."""
    cw = write_canary_workspace(tmp_path / "canary")
    link = sealed(cw.root, tmp_path / "out", audience=audience)
    tree = read_tree(tmp_path / "out")
    scan = scan_tree(tree, cw.canaries.all)
    assert not [c for c, where in scan.found.items() if where], "canaries in clear"
    opened: dict[str, bytes] = {}
    for name, (header, body) in opened_site(tmp_path / "out", link_key(link)).items():
        opened[header.get("name", name)] = body
    assert_no_hidden_canary(opened, cw, audience)
    # Slugs and file names live in paths, which sealing replaces with opaque names.
    cw.canaries.all[:] = [c for c in cw.canaries.all if not c.what.startswith("slug/file")]
    assert_visible_canaries(opened, cw, audience)


@pytest.mark.parametrize("audience", ["manager", "sponsor", "public"])
def test_canaries_in_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str
) -> None:
    """The one-file site of each audience: every entry decoded holds no hidden canary and
    every visible one (but slugs); sealed with a passphrase, no canary at all in clear."""
    cw = write_canary_workspace(tmp_path / "canary")
    target = tmp_path / "one.html"
    assert build(cw.root, "-a", audience, "--single-file", str(target)).exit_code == 0
    table = json.loads(payload_of(target.read_bytes()))
    entries = {name: base64.b64decode(data) for name, data in table.items()}
    entries["(the shell)"] = re.sub(rb'id="seal-data">[^<]*<', b"", target.read_bytes())
    assert_no_hidden_canary(entries, cw, audience)
    cw.canaries.all[:] = [c for c in cw.canaries.all if not c.what.startswith("slug/file")]
    assert_visible_canaries(entries, cw, audience)
    monkeypatch.setenv("DOSSIER_PASSPHRASE", "ample lantern meadow")
    assert build(cw.root, "-a", audience, "--seal", "--single-file", str(target)).exit_code == 0
    scan = scan_tree({target.name: target.read_bytes()}, cw.canaries.all)
    assert not [c for c, where in scan.found.items() if where], "canaries in clear"
