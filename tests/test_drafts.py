"""Drafts (SPEC section 2 `draft`, `source`; section 8 "Drafts and imports"): what a draft
may lack, where it counts (nowhere), who sees it (the author, apart), `dossier check`'s
count, `dossier note` and `dossier publish`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import Workspace

from dossier.cli import cli
from dossier.render.context import Provenance

AS_OF = date(2026, 6, 30)
NOON = "1773489600"  # SOURCE_DATE_EPOCH of 2026-03-14 12:00 UTC
EV = "content/evidence"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def two_pieces(ws: Workspace) -> Workspace:
    ws.evidence(
        "2026-01-20-cache", "Designed it.\n", date=date(2026, 1, 20), competencies=["design"]
    )
    ws.evidence("2026-04-02-review", "Reviewed.\n", date=date(2026, 4, 2), competencies=["design"])
    return ws


def a_draft(ws: Workspace, slug: str = "2026-05-04-api-week-19", **fields: object) -> Path:
    values: dict[str, object] = {
        "title": "Retry webhooks on failure",
        "date": date(2026, 5, 4),
        "draft": True,
        "source": ["git:api@" + "a" * 40],
    }
    values.update(fields)
    return ws.evidence(slug, "- `aaaaaaa` Retry webhook calls\n", **values)


# -- the model --------------------------------------------------------------------------------
def test_a_draft_may_lack_competencies_impact_and_from(ws: Workspace) -> None:
    a_draft(ws)
    a_draft(ws, "2026-05-05-praise", title="Praise from Sam", type="feedback", competencies=[])
    dossier, diags = ws.load()
    assert dossier is not None, [d.format() for d in diags.items]
    assert diags.items == []
    assert [d.slug for d in dossier.drafts] == ["2026-05-04-api-week-19", "2026-05-05-praise"]
    assert dossier.evidence == ()


def test_a_draft_is_still_checked(ws: Workspace) -> None:
    a_draft(ws, competencies=["desing"])
    ws.evidence("2026-05-04-api-week-19x", draft="yes", date=date(2026, 5, 4))
    ws.write(f"{EV}/2026-05-06-broken.md", "---\ntitle: [unclosed\ndraft: true\n---\n")
    dossier, diags = ws.load()
    messages = [d.format() for d in diags.errors]
    assert dossier is None
    assert any("unknown competency 'desing' (did you mean 'design'?)" in m for m in messages)
    assert any("'draft' must be true or false" in m for m in messages)
    assert any("2026-05-06-broken.md" in m for m in messages)


def test_a_draft_and_a_piece_cannot_share_a_slug(ws: Workspace) -> None:
    a_draft(ws, "2026-05-04-launch")
    ws.write(
        f"{EV}/sub/2026-05-04-Launch.md",
        "---\ntitle: Launch\ndate: 2026-05-04\ncompetencies: [design]\n---\n",
    )
    dossier, diags = ws.load()
    assert dossier is None
    assert any("slug '2026-05-04-launch'" in d.message for d in diags.errors)


def test_drafts_count_in_no_analysis(ws: Workspace) -> None:
    two_pieces(ws)
    before = ws.report(AS_OF)
    a_draft(ws, competencies=["design", "delivery"], level="staff")
    after = ws.report(AS_OF)
    assert after == before
    assert [c.status for c in after.competencies if c.id == "delivery"] == ["gap"]


def test_only_the_self_view_holds_drafts(ws: Workspace) -> None:
    a_draft(ws)
    dossier = ws.dossier()
    assert len(dossier.for_audience("self").drafts) == 1
    for audience in ("manager", "sponsor", "public"):
        assert dossier.for_audience(audience).drafts == ()


def test_sources_are_shown_to_self_and_manager_only(ws: Workspace) -> None:
    ws.evidence(
        "2026-05-04-retry",
        date=date(2026, 5, 4),
        competencies=["delivery"],
        source="https://github.com/acme/api/pull/12",
        visibility="public",
    )
    dossier = ws.dossier()
    seen = {a: dossier.for_audience(a).evidence[0].sources for a in dossier.config.audiences}
    pull = ("https://github.com/acme/api/pull/12",)
    assert seen == {"self": pull, "manager": pull, "sponsor": (), "public": ()}


def test_imported_evidence_is_recorded_at_the_date_of_its_work(ws: Workspace) -> None:
    ws.evidence(
        "2026-01-05-old-pr",
        date=date(2026, 1, 5),
        competencies=["design"],
        source="git:api@" + "b" * 40,
    )
    ws.evidence("2026-01-05-by-hand", date=date(2026, 1, 5), competencies=["design"])
    imported, by_hand = sorted(ws.dossier().evidence, key=lambda e: e.slug)[::-1]
    committed = date(2026, 6, 1)  # months after the work, for both
    provenance = Provenance({imported.path: committed, by_hand.path: committed})
    assert provenance.recorded_later(by_hand)
    assert not provenance.recorded_later(imported)
    assert provenance.recorded_on(imported) == date(2026, 1, 5)


def test_imported_evidence_committed_later_is_not_news_since_a_date(ws: Workspace) -> None:
    from dossier.analysis.changes import changes_since
    from dossier.analysis.gaps import analyse

    ws.evidence(
        "2026-01-05-old-pr",
        date=date(2026, 1, 5),
        competencies=["design"],
        source="git:api@" + "b" * 40,
    )
    ws.evidence("2026-01-05-by-hand", date=date(2026, 1, 5), competencies=["design"])
    view = ws.dossier().for_audience("self")
    committed = {e.path: date(2026, 6, 1) for e in view.evidence}  # both months later
    changes = changes_since(view, analyse(view, AS_OF), date(2026, 3, 1), committed)
    assert changes.recorded_since == ("2026-01-05-by-hand",)


# -- what the author sees -----------------------------------------------------------------------
def test_check_ends_with_the_drafts_to_review(ws: Workspace) -> None:
    two_pieces(ws)
    a_draft(ws)
    a_draft(ws, "2026-05-11-pr-14", title="Speed up the pipeline", competencies=["delivery"])
    result = run("check", "-C", str(ws.root))
    assert result.exit_code == 0, result.output
    assert "ok: 2 evidence" in result.output
    assert "2 drafts to review" in result.output
    assert f"{EV}/2026-05-11-pr-14.md  Speed up the pipeline" in result.output
    assert "hint: 1 has no competencies yet" in result.output
    strict = run("check", "-C", str(ws.root), "--strict")
    assert strict.exit_code == 0, "waiting drafts are no warning"


def test_no_drafts_no_line(ws: Workspace) -> None:
    two_pieces(ws)
    result = run("check", "-C", str(ws.root))
    assert "to review" not in result.output


def test_the_self_overview_lists_drafts_apart(ws: Workspace, tmp_path: Path) -> None:
    two_pieces(ws)
    a_draft(ws, competencies=["delivery"])
    out = tmp_path / "site"
    result = run("build", "-C", str(ws.root), "-a", "self", "-o", str(out), "--as-of", str(AS_OF))
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    review = index[index.index('id="to-review"') :]
    assert "Retry webhooks on failure" in review
    assert f"{EV}/2026-05-04-api-week-19.md" in review
    assert "api, commit aaaaaaa" in review
    assert "1 draft to review" in index
    assert "Retry webhooks on failure" not in index[: index.index('id="to-review"')]
    assert not (out / "evidence/2026-05-04-api-week-19.html").exists()


def test_the_evidence_page_says_where_it_came_from(ws: Workspace, tmp_path: Path) -> None:
    ws.evidence(
        "2026-05-04-retry",
        date=date(2026, 5, 4),
        competencies=["delivery"],
        source=["git:api@" + "c" * 40, "https://github.com/acme/api/pull/12"],
        visibility="public",
    )
    pages = {}
    for audience in ("manager", "sponsor"):
        out = tmp_path / audience
        result = run(
            "build", "-C", str(ws.root), "-a", audience, "-o", str(out), "--as-of", str(AS_OF)
        )
        assert result.exit_code == 0, result.output
        pages[audience] = (out / "evidence/2026-05-04-retry.html").read_text("utf-8")
        pages[f"{audience} json"] = (out / "dossier.json").read_text("utf-8")
    assert "Imported from" in pages["manager"]
    assert '<a href="https://github.com/acme/api/pull/12">' in pages["manager"]
    assert "api, commit ccccccc" in pages["manager"]
    assert "Imported from" not in pages["sponsor"]
    assert "pull/12" not in pages["sponsor"] and "ccccccc" not in pages["sponsor"]
    assert '"source":["git:api@ccc' in pages["manager json"]
    assert '"source":[]' in pages["sponsor json"] and "pull/12" not in pages["sponsor json"]


# -- dossier note -------------------------------------------------------------------------------
def note(ws: Workspace, *args: str) -> Result:
    return run("note", *args, "-C", str(ws.root), env={"SOURCE_DATE_EPOCH": NOON})


def test_a_note_starts_todays_draft_then_adds_to_it(ws: Workspace) -> None:
    first = note(ws, "Talked", "to", "Sam about the migration")
    assert first.exit_code == 0, first.output
    rel = f"{EV}/2026-03-14-notes.md"
    assert first.output.strip().endswith(rel)
    second = note(ws, "Sam: the plan [[unblocked]] <b>payments</b>", "-c", "delivery")
    assert second.exit_code == 0, second.output
    text = (ws.root / rel).read_text("utf-8")
    assert "draft: true" in text
    assert "title: Notes of 14 March 2026" in text
    assert "competencies: [delivery]" in text
    assert text.endswith(
        "- 12:00 Talked to Sam about the migration\n"
        "- 12:00 Sam: the plan \\[\\[unblocked\\]\\] \\<b\\>payments\\</b\\>\n"
    )
    assert run("check", "-C", str(ws.root)).exit_code == 0
    third = note(ws, "more", "-c", "design")
    assert third.exit_code == 0
    assert "competencies: [delivery, design]" in (ws.root / rel).read_text("utf-8")


def test_a_note_never_goes_into_a_published_piece(ws: Workspace) -> None:
    assert note(ws, "first").exit_code == 0
    published = (ws.root / EV / "2026-03-14-notes.md").read_text("utf-8")
    published = published.replace("draft: true", "").replace(
        "competencies: []", "competencies: [design]"
    )
    (ws.root / EV / "2026-03-14-notes.md").write_text(published, "utf-8")
    again = note(ws, "second")
    assert again.exit_code == 0, again.output
    assert again.output.strip().endswith(f"{EV}/2026-03-14-notes-2.md")
    assert (ws.root / EV / "2026-03-14-notes.md").read_text("utf-8") == published
    assert "- 12:00 second" in (ws.root / EV / "2026-03-14-notes-2.md").read_text("utf-8")


def test_note_refuses_unknown_competencies_and_empty_notes(ws: Workspace) -> None:
    bad = note(ws, "x", "-c", "desing")
    assert bad.exit_code == 2
    assert "did you mean 'design'" in bad.output
    empty = note(ws, " ", "#!")
    assert empty.exit_code == 2
    assert not (ws.root / EV).exists()


# -- dossier publish ----------------------------------------------------------------------------
def publish(ws: Workspace, *args: str) -> Result:
    return run("publish", *args, "-C", str(ws.root))


def test_publish_takes_out_the_draft_line_and_keeps_the_rest(ws: Workspace) -> None:
    two_pieces(ws)
    path = a_draft(ws)
    text = path.read_text("utf-8").replace("title:", "# my own comment\ntitle:")
    path.write_text(text, "utf-8")
    refused = publish(ws, str(path))
    assert refused.exit_code == 1
    assert "would not pass check" in refused.output and "-c ID" in refused.output
    assert path.read_text("utf-8") == text
    done = publish(ws, str(path), "-c", "delivery", "--visibility", "sponsor")
    assert done.exit_code == 0, done.output
    assert "slug 2026-05-04-api-week-19" in done.output
    after = path.read_text("utf-8")
    # the draft line out, competencies and visibility in: every other line as it was
    kept = [line for line in text.split("\n") if line != "draft: true"]
    added = [line for line in after.split("\n") if line not in kept]
    assert added == ["competencies: [delivery]", "visibility: sponsor"]
    assert [line for line in after.split("\n") if line not in added] == kept
    assert "draft" not in after and "# my own comment\n" in after
    assert after.endswith("---\n- `aaaaaaa` Retry webhook calls\n")
    dossier = ws.dossier()
    (piece,) = [e for e in dossier.evidence if e.slug == "2026-05-04-api-week-19"]
    assert piece.competencies == ("delivery",) and piece.visibility == "sponsor"
    assert piece.sources == ("git:api@" + "a" * 40,)
    report = ws.report(AS_OF)
    assert "2026-05-04-api-week-19" in [s for c in report.competencies for s in c.evidence]


def test_publish_refuses_what_is_not_a_draft(ws: Workspace, tmp_path: Path) -> None:
    two_pieces(ws)
    piece = ws.root / EV / "2026-01-20-cache.md"
    before = piece.read_bytes()
    result = publish(ws, str(piece))
    assert result.exit_code == 1 and "is not a draft" in result.output
    assert piece.read_bytes() == before
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: x\ndraft: true\n---\n", "utf-8")
    assert "outside the workspace" in publish(ws, str(outside)).output
    assert "no such file" in publish(ws, "content/evidence/nope.md").output
    goal = ws.goal("g", due=date(2026, 9, 1))
    assert "is not an evidence file" in publish(ws, str(goal)).output


def test_publish_by_workspace_path(ws: Workspace) -> None:
    a_draft(ws, competencies=["design"])
    result = publish(ws, f"{EV}/2026-05-04-api-week-19.md")
    assert result.exit_code == 0, result.output
    assert ws.dossier().drafts == ()


@pytest.mark.parametrize("value", ["design", "[design]", "\n  - design"])
def test_publish_adds_competencies_to_any_layout(ws: Workspace, value: str) -> None:
    path = ws.write(
        f"{EV}/2026-05-04-x.md",
        f"---\ntitle: X marks\ndate: 2026-05-04\ndraft: true\ncompetencies: {value}\n---\nBody.\n",
    )
    result = publish(ws, str(path), "-c", "delivery")
    assert result.exit_code == 0, result.output
    (piece,) = ws.dossier().evidence
    assert piece.competencies == ("design", "delivery")


@pytest.mark.parametrize("audience", ["self", "manager"])
def test_no_packet_holds_a_draft(ws: Workspace, tmp_path: Path, audience: str) -> None:
    two_pieces(ws)
    a_draft(ws, competencies=["design"], type="feedback")
    out = tmp_path / f"packet-{audience}.md"
    args = ["export", "-C", str(ws.root), "-a", audience, "--format", "md", "-o", str(out)]
    result = run(*args, "--as-of", str(AS_OF))
    assert result.exit_code == 0, result.output
    packet = out.read_text("utf-8")
    assert "Ada" in packet and "2026 01 20 cache" in packet  # the case is there...
    for canary in ("Retry webhooks on failure", "2026-05-04-api-week-19", "aaaaaaa"):
        assert canary not in packet  # ...and no draft
