"""A deterministic synthetic dossier workspace for benchmarks.

    make_workspace(root, n_evidence, seed=0)

writes into `root`:

- dossier.yaml: a Senior PM working toward Director, with people, analysis settings and
  check-ins;
- content/framework.yaml: 12 competencies in 4 groups over 5 levels (two of them on an
  `ic` / `management` track), with expectations at most levels, some with explicit ids;
- content/evidence/*.md: `n_evidence` files, each with YAML front matter (title, date spread
  over the three years before 2026-11-22, 1-3 competencies, type, impact, stakeholders,
  sometimes expectations, metrics, links, level, visibility) and a Markdown body of 400-600
  words: headings, a bullet list, a numbered list, a table, web links, a `[[competency]]`
  wikilink, sometimes a wikilink to an earlier piece and a `::: private` note;
- content/goals/*.md and content/pages/*.md: a few of each.

    write_peer_sites(corpus, root)

writes the same evidence bodies as a Hugo site (content/posts/, a minimal hugo.toml and a
tiny theme of its own in layouts/), a Pelican site (content/, pelicanconf.py with the
default theme and no feeds) and an MkDocs site (docs/, mkdocs.yml with the `mkdocs` theme
and no nav), for benchmarks/compare.py. Each builds offline.

The same (n_evidence, seed) always gives byte-identical files; nothing is fetched. The
workspace passes `dossier check` without warnings and builds for every audience (titles,
slugs and private notes are unique, and bodies name no people, so the leak check passes).

Run it directly to make a workspace to look at (and, with --peers, the peer sites):

    python benchmarks/corpus.py /tmp/ws --evidence 100 --seed 0 [--peers /tmp/peers]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 22)  # the benchmarks' fixed "today"; evidence spans the 3 years before
SPAN_DAYS = 3 * 365
BODY_WORDS = (400, 600)

LEVELS = [
    ("pm", "Product Manager", None, "Owns features for one team, with guidance on direction."),
    ("senior-pm", "Senior Product Manager", None, "Owns a product area end to end."),
    ("group-pm", "Group Product Manager", "management", "Leads two or three product teams."),
    ("principal-pm", "Principal Product Manager", "ic", "Solves cross-cutting problems."),
    ("director", "Director of Product", "management", "Owns a product line and its team."),
]

GROUPS = [
    ("craft", "Product craft", "Deciding what to build and getting it built."),
    ("outcomes", "Outcomes and numbers", "Knowing whether it worked and what it is worth."),
    ("leadership", "Leadership", "Bringing other people along."),
    ("organisation", "Organisation", "Making the wider company work better."),
]

# id, title, group, what it is about (a noun phrase used in expectations and prose)
COMPETENCIES = [
    ("strategy", "Product strategy", "craft", "product strategy"),
    ("discovery", "Customer discovery", "craft", "customer discovery"),
    ("execution", "Delivery and execution", "craft", "delivery"),
    ("design-quality", "Design and quality", "craft", "product quality and design"),
    ("data", "Data and measurement", "outcomes", "measurement and experimentation"),
    ("business", "Business acumen", "outcomes", "unit economics and business cases"),
    ("pricing", "Pricing and packaging", "outcomes", "pricing and packaging"),
    ("communication", "Communication and influence", "leadership", "written and spoken updates"),
    ("people", "People leadership", "leadership", "coaching and hiring"),
    ("technical", "Technical fluency", "organisation", "technical trade-offs"),
    ("operations", "Operating rhythm", "organisation", "planning and review cadences"),
    ("partnerships", "Cross-functional partnership", "organisation", "work with other functions"),
]

EXPECTATION_TEMPLATES = {
    "pm": ["Applies good {focus} to the features of their own team."],
    "senior-pm": [
        "Owns {focus} for one product area and revisits it every quarter.",
        "Explains decisions about {focus} in writing that other teams can follow.",
    ],
    "group-pm": ["Keeps {focus} coherent across two or three teams."],
    "principal-pm": ["Sets the standard for {focus} that other teams adopt without a mandate."],
    "director": [
        "Makes {focus} work across a whole product line, without constant direction.",
        "Ties {focus} to company goals, budget and headcount.",
    ],
}

PEOPLE = [
    ("Priya Natarajan", "VP Product", "sponsor", "public"),
    ("Tomas Lindqvist", "Group Product Manager", "manager", "manager"),
    ("Kenji Mori", "Engineering Manager, Payments Platform", "peer", "sponsor"),
    ("Helen Achterberg", "Head of Finance Operations", "stakeholder", "manager"),
    ("Lena Okafor", "Research Operations Lead", "peer", "manager"),
    ("Marcus Feld", "Principal Engineer", "peer", "sponsor"),
    ("Sofia Brandt", "Design Director", "stakeholder", "public"),
    ("Daniel Aoki", "Head of Sales, EMEA", "stakeholder", "manager"),
]

VERBS = [
    "Led",
    "Shipped",
    "Redesigned",
    "Rebuilt",
    "Launched",
    "Simplified",
    "Retired",
    "Scaled",
    "Reframed",
    "Negotiated",
    "Piloted",
    "Rolled out",
    "Untangled",
    "Measured",
]
AREAS = [
    "checkout",
    "invoicing",
    "onboarding",
    "payouts",
    "refunds",
    "merchant dashboard",
    "fraud review",
    "subscriptions",
    "billing API",
    "pricing page",
    "partner portal",
    "settlement reports",
    "dispute handling",
    "card vaulting",
    "tax calculation",
    "search",
]
OBJECTS = [
    "flow",
    "roadmap",
    "migration",
    "pricing model",
    "experiment programme",
    "launch",
    "redesign",
    "metric tree",
    "service split",
    "research programme",
    "rollout plan",
    "support playbook",
    "reliability push",
    "vendor contract",
    "data pipeline",
]
TYPES = ["project"] * 9 + ["feedback"] * 3 + ["metric"] * 2 + ["talk", "recognition", "learning"]
METRIC_NAMES = [
    "conversion",
    "activation",
    "churn",
    "time to value",
    "support tickets",
    "error rate",
    "processing cost",
    "NPS",
    "weekly active merchants",
    "approval rate",
    "p95 latency",
]
TEAMS = ["Checkout", "Payments Platform", "Risk", "Billing", "Merchant Experience", "Data"]

OPENERS = [
    "The {area} team had been carrying this problem for {n} quarters before anyone owned it.",
    "Nobody disputed that the {area} {obj} needed work; the argument was about what to cut.",
    "This started as a support escalation and turned into the largest {area} change of the year.",
    "Leadership asked for a plan for {area} after {metric} slipped for the second quarter "
    "in a row.",
]
PROSE = [
    "I wrote a two-page framing document that named the decision, the options and what "
    "each would cost, and circulated it a week before the review.",
    "We interviewed {n} merchants, and the pattern was clear by the sixth conversation: "
    "the problem was trust, not speed.",
    "I kept a single decision log so that anyone joining late could see why we chose what "
    "we chose, and who agreed.",
    "The first plan was too big, so we cut it into three releases, each of which could "
    "stand on its own if the next one slipped.",
    "Engineering estimated the work at {n} sprints; we agreed on a fixed date and a "
    "flexible scope, with the scope cuts named in advance.",
    "I ran a weekly thirty-minute review with the leads of each team, with one rule: "
    "every risk raised came with an owner and a date.",
    "We set go, no-go and rollback criteria before launch and rehearsed the rollback "
    "once in staging, which paid for itself on day two.",
    "The data team and I agreed on the metric definitions first, which removed most of "
    "the later arguments about whether it had worked.",
    "Finance challenged the cost model twice, and both times the challenge made the "
    "business case stronger rather than weaker.",
    "I stopped two pieces of work that no longer served the plan and explained the "
    "reasons in writing to the teams affected.",
    "When the pilot results came in below target, we published them anyway and changed "
    "the rollout plan instead of the success criteria.",
    "Design joined from the first week rather than after the spec, and the prototype "
    "tests replaced three rounds of document review.",
    "Support gave us a tagged sample of {n} tickets, which turned a vague complaint into "
    "four specific defects we could fix in order.",
    "I presented the trade-offs to the product leadership group as one page with the "
    "numbers they track, not the ones my team tracks.",
    "The hardest part was sequencing: three teams had to ship in a fixed order, and any "
    "slip would hold up the other two.",
    "After launch we kept the war room open for two weeks, then handed the dashboards "
    "to the owning team with a written runbook.",
]
LEARNINGS = [
    "Write the decision down before the meeting, not after it.",
    "Agree on the metric before the experiment starts.",
    "Name the scope cuts in advance so that cutting is not a negotiation.",
    "Bring finance in at the framing stage, not at the review.",
    "A rehearsed rollback is cheaper than a fast fix.",
    "Publish the disappointing results too; trust compounds.",
]
REVISION_NOTE = "Revision note: first draft of piece {index:05d}."  # benchmarks rewrite this line
LINK_SITES = ["docs", "wiki", "dashboards", "decisions", "research"]
FEEDBACK_INTROS = [
    "Feedback shared after the quarterly review, paraphrased and agreed with the author.",
    "Written feedback collected for the mid-year calibration.",
    "Notes from a one-to-one, sent back to the author for confirmation.",
]


@dataclass(frozen=True)
class Corpus:
    root: Path
    evidence: tuple[Path, ...]  # workspace-relative, in generation order
    words: int  # total words in evidence bodies


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


# -- dossier.yaml and the framework ------------------------------------------------------------
def config_yaml() -> str:
    people = "\n".join(
        f"  - {{name: {name}, role: {_quote(role)}, relation: {relation}, visibility: {vis}}}"
        for name, role, relation, vis in PEOPLE
    )
    return f"""title: "Promotion case: Alex Rivera"
