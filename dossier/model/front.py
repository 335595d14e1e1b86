"""The front matter of evidence, goals and pages, declared once: each key with its kind and
help text. The readers in model/content.py take their allowed and required keys from it
(an unknown key is an error with a did-you-mean), and the JSON Schemas editors use are
generated from it (authoring/generated.py), so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

# What a value may be written as; authoring/generated.py gives each its schema.
FRONT_KINDS = (
    "title",  # required text
    "day",  # required date
    "date",  # optional date
    "ids",  # an id or a list of ids
    "id",  # optional id
    "text",
    "text_list",  # a text or a list of texts
    "evidence_type",
    "goal_status",
    "metrics",  # name -> value
    "links",  # URLs or {title, url}
    "audience",
    "flag",  # true / false
    "sources",  # a text or a list of texts
    "order",  # an integer within +-10,000
)

AUDIENCE_HELP = "The widest audience allowed to see it (default: manager)."
LINKS_HELP = "Documents about it: URLs, or {title, url}."


@dataclass(frozen=True)
class FrontKey:
    key: str
    kind: str
    help: str

    @property
    def required(self) -> bool:
        return self.kind in ("title", "day")


def keys_of(declared: tuple[FrontKey, ...]) -> tuple[str, ...]:
    return tuple(k.key for k in declared)


def required_of(declared: tuple[FrontKey, ...]) -> tuple[str, ...]:
    return tuple(k.key for k in declared if k.required)


EVIDENCE_FRONT = (
    FrontKey("title", "title", "What you did, in a few words; the page heading."),
    FrontKey("date", "day", "When it happened (or started), YYYY-MM-DD."),
    FrontKey(
        "end",
        "date",
        "For work that spans time: when it finished, YYYY-MM-DD (not before date).",
    ),
    FrontKey(
        "competencies",
        "ids",
        "Competency ids from the framework this evidence shows; at least one (a draft may "
        "have none yet). A single id is taken as a list of one.",
    ),
    FrontKey(
        "level",
        "id",
        "The level this demonstrates (default: the target level in dossier.yaml).",
    ),
    FrontKey(
        "expectations",
        "text_list",
        "Specific expectation ids it answers, e.g. multi-team-strategy or strategy.director.2.",
    ),
    FrontKey(
        "type",
        "evidence_type",
        "What kind of evidence: testimony (feedback) is told apart from projects and metrics.",
    ),
    FrontKey(
        "impact",
        "text",
        "One line: what changed because of it, with a number where you have one.",
    ),
    FrontKey(
        "metrics", "metrics", 'Named results, e.g. {activation: "+9%", time_to_value_days: 3}.'
    ),
    FrontKey("stakeholders", "text_list", "People who saw or shared the work."),
    FrontKey("from", "text", "For type: feedback, who said it, e.g. Sam Okafor (VP Product)."),
    FrontKey(
        "quote",
        "text",
        "For type: feedback, the words of the person quoted: the only text pages show as "
        "their quote (without it, the body's first > blockquote). The rest of the body is "
        "your own context.",
    ),
    FrontKey("links", "links", LINKS_HELP),
    FrontKey("visibility", "audience", AUDIENCE_HELP),
    FrontKey(
        "draft",
        "flag",
        "true: captured (by `dossier import` or `dossier note`) but not yet reviewed. A draft "
        'counts nowhere and is shown only to you, on a "to review" list; it may lack '
        "competencies, impact and from. `dossier publish FILE` removes the line.",
    ),
    FrontKey(
        "source",
        "sources",
        "Where it was imported from: git:<repository>@<commit>, a pull request URL, or a "
        "list of them. `dossier import` uses it to bring nothing in twice; shown to you and "
        "your manager only.",
    ),
)

GOAL_FRONT = (
    FrontKey("title", "title", "The goal, in a few words."),
    FrontKey("date", "date", "When the goal was set, YYYY-MM-DD."),
    FrontKey("due", "date", "The deadline, YYYY-MM-DD; a plan needs deadlines."),
    FrontKey("status", "goal_status", "Where it stands (default: planned)."),
    FrontKey("metric", "text", "How progress is measured."),
    FrontKey("success", "text", "What done looks like, agreed with your manager."),
    FrontKey("competencies", "text_list", "Competency ids from the framework the goal closes."),
    FrontKey("expectations", "text_list", "Expectation ids the goal closes."),
    FrontKey("level", "id", "The level the goal aims at (default: the target level)."),
    FrontKey("stakeholders", "text_list", "People involved in the goal."),
    FrontKey("links", "links", LINKS_HELP),
    FrontKey("visibility", "audience", AUDIENCE_HELP),
    FrontKey("actions", "text_list", "The steps, one short text each."),
)

PAGE_FRONT = (
    FrontKey("title", "title", "The page heading."),
    FrontKey("visibility", "audience", AUDIENCE_HELP),
    FrontKey("order", "order", "Position among the pages, lowest first (default: 0)."),
)
