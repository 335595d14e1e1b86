"""The JSON Schemas agree with the validator (`dossier check`), both ways.

Valid files (the example workspace, the built-in frameworks, variations the validator
accepts) pass the schema; each broken file is rejected by the schema AND reported as an
error by `dossier check`. The schemas are a subset of the validator: ids that must exist in
the framework, duplicates and cross-references are left to `dossier check`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI_FRAMEWORK, REPO, Workspace

from dossier.authoring.schema import SCHEMA_NAMES, load_schema
from dossier.build.load import load_dossier
from dossier.cli import cli
from dossier.errors import Diagnostics
from dossier.load.source import split_front_matter
from dossier.load.yamlsrc import load_yaml
from dossier.model import content as content_model
from dossier.model.config import DEFAULT_AUDIENCES

Data = dict[str, Any]
MISSING = object()  # a change that deletes the key
KIND_OF_FOLDER = {"evidence": "evidence", "goals": "goal", "pages": "page"}


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = load_schema(name)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def problems(name: str, data: Any) -> list[str]:
    return [error.message for error in validator(name).iter_errors(data)]


def read_as_dossier_does(path: Path) -> Any:
    """The value the project's own loader gives (dates stay text, as in an editor)."""
    text = path.read_text("utf-8")
    rel = path.name
    diags = Diagnostics()
    if path.suffix == ".md":
        document = split_front_matter(text, rel, diags)
        assert document is not None, diags.items
        return document.meta.value
    doc = load_yaml(text, rel, diags)
    assert doc is not None, diags.items
    return doc.value