person: {{name: Alex Rivera, role: Senior Product Manager}}
framework: content/framework.yaml
current_level: senior-pm
target_level: director
cycle: 2027-03-01
people:
{people}
analysis:
  min_evidence: 2
  recent_months: 12
  min_periods: 2
  lead_months: 6
  min_types: 1
check_ins: {{every_weeks: 4, with: Priya Natarajan, from: 2026-09-01}}
audiences: [self, manager, sponsor, public]
default_audience: manager
site: {{base_url: null, theme: default, noindex: true, language: en}}
"""


def expectation_id(competency: str, level: str = "director") -> str:
    """The explicit id each competency's first director expectation carries."""
    return f"{competency}-at-{level}"


def framework_yaml() -> str:
    out = [
        "name: Benchmark Product Ladder",
        "description: >-",
        "  A synthetic ladder for benchmarks: twelve competencies over five levels, with a",
        "  management and an individual-contributor track above Senior PM.",
        "cumulative: false",
        "meta: {owner: Benchmarks, revised: '2026-01-12'}",
        "",
        "levels:",
    ]
    for level_id, title, track, description in LEVELS:
        out.append(f"  - id: {level_id}")
        out.append(f"    title: {title}")
        if track:
            out.append(f"    track: {track}")
        out.append(f"    description: {_quote(description)}")
    out += ["", "groups:"]
    for group_id, title, description in GROUPS:
        out += [f"  - id: {group_id}", f"    title: {title}", f"    description: {description}"]
    out += ["", "competencies:"]
    for i, (cid, title, group, focus) in enumerate(COMPETENCIES):
        out += [
            f"  - id: {cid}",
            f"    title: {title}",
            f"    group: {group}",
            f"    description: {_quote(f'How well {focus} is done, and at what scope.')}",
        ]
        if i % 4 == 0:
            out.append("    min_evidence: 3")
        out.append("    expectations:")
        for level_id, _title, _track, _description in LEVELS:
            if level_id in ("group-pm", "principal-pm") and i % 3 == 2:
                continue  # not every competency has something new at every level
            out.append(f"      {level_id}:")
            for n, template in enumerate(EXPECTATION_TEMPLATES[level_id]):
                text = template.format(focus=focus)
                if level_id == "director" and n == 0:
                    eid = expectation_id(cid)
                    out.append(f"        - {{id: {eid}, text: {_quote(text)}}}")
                else:
                    out.append(f"        - {_quote(text)}")
        out.append("")
    return "\n".join(out)


