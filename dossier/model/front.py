"""The front matter of evidence, goals and pages, declared once: each key with its kind and
help text. The readers in model/content.py take their allowed and required keys from it
(an unknown key is an error with a did-you-mean), and the JSON Schemas editors use are
generated from it (authoring/generated.py), so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

AUDIENCE_HELP = "The widest audience allowed to see it (default: manager)."
LINKS_HELP = "Documents about it: URLs, or {title, url}."


@dataclass(frozen=True)
class Key:
    """One key of a table of a file: its name there, what its value may be, help text."""

    key: str
    kind: str  # what its value may be; the schema generators give each kind its schema
    help: str
    required: bool = False


def keys_of(declared: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(k.key for k in declared)


def required_of(declared: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(k.key for k in declared if k.required)


EVIDENCE_FRONT = (
    Key("title", "title", "What you did, in a few words; the page heading.", required=True),
    Key("date", "day", "When it happened (or started), YYYY-MM-DD.", required=True),
    Key(
        "end",
        "date",
        "For work that spans time: when it finished, YYYY-MM-DD (not before date).",
    ),
    Key(
        "competencies",
        "ids",
        "Competency ids from the framework this evidence shows; at least one (a draft may "
        "have none yet). A single id is taken as a list of one.",
    ),
    Key(
        "level",
        "id",
        "The level this demonstrates (default: the target level in dossier.yaml).",
    ),
    Key(
        "expectations",
        "text_list",
        "Specific expectation ids it answers, e.g. multi-team-strategy or strategy.director.2.",
    ),
    Key(
        "type",
        "evidence_type",
        "What kind of evidence: testimony (feedback) is told apart from projects and metrics.",
    ),
    Key(
        "impact",
        "text",
        "One line: what changed because of it, with a number where you have one.",
    ),
    Key("metrics", "metrics", 'Named results, e.g. {activation: "+9%", time_to_value_days: 3}.'),
    Key("stakeholders", "text_list", "People who saw or shared the work."),
    Key("from", "text", "For type: feedback, who said it, e.g. Sam Okafor (VP Product)."),
    Key(
        "quote",
        "text",
        "For type: feedback, the words of the person quoted: the only text pages show as "
        "their quote (without it, the body's first > blockquote). The rest of the body is "
        "your own context.",
    ),
    Key("links", "links", LINKS_HELP),
    Key("visibility", "audience", AUDIENCE_HELP),
    Key(
        "draft",
        "flag",
        "true: captured (by `dossier import` or `dossier note`) but not yet reviewed. A draft "
        'counts nowhere and is shown only to you, on a "to review" list; it may lack '
        "competencies, impact and from. `dossier publish FILE` removes the line.",
    ),
    Key(
        "source",
        "sources",
        "Where it was imported from: git:<repository>@<commit>, a pull request URL, or a "
        "list of them. `dossier import` uses it to bring nothing in twice; shown to you and "
        "your manager only.",
    ),
)

GOAL_FRONT = (
    Key("title", "title", "The goal, in a few words.", required=True),
    Key("date", "date", "When the goal was set, YYYY-MM-DD."),
    Key("due", "date", "The deadline, YYYY-MM-DD; a plan needs deadlines."),
    Key("status", "goal_status", "Where it stands (default: planned)."),
    Key("metric", "text", "How progress is measured."),
    Key("success", "text", "What done looks like, agreed with your manager."),
    Key("competencies", "text_list", "Competency ids from the framework the goal closes."),
    Key("expectations", "text_list", "Expectation ids the goal closes."),
    Key("level", "id", "The level the goal aims at (default: the target level)."),
    Key("stakeholders", "text_list", "People involved in the goal."),
    Key("links", "links", LINKS_HELP),
    Key("visibility", "audience", AUDIENCE_HELP),
    Key("actions", "text_list", "The steps, one short text each."),
)

PAGE_FRONT = (
    Key("title", "title", "The page heading.", required=True),
    Key("visibility", "audience", AUDIENCE_HELP),
    Key("order", "order", "Position among the pages, lowest first (default: 0)."),
)