# -- the schemas themselves -----------------------------------------------------------------
@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_a_valid_json_schema(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(load_schema(name))


def properties(name: str, *path: str) -> set[str]:
    node = load_schema(name)
    for key in path:
        node = node[key]
    return set(node["properties"])


@pytest.mark.parametrize("kind", ["config", "evidence", "goal", "page"])
def test_each_key_misspelt_is_refused_by_schema_and_check(ws: Workspace, kind: str) -> None:
    """Every key a generated schema lists is one `dossier check` knows: written one letter
    off, both refuse it, and check names the key it was meant to be."""
    keys = sorted(properties(kind))
    assert len(keys) >= 3
    for key in keys:
        wrong = f"{key}q"
        path = write_variant(ws, kind, {wrong: "x"})
        assert problems(kind, read_as_dossier_does(path)), wrong
        errors = check_errors(ws, FILES[kind])
        assert any(f"unknown key '{wrong}'" in e and f"'{key}'" in e for e in errors), errors
        write_variant(ws, kind, {wrong: MISSING})


@pytest.mark.parametrize("table", ["file", "levels", "groups", "competencies", "scoring"])
def test_each_framework_key_misspelt_is_refused_by_schema_and_check(
    ws: Workspace, table: str
) -> None:
    """The same for every table of the framework's generated schema."""
    node = load_schema("framework")
    if table != "file":
        node = node["properties"][table]
        node = node.get("items", node)
    keys = sorted(node["properties"])
    assert keys

    def misspell(wrong: str) -> Callable[[Data], None]:
        def change(fw: Data) -> None:
            if table == "file":
                fw[wrong] = "x"
            elif table == "scoring":
                fw["scoring"] = {"points": [1], wrong: "x"}
            else:
                fw[table][0][wrong] = "x"

        return change

    for key in keys:
        wrong = f"{key}q"
        path = write_variant(ws, "framework", misspell(wrong))
        assert problems("framework", read_as_dossier_does(path)), wrong
        errors = check_errors(ws, FILES["framework"])
        assert any(f"unknown key '{wrong}'" in e and f"'{key}'" in e for e in errors), errors


def test_schema_choices_are_the_validators_choices() -> None:
    evidence, goal = load_schema("evidence"), load_schema("goal")
    assert evidence["properties"]["type"]["enum"][:-1] == list(content_model.EVIDENCE_TYPES)
    assert goal["properties"]["status"]["enum"][:-1] == list(content_model.GOAL_STATUSES)
    for name in ("config", "evidence", "goal", "page"):
        audiences = load_schema(name)["definitions"]["audience"]["enum"]
        assert audiences == [*DEFAULT_AUDIENCES, None], name


# -- valid files pass -----------------------------------------------------------------------
def test_the_example_workspace_passes() -> None:
    assert problems("config", read_as_dossier_does(REPO / "dossier.yaml")) == []
    assert problems("framework", read_as_dossier_does(REPO / "content/framework.yaml")) == []
    documents = sorted((REPO / "content").rglob("*.md"))
    assert len(documents) > 20
    for path in documents:
        kind = KIND_OF_FOLDER[path.relative_to(REPO / "content").parts[0]]
        assert problems(kind, read_as_dossier_does(path)) == [], path


@pytest.mark.parametrize("name", ["product-management", "engineering", "engineering-points"])
def test_the_builtin_frameworks_pass(name: str) -> None:
    path = REPO / "dossier" / "frameworks" / f"{name}.yaml"
    assert problems("framework", read_as_dossier_does(path)) == []


@pytest.mark.parametrize("framework", ["product-management", "engineering", "engineering-points"])
def test_what_init_and_new_write_passes(tmp_path: Path, framework: str) -> None:
    runner = CliRunner()
    root = tmp_path / "ws"
    init = runner.invoke(cli, ["init", str(root), "--framework", framework, "--name", "Ada"])
    assert init.exit_code == 0, init.output
    some = "strategy" if framework == "product-management" else "delivery"
    for kind in ("evidence", "goal"):
        made = runner.invoke(cli, ["new", kind, f"A {kind}", "-c", some, "-C", str(root)])
        assert made.exit_code == 0, made.output
    assert problems("config", read_as_dossier_does(root / "dossier.yaml")) == []
    assert problems("framework", read_as_dossier_does(root / "content/framework.yaml")) == []
    for path in sorted((root / "content").rglob("*.md")):
        kind = KIND_OF_FOLDER[path.relative_to(root / "content").parts[0]]
        assert problems(kind, read_as_dossier_does(path)) == [], path


# -- fixtures: a change to one file of the conftest workspace -------------------------------
BASE_EVIDENCE: Data = {
    "title": "Designed the cache",
    "date": "2026-03-14",
    "competencies": ["design"],
    "type": "project",
}
BASE_GOAL: Data = {"title": "Lead a design review", "due": "2026-12-01", "competencies": ["design"]}
BASE_PAGE: Data = {"title": "Why now"}
FILES = {
    "config": "dossier.yaml",
    "framework": "content/framework.yaml",
    "evidence": "content/evidence/e.md",
    "goal": "content/goals/g.md",
    "page": "content/pages/p.md",
}


def changed(base: Data, change: Data) -> Data:
    data = copy.deepcopy(base)
    for key, value in change.items():
        if value is MISSING:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_variant(ws: Workspace, kind: str, change: Data | Callable[[Data], None]) -> Path:
    """Write the workspace with one file changed; the path of that file."""
    if kind == "framework":
        data = yaml.safe_load(MINI_FRAMEWORK)
        assert callable(change)
        change(data)
        ws.write(FILES[kind], yaml.safe_dump(data, sort_keys=False))
    elif kind == "config":
        assert isinstance(change, dict)
        ws.config_data = changed(ws.config_data, change)
        ws.write_config()
    else:
        assert isinstance(change, dict)
        base = {"evidence": BASE_EVIDENCE, "goal": BASE_GOAL, "page": BASE_PAGE}[kind]
        front = yaml.safe_dump(changed(base, change), sort_keys=False, allow_unicode=True)
        ws.write(FILES[kind], f"---\n{front}---\nBody.\n")
    return ws.root / FILES[kind]


def check_errors(ws: Workspace, rel: str) -> list[str]:
    diags = Diagnostics()
    load_dossier(ws.root, diags)
    return [d.format() for d in diags.errors if d.path == rel]


def level(index: int, **fields: Any) -> Callable[[Data], None]:
    return lambda fw: fw["levels"][index].update(fields)


def competency(index: int, **fields: Any) -> Callable[[Data], None]:
    return lambda fw: fw["competencies"][index].update(fields)


def top(**fields: Any) -> Callable[[Data], None]:
    def change(fw: Data) -> None:
        for key, value in fields.items():
            if value is MISSING:
                fw.pop(key)
            else:
                fw[key] = value

    return change


def drop_level_id(fw: Data) -> None:
    del fw["levels"][0]["id"]


def ranked(*ranks: Any) -> Callable[[Data], None]:
    def change(fw: Data) -> None:
        for item, rank in zip(fw["levels"], ranks, strict=False):
            item["rank"] = rank

    return change


def scaled(**fields: Any) -> Callable[[Data], None]:
    """The conftest framework with a scale, and `design` judged on it."""

    def change(fw: Data) -> None:
        fw["scales"] = {"proficiency": ["adopts", "specializes", "masters"]}
        fw["competencies"][0] = {"id": "design", "scale": "proficiency", **fields}

    return change


def points(fw: Data) -> None:
    scaled(expectations={"staff": "specializes"})(fw)
    fw["scoring"] = {"points": [1, 3, 6]}
    fw["levels"][2]["points"] = 4
    fw["levels"][4]["meta"] = {"titles": ["Principal Engineer", "Architect"]}


BROKEN: list[tuple[str, str, Any]] = [
    # dossier.yaml
    ("config", "unknown key", {"titel": "Case"}),
    ("config", "missing person", {"person": MISSING}),
    ("config", "missing current_level", {"current_level": MISSING}),
    ("config", "missing target_level", {"target_level": None}),
    ("config", "person without a name", {"person": {"role": "Senior Engineer"}}),
    ("config", "unknown key in person", {"person": {"name": "Ada", "email": "a@x"}}),
    ("config", "person is text", {"person": "Ada"}),
    ("config", "level is a list", {"current_level": ["ic2"]}),
    ("config", "level is not an id", {"target_level": "staff engineer"}),
    ("config", "bad cycle date", {"cycle": "2027-02-30"}),
    ("config", "cycle in words", {"cycle": "next spring"}),
    ("config", "cycle without zero padding", {"cycle": "2027-3-1"}),
    ("config", "person in people is text", {"people": ["Sam"]}),
    ("config", "person without name", {"people": [{"role": "VP"}]}),
    ("config", "unknown visibility", {"people": [{"name": "Sam", "visibility": "boss"}]}),
    ("config", "unknown analysis key", {"analysis": {"min_evidnce": 2}}),
    ("config", "min_evidence zero", {"analysis": {"min_evidence": 0}}),
    ("config", "min_types too high", {"analysis": {"min_types": 9}}),
    ("config", "min_periods as text", {"analysis": {"min_periods": "two"}}),
    ("config", "not_required without reason", {"not_required": {"design": ""}}),
    ("config", "not_required reason a number", {"not_required": {"design": 3}}),
    ("config", "check_ins without every_weeks", {"check_ins": {"with": "Jo"}}),
    ("config", "check_ins too rare", {"check_ins": {"every_weeks": 60}}),
    ("config", "check_ins without from", {"check_ins": {"every_weeks": 4, "with": "Jo"}}),
    ("config", "workspace id too short", {"id": "abc"}),
    ("config", "workspace id a number", {"id": 12345678}),
    ("config", "audiences without self", {"audiences": ["manager", "sponsor"]}),
    ("config", "audiences repeated", {"audiences": ["self", "self"]}),
    ("config", "audiences empty", {"audiences": []}),
    ("config", "unknown default_audience", {"default_audience": "boss"}),
    ("config", "site theme not an id", {"site": {"theme": "my theme"}}),
    ("config", "site noindex as text", {"site": {"noindex": "yes"}}),
    ("config", "unknown site key", {"site": {"colour": "blue"}}),
    ("config", "site.show a list", {"site": {"show": ["status"]}}),
    ("config", "site.show unknown audience", {"site": {"show": {"sponsr": ["status"]}}}),
    ("config", "site.show unknown section", {"site": {"show": {"sponsor": ["stauts"]}}}),
    ("config", "site.show sections a mapping", {"site": {"show": {"sponsor": {"status": 1}}}}),
    ("config", "title is a mapping", {"title": {"a": 1}}),
    ("config", "unknown sources key", {"sources": {"gti": ["../api"]}}),
    ("config", "sources.git a mapping", {"sources": {"git": {"api": 1}}}),
    ("config", "an empty repository path", {"sources": {"git": ["../api", ""]}}),
    # the framework
    ("framework", "unknown top-level key", top(levles=[])),
    ("framework", "missing levels", top(levels=MISSING)),
    ("framework", "no levels", top(levels=[])),
    ("framework", "missing competencies", top(competencies=MISSING)),
    ("framework", "cumulative as text", top(cumulative="yes")),
    ("framework", "meta is a list", top(meta=["x"])),
    ("framework", "level is text", top(levels=["ic1"])),
    ("framework", "level without id", drop_level_id),
    ("framework", "unknown key in level", level(0, rnak=1)),
    ("framework", "level id not an id", level(0, id="ic 1")),
    ("framework", "track is a list", level(2, track=["ic"])),
    ("framework", "groups item is text", top(groups=["craft"])),
    ("framework", "unknown key in competency", competency(0, weight=2)),
    ("framework", "min_evidence zero", competency(0, min_evidence=0)),
    ("framework", "expectations is a list", competency(0, expectations=["Designs."])),
    ("framework", "expectations for a level is a number", competency(0, expectations={"ic2": 5})),
    ("framework", "expectation is a number", competency(0, expectations={"ic2": [5]})),
    ("framework", "expectation without text", competency(0, expectations={"ic2": [{"id": "x"}]})),
    (
        "framework",
        "unknown key in expectation",
        competency(0, expectations={"ic2": [{"text": "t", "level": "ic2"}]}),
    ),
    ("framework", "empty expectation", competency(0, expectations={"ic2": ["  "]})),
    ("framework", "rank as text", ranked(1, 2, "3", 3, 4)),
    ("framework", "ranks on some levels only", level(0, rank=1)),
    ("framework", "points without scoring", level(2, points=5)),
    ("framework", "a scale repeating a step", top(scales={"p": ["a", "b", "a"]})),
    ("framework", "step names as numbers", top(scales={"p": [1, 2]})),
    ("framework", "a scale as text", top(scales={"p": "a"})),
    ("framework", "an empty scale", top(scales={"p": []})),
    ("framework", "scoring without points", top(scoring={})),
    ("framework", "negative points", top(scoring={"points": [-1]})),
    ("framework", "unknown key in scoring", top(scoring={"points": [1], "bonus": 2})),
    ("framework", "points as text", top(scoring={"points": "1, 3"})),
    ("framework", "a level's points as text", lambda fw: (points(fw), level(2, points="four")(fw))),
    (
        "framework",
        "a ref with text",
        competency(0, expectations={"ic2": [{"ref": "x", "text": "t"}]}),
    ),
    ("framework", "cumulative as text on a competency", competency(0, cumulative="yes")),
    ("framework", "steps as a list", scaled(steps=["adopts"])),
    ("framework", "a step text as a list", scaled(steps={"adopts": ["x"]})),
    ("framework", "a scale that is not an id", scaled(scale="my scale")),
    # evidence
    ("evidence", "unknown key", {"impcat": "x"}),
    ("evidence", "quote on a project", {"type": "project", "quote": "Well done."}),
    ("evidence", "quote without a type", {"quote": "Well done."}),
    ("evidence", "quote a list", {"type": "feedback", "from": "Sam", "quote": ["a", "b"]}),
    ("evidence", "missing title", {"title": MISSING}),
    ("evidence", "missing date", {"date": MISSING}),
    ("evidence", "missing competencies", {"competencies": MISSING}),
    ("evidence", "no competencies", {"competencies": []}),
    ("evidence", "competencies a mapping", {"competencies": {"design": 1}}),
    ("evidence", "month 13", {"date": "2026-13-01"}),
    ("evidence", "date in words", {"date": "tomorrow"}),
    ("evidence", "day first", {"date": "14/03/2026"}),
    ("evidence", "not a leap year", {"date": "2026-02-29"}),
    ("evidence", "date is a number", {"date": 20260314}),
    ("evidence", "bad end date", {"end": "2026-06-31"}),
    ("evidence", "unknown type", {"type": "projct"}),
    ("evidence", "unknown visibility", {"visibility": "managr"}),
    ("evidence", "title is a list", {"title": ["a"]}),
    ("evidence", "level is not an id", {"level": "staff engineer"}),
    ("evidence", "impact is a mapping", {"impact": {"a": 1}}),
    ("evidence", "metrics is text", {"metrics": "+9%"}),
    ("evidence", "metric is a list", {"metrics": {"activation": [9]}}),
    ("evidence", "stakeholders a mapping", {"stakeholders": {"Sam": 1}}),
    ("evidence", "link is a number", {"links": [42]}),
    ("evidence", "link without url", {"links": [{"title": "Doc"}]}),
    ("evidence", "unknown key in link", {"links": [{"url": "https://x.org", "label": "y"}]}),
    ("evidence", "links is a mapping", {"links": {"url": "https://x.org"}}),
    ("evidence", "draft as text", {"draft": "yes"}),
    ("evidence", "source a mapping", {"source": {"git": "abc"}}),
    ("evidence", "no longer a draft, no competencies", {"draft": False, "competencies": MISSING}),
    # goals
    ("goal", "unknown key", {"deadline": "2026-12-01"}),
    ("goal", "missing title", {"title": MISSING}),
    ("goal", "unknown status", {"status": "doing"}),
    ("goal", "due in words", {"due": "soon"}),
    ("goal", "actions a mapping", {"actions": {"a": 1}}),
    ("goal", "unknown visibility", {"visibility": "team"}),
    # pages
    ("page", "unknown key", {"slug": "why"}),
    ("page", "missing title", {"title": MISSING}),
    ("page", "order as text", {"order": "first"}),
    ("page", "order a fraction", {"order": 1.5}),
    ("page", "order too large", {"order": 20000}),
    ("page", "unknown visibility", {"visibility": "everyone"}),
]

VALID: list[tuple[str, str, Any]] = [
    ("config", "the conftest settings", {}),
    (
        "config",
        "every optional key",
        {
            "id": "8f3a2c1d9b7e6054",
            "cycle": "2027-03-01",
            "people": [
                {"name": "Sam", "role": "VP", "relation": "sponsor", "visibility": "sponsor"}
            ],
            "analysis": {"min_evidence": 1, "lead_months": 0, "min_types": 7},
            "not_required": {"delivery": "Agreed with Jo."},
            "framework_agreed": "v1",
            "check_ins": {"every_weeks": 2, "with": "Jo", "from": "2026-09-01"},
            "audiences": ["self", "manager", "sponsor", "public"],
            "default_audience": "sponsor",
            "site": {
                "base_url": None,
                "theme": "default",
                "noindex": False,
                "allow_html": True,
                "show": {"sponsor": ["status", "plan"], "public": [], "manager": "timing"},
            },
        },
    ),
    ("config", "audiences as one word", {"audiences": "self"}),
    ("config", "repositories to import from", {"sources": {"git": ["../api", "~/src/web"]}}),
    ("config", "one repository as text", {"sources": {"git": "../api"}}),
    ("config", "empty optional values", {"title": None, "cycle": None, "people": None, "id": None}),
    ("framework", "the conftest framework", top()),
    ("framework", "expectations as one text", competency(0, expectations={"ic2": "Designs."})),
    (
        "framework",
        "expectations with and without ids",
        competency(
            0, expectations={"staff": ["Plain.", {"text": "No id."}, {"id": "x", "text": "t"}]}
        ),
    ),
    ("framework", "meta everywhere", top(meta={"a": 1})),
    ("framework", "meta on a level", level(0, meta={"scope": "s"})),
    ("framework", "meta on a competency", competency(0, meta={"skills": ["x"]})),
    ("framework", "cumulative", top(cumulative=True, description="A ladder.")),
    ("framework", "ranks on every level", ranked(1, 2, 3, 3, 4.5)),
    ("framework", "a summary", level(1, summary="Owns a **component**.")),
    (
        "framework",
        "refs and blank cells",
        competency(
            0,
            cumulative=False,
            expectations={
                "staff": [{"id": "cross-team-design", "text": "Designs across teams."}],
                "principal": [{"ref": "cross-team-design"}, "Sets direction."],
                "manager": [],
            },
        ),
    ),
    (
        "framework",
        "a scale with steps",
        scaled(
            steps={"adopts": "Uses it.", "masters": "Teaches it."},
            expectations={"staff": "specializes"},
        ),
    ),
    ("framework", "scales and points", points),
    ("framework", "numbers as step names, quoted", lambda fw: fw.update(scales={"m": ["1", "2"]})),
    ("evidence", "the base", {}),
    ("evidence", "one competency as text", {"competencies": "design"}),
    ("evidence", "links as plain URLs", {"links": ["https://example.com/a"]}),
    ("evidence", "link without title", {"links": [{"url": "https://example.com/a"}]}),
    ("evidence", "metrics of every kind", {"metrics": {"a": "+9%", "b": 3, "c": 0.5, "d": True}}),
    ("evidence", "one stakeholder as text", {"stakeholders": "Sam"}),
    ("evidence", "expectation as text", {"expectations": "cross-team-design", "level": "staff"}),
    ("evidence", "span of time", {"end": "2026-03-14"}),
    ("evidence", "date-times", {"date": "2026-03-14T09:30:00", "end": "2026-03-20 18:00 +02:00"}),
    ("evidence", "no type", {"type": None}),
    ("evidence", "feedback", {"type": "feedback", "from": "Sam (VP)", "visibility": "public"}),
    (
        "evidence",
        "feedback with a quote",
        {"type": "feedback", "from": "Sam", "quote": "Yes.\n\nNo."},
    ),
    ("evidence", "empty quote", {"type": "project", "quote": None}),
    ("evidence", "numeric title", {"title": 2026}),
    (
        "evidence",
        "a draft without competencies",
        {"draft": True, "competencies": MISSING, "source": ["git:api@" + "a" * 40]},
    ),
    ("evidence", "a draft with no competency yet", {"draft": True, "competencies": []}),
    ("evidence", "a source as text", {"source": "https://github.com/acme/api/pull/12"}),
    ("evidence", "published", {"draft": False}),
    ("goal", "only a title", {"due": MISSING, "competencies": MISSING}),
    (
        "goal",
        "everything",
        {
            "status": "done",
            "date": "2026-01-02",
            "metric": "m",
            "success": "s",
            "actions": ["a", "b"],
            "expectations": ["cross-team-design"],
        },
    ),
    ("page", "the base", {}),
    ("page", "order and visibility", {"order": -5, "visibility": "self"}),
]


def ids(cases: list[tuple[str, str, Any]]) -> list[str]:
    return [f"{kind}: {name}" for kind, name, _ in cases]


@pytest.mark.parametrize(("kind", "name", "change"), BROKEN, ids=ids(BROKEN))
def test_broken_files_are_refused_by_schema_and_check(
    ws: Workspace, kind: str, name: str, change: Any
) -> None:
    path = write_variant(ws, kind, change)
    assert problems(kind, read_as_dossier_does(path)), f"the {kind} schema accepts: {name}"
    assert check_errors(ws, FILES[kind]), f"dossier check accepts: {name}"


@pytest.mark.parametrize(("kind", "name", "change"), VALID, ids=ids(VALID))
def test_valid_variations_pass_schema_and_check(
    ws: Workspace, kind: str, name: str, change: Any
) -> None:
    path = write_variant(ws, kind, change)
    assert problems(kind, read_as_dossier_does(path)) == []
    diags = Diagnostics()
    load_dossier(ws.root, diags)
    assert diags.errors == [], [d.format() for d in diags.errors]


def test_the_schema_comment_does_not_bother_the_loader(ws: Workspace) -> None:
    comment = "# yaml-language-server: $schema=../../.dossier/schemas/evidence.schema.json"
    front = yaml.safe_dump(BASE_EVIDENCE, sort_keys=False)
    ws.write("content/evidence/e.md", f"---\n{comment}\n{front}---\nBody.\n")
    evidence = ws.dossier().evidence
    assert [e.title for e in evidence] == ["Designed the cache"]