# -- evidence ----------------------------------------------------------------------------------
def _title(rng: random.Random, when: date, taken: set[str]) -> str:
    quarter = f"{when.year}-Q{(when.month - 1) // 3 + 1}"
    while True:
        area, obj = rng.choice(AREAS), rng.choice(OBJECTS)
        title = f"{rng.choice(VERBS)} the {area} {obj} ({quarter})"
        if title.lower() not in taken:
            taken.add(title.lower())
            return title


def _fill(rng: random.Random, template: str, area: str, obj: str) -> str:
    return template.format(
        area=area, obj=obj, n=rng.randint(2, 14), metric=rng.choice(METRIC_NAMES)
    )


def evidence_body(
    rng: random.Random,
    index: int,
    title: str,
    competencies: list[str],
    earlier: list[str],
    kind: str,
) -> str:
    """A Markdown body of 400-600 words (counted as whitespace-separated tokens)."""
    words = rng.randint(*BODY_WORDS)
    area = next((a for a in AREAS if f" {a} " in title), rng.choice(AREAS))
    obj = rng.choice(OBJECTS)
    focus = {c[0]: c[3] for c in COMPETENCIES}
    metrics = rng.sample(METRIC_NAMES, 3)

    head: list[str] = []
    if kind == "feedback":
        head.append(f"> {rng.choice(FEEDBACK_INTROS)}\n")
    head.append(_fill(rng, rng.choice(OPENERS), area, obj))
    head.append("\n## Context\n")
    head.append(
        f"The {area} {obj} touched {rng.randint(2, 5)} teams: "
        f"{', '.join(rng.sample(TEAMS, 3))}. The starting point is in the "
        f"[{area} review](https://example.com/{rng.choice(LINK_SITES)}/{slugify(area)}-"
        f"{index:05d})."
    )
    head.append("\n## What I did\n")

    tail: list[str] = ["\n## Results\n", "| Measure | Before | After |", "| --- | --- | --- |"]
    for name in metrics:
        before = rng.randint(10, 90)
        after = before + rng.choice([-1, 1]) * rng.randint(2, 9)
        tail.append(f"| {name} | {before} | {after} |")
    tail.append("\nNext steps, in order:\n")
    tail += [f"{n}. {step}" for n, step in enumerate(rng.sample(LEARNINGS, 3), 1)]
    tail.append("\n## What it shows\n")
    shows = ", ".join(f"[[{c}]]" for c in competencies)
    tail.append(
        f"This is evidence for {shows}: {focus[competencies[0]]} at the scope of "
        "a product line rather than a single team."
    )
    if earlier and rng.random() < 0.4:
        tail.append(f"It builds on [[{rng.choice(earlier)}]].")
    tail.append(f"\n{REVISION_NOTE.format(index=index)}")
    if rng.random() < 0.08:
        tail.append(
            f"\n::: private\nNote to self on piece {index:05d}: ask for a second opinion "
            "before this goes into the sponsor brief.\n:::"
        )

    bullets = ["\nWhat changed, in short:\n"] + [
        f"- {lesson}" for lesson in rng.sample(LEARNINGS, rng.randint(3, 5))
    ]
    fixed = len(" ".join(head + bullets + tail).split())
    prose: list[str] = []
    count = fixed
    pool = PROSE[:]
    rng.shuffle(pool)
    while True:
        sentence = _fill(rng, pool[len(prose) % len(pool)], area, obj)
        if count + len(sentence.split()) > words and count >= BODY_WORDS[0]:
            break
        prose.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(prose[i : i + 3]) for i in range(0, len(prose), 3)]
    body = "\n".join(head) + "\n" + "\n\n".join(paragraphs) + "\n" + "\n".join(bullets + tail)
    return body.rstrip() + "\n"


