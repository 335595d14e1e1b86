"""The keys of a framework file, declared once: each with its kind and help text, per
table (the file, a level, a group, a competency, scoring). model/framework.py and
model/scales.py take their allowed and required keys from here; the framework's JSON
Schema is generated from it (authoring/ladder_schema.py)."""

from __future__ import annotations

from dossier.model.front import Key, keys_of, required_of

__all__ = ["Key", "keys_of", "required_of"]

LEVEL_TABLE = (
    Key("id", "id", "The level id, e.g. senior-pm.", required=True),
    Key("title", "text", "The level's title, e.g. Senior Product Manager."),
    Key(
        "track",
        "optional_id",
        "The track, e.g. ic or management; levels without a track belong to every track.",
    ),
    Key("description", "text", "What the level is."),
    Key("meta", "meta", ""),
    Key(
        "rank",
        "rank",
        "A number: levels with ranks compare by rank across tracks (every level has one, "
        "or none does).",
    ),
    Key(
        "summary",
        "text",
        "One line on what the level is, shown on the framework and competency pages "
        "(Markdown allowed).",
    ),
    Key(
        "points",
        "level_points",
        "The points total this level requires (needs scoring at the top of the file).",
    ),
)

GROUP_TABLE = (
    Key("id", "id", "The group id.", required=True),
    Key("title", "text", "The group's title."),
    Key("description", "text", "What the group covers."),
    Key("meta", "meta", ""),
)

COMPETENCY_TABLE = (
    Key("id", "id", "The competency id, e.g. strategy.", required=True),
    Key("title", "text", "The competency's title."),
    Key("group", "optional_id", "A group id from groups."),
    Key("description", "text", "What the competency is about."),
    Key("min_evidence", "min_evidence", "Overrides analysis.min_evidence for this competency."),
    Key(
        "expectations",
        "expectations",
        "Level id -> what that level expects: a list of texts, {id, text} or {ref: ID}, [] "
        "for a level assessed with nothing of its own; on a scale, the step the level "
        "requires.",
    ),
    Key("meta", "meta", ""),
    Key("cumulative", "flag", "Overrides the file's cumulative for this competency."),
    Key(
        "scale",
        "optional_id",
        "A scale from scales: the competency is judged by its steps, and each level under "
        "expectations names the step it requires.",
    ),
    Key(
        "steps",
        "steps",
        "Step -> what it asks for. Evidence names a step as <competency>.<step>.",
    ),
)

SCORING_TABLE = (
    Key(
        "points",
        "step_points",
        "One total per step of the longest scale, e.g. [1, 3, 6, 12, 20]; each at least the "
        "one before.",
        required=True,
    ),
)

FILE_TABLE = (
    Key("name", "text", "The framework's name."),
    Key("description", "text", "What the framework covers."),
    Key("cumulative", "flag", "true: a level also expects what lower levels of its track expect."),
    Key("meta", "meta", ""),
    Key("levels", "levels", "The levels, lowest first.", required=True),
    Key("groups", "groups", "Optional groups of competencies."),
    Key(
        "competencies",
        "competencies",
        "The competencies, each with its expectations per level.",
        required=True,
    ),
    Key(
        "scales",
        "scales",
        "Named proficiency scales: name -> its steps, lowest first (step names are text: "
        'quote a number, e.g. "1").',
    ),
    Key(
        "scoring",
        "scoring",
        "Points (Snowflake-style ladders): what a competency on a scale is worth once it has "
        "reached each step, as totals, lowest step first.",
    ),
)