def evidence_file(
    rng: random.Random, index: int, earlier: list[str], titles: set[str]
) -> tuple[str, str]:
    """(file name, text) of one piece of evidence."""
    when = AS_OF - timedelta(days=rng.randrange(SPAN_DAYS))
    title = _title(rng, when, titles)
    ids = [c[0] for c in COMPETENCIES]
    competencies = rng.sample(ids, rng.randint(1, 3))
    kind = rng.choice(TYPES)
    stakeholders = rng.sample([p[0] for p in PEOPLE], rng.randint(1, 3))
    metric = rng.choice(METRIC_NAMES)
    start = rng.randint(5, 60)
    front = [
        "---",
        f"title: {_quote(title)}",
        f"date: {when.isoformat()}",
        f"competencies: [{', '.join(competencies)}]",
    ]
    if rng.random() < 0.3:
        first = competencies[0]
        answered = rng.choice([expectation_id(first), f"{first}.director.2"])
        front.append(f"expectations: [{answered}]")
    if rng.random() < 0.1:
        front.append("level: senior-pm")
    if rng.random() < 0.15:
        end = min(when + timedelta(days=rng.randint(14, 120)), AS_OF)
        front.append(f"end: {end.isoformat()}")
    front.append(f"type: {kind}")
    if kind == "feedback":
        name, role, _relation, _vis = rng.choice(PEOPLE)
        front.append(f"from: {_quote(f'{name} ({role})')}")
    front.append(f"impact: {_quote(f'{metric} {start} -> {start + rng.randint(3, 30)}')}")
    if rng.random() < 0.5:
        front.append(
            f"metrics: {{teams: {rng.randint(1, 6)}, weeks: {rng.randint(2, 26)}, "
            f"{slugify(metric).replace('-', '_')}: {_quote(f'+{rng.randint(1, 20)}%')}}}"
        )
    front.append(f"stakeholders: [{', '.join(stakeholders)}]")
    if rng.random() < 0.4:
        url = f"https://example.com/{rng.choice(LINK_SITES)}/{index:05d}"
        front.append(f"links: [{{title: Write-up, url: {_quote(url)}}}]")
    visibility = rng.choices(["manager", "sponsor", "public"], [7, 2, 1])[0]
    if visibility != "manager":
        front.append(f"visibility: {visibility}")
    front.append("---")
    body = evidence_body(rng, index, title, competencies, earlier, kind)
    # the index keeps names unique even when two titles slugify alike
    name = f"{when.isoformat()}-{slugify(title)}-{index:05d}.md"
    return name, "\n".join(front) + "\n" + body


# -- goals and pages ---------------------------------------------------------------------------
GOALS = [
    ("Publish a three-year product-line strategy", "2026-03-31", "done", ["strategy"]),
    ("Run a cross-team discovery cadence", "2026-12-15", "in-progress", ["discovery"]),
    ("Own the FY27 business case with finance", "2027-01-31", "in-progress", ["business"]),
    ("Hire and onboard two product managers", "2027-02-28", "planned", ["people"]),
    ("Set experimentation guardrails for all teams", "2026-10-31", "in-progress", ["data"]),
    (
        "Present the product line at the company all-hands",
        "2027-02-15",
        "planned",
        ["communication"],
    ),
]
PAGES = [
    ("why-now", "Why now", 1, "The business need, the benefit to the team, and why this cycle."),
    ("backfill", "Backfill", 2, "Who fills my seat, what they still need, and the handover."),
    ("operating-principles", "Operating principles", 3, "How I run a product line day to day."),
]


def goal_file(rng: random.Random, goal: tuple[str, str, str, list[str]]) -> str:
    title, due, status, competencies = goal
    steps = "\n".join(
        f"- [{'x' if status == 'done' else ' '}] {s}" for s in rng.sample(LEARNINGS, 3)
    )
    return f"""---
title: {_quote(title)}
date: 2026-01-12
due: {due}
status: {status}
metric: {_quote(f"{rng.choice(METRIC_NAMES)} tracked monthly")}
success: {_quote("Agreed with my manager at the start; reviewed at every check-in.")}
competencies: [{", ".join(competencies)}]
expectations: [{expectation_id(competencies[0])}]
---
Set at the start of the year to close a gap named in the last calibration. See
[[{competencies[0]}]].

Actions:

{steps}
"""


def page_file(rng: random.Random, page: tuple[str, str, int, str]) -> str:
    _slug, title, order, summary = page
    paragraphs = "\n\n".join(
        " ".join(
            _fill(rng, s, rng.choice(AREAS), rng.choice(OBJECTS)) for s in rng.sample(PROSE, 3)
        )
        for _ in range(3)
    )
    return f"""---
title: {title}
order: {order}
visibility: sponsor
---
## Summary

{summary}

## Detail

{paragraphs}
"""


# -- the whole workspace -----------------------------------------------------------------------
def make_workspace(root: Path, n_evidence: int, seed: int = 0) -> Corpus:
    """Write a workspace with `n_evidence` pieces of evidence into root (made if missing)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "dossier.yaml", config_yaml())
    _write(root / "content" / "framework.yaml", framework_yaml())
    earlier: list[str] = []
    titles: set[str] = set()
    paths: list[Path] = []
    words = 0
    for index in range(n_evidence):
        name, text = evidence_file(rng, index, earlier, titles)
        rel = Path("content") / "evidence" / name
        _write(root / rel, text)
        words += len(text.split("\n---\n", 1)[1].split())
        earlier.append(name.removesuffix(".md"))
        paths.append(rel)
    for goal in GOALS:
        name = f"2026-01-12-{slugify(goal[0])}.md"
        _write(root / "content" / "goals" / name, goal_file(rng, goal))
    for page in PAGES:
        _write(root / "content" / "pages" / f"{page[0]}.md", page_file(rng, page))
    return Corpus(root, tuple(paths), words)


# -- the same evidence for peer generators ---------------------------------------------------
@dataclass(frozen=True)
class PeerSites:
    hugo: Path  # hugo.toml, layouts/ (a tiny theme of its own), content/posts/*.md
    pelican: Path  # pelicanconf.py (default theme, no feeds), content/*.md
    mkdocs: Path  # mkdocs.yml (the `mkdocs` theme, no nav), docs/*.md


@dataclass(frozen=True)
class Piece:
    """What a peer can use of one evidence file: its name, title, date, competencies, body."""

    stem: str
    title: str
    date: str
    competencies: tuple[str, ...]
    body: str


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return text


def read_piece(path: Path) -> Piece:
    """Split an evidence file written by `evidence_file` (or edited since) into a Piece."""
    text = path.read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
    competencies = tuple(c.strip() for c in fields["competencies"].strip("[]").split(","))
    return Piece(path.stem, _unquote(fields["title"]), fields["date"], competencies, body)


HUGO_TOML = """baseURL = "https://example.org/"
title = "Benchmark dossier"
# no feeds or sitemap, as the Pelican site has none; tags and categories are kept
disableKinds = ["rss", "sitemap", "robotstxt"]
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .GetTerms "tags" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
"""
HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
"""
PELICAN_CONF = """AUTHOR = "Alex Rivera"
SITENAME = "Benchmark dossier"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# no feeds (as pelican-quickstart writes for development), no plugins, the default theme
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = ()
SOCIAL = ()
RELATIVE_URLS = True
"""
MKDOCS_YML = """site_name: Benchmark dossier
theme: mkdocs
# no nav: MkDocs lists every page, as it does by default
"""


def _tags(competencies: tuple[str, ...]) -> str:
    return "[" + ", ".join(competencies) + "]"


def write_peer_sites(corpus: Corpus, root: Path) -> PeerSites:
    """The corpus's evidence, the same Markdown bodies, as a Hugo, a Pelican and an MkDocs site.

    Each peer gets the front matter it understands: title and date; competencies as tags
    and the first one as the category (Hugo, Pelican). Dossier-only syntax (`[[wikilinks]]`,
    `::: private`) is left in the bodies, where the peers render it as plain text.
    """
    sites = PeerSites(root / "hugo", root / "pelican", root / "mkdocs")
    _write(sites.hugo / "hugo.toml", HUGO_TOML)
    layouts = sites.hugo / "layouts" / "_default"
    _write(layouts / "baseof.html", HUGO_BASEOF)
    _write(layouts / "single.html", HUGO_SINGLE)
    _write(layouts / "list.html", HUGO_LIST)
    _write(sites.pelican / "pelicanconf.py", PELICAN_CONF)
    _write(sites.mkdocs / "mkdocs.yml", MKDOCS_YML)
    _write(
        sites.mkdocs / "docs" / "index.md",
        "# Benchmark dossier\n\nEvery piece of evidence is in the navigation.\n",
    )
    for rel in corpus.evidence:
        piece = read_piece(corpus.root / rel)
        title = _quote(piece.title)
        hugo = (
            f"---\ntitle: {title}\ndate: {piece.date}\ntags: {_tags(piece.competencies)}\n"
            f"categories: [{piece.competencies[0]}]\n---\n"
        )
        _write(sites.hugo / "content" / "posts" / f"{piece.stem}.md", hugo + piece.body)
        pelican = (
            f"Title: {piece.title}\nDate: {piece.date}\nCategory: {piece.competencies[0]}\n"
            f"Tags: {', '.join(piece.competencies)}\nSlug: {piece.stem.lower()}\n\n"
        )
        _write(sites.pelican / "content" / f"{piece.stem}.md", pelican + piece.body)
        mkdocs = f"---\ntitle: {title}\ndate: {piece.date}\n---\n"
        _write(sites.mkdocs / "docs" / f"{piece.stem}.md", mkdocs + piece.body)
    return sites


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic dossier workspace.")
    parser.add_argument("root", type=Path, help="the folder to write into")
    parser.add_argument("--evidence", type=int, default=100, help="pieces of evidence")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--peers", type=Path, help="also write the evidence as Hugo, Pelican and MkDocs sites here"
    )
    args = parser.parse_args()
    corpus = make_workspace(args.root, args.evidence, args.seed)
    print(f"wrote {len(corpus.evidence)} evidence files ({corpus.words} words) to {corpus.root}")
    if args.peers:
        sites = write_peer_sites(corpus, args.peers)
        print(f"wrote the same evidence to {sites.hugo}, {sites.pelican} and {sites.mkdocs}")


if __name__ == "__main__":
    main()
