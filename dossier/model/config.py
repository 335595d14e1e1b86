"""dossier.yaml -> Config: who, which levels, the cycle, audiences and site options."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dossier.errors import Diagnostics, did_you_mean
from dossier.load.yamlsrc import YamlDoc
from dossier.model.fields import Fields
from dossier.vocabulary import DEFAULT_KEEP

CONFIG_FILE = "dossier.yaml"
DEFAULT_FRAMEWORK = "content/framework.yaml"
DEFAULT_AUDIENCES = ("self", "manager", "sponsor", "public")

CONFIG_KEYS = (
    "title",
    "person",
    "framework",
    "current_level",
    "target_level",
    "cycle",
    "people",
    "analysis",
    "not_required",
    "framework_agreed",
    "check_ins",
    "audiences",
    "default_audience",
    "site",
)


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    relation: str = ""
    visibility: str = "manager"


@dataclass(frozen=True)
class AnalysisSettings:
    min_evidence: int = 2  # pieces per competency to count as demonstrated
    recent_months: int = 12  # evidence older than this does not count toward "recent"
    min_periods: int = 2  # distinct calendar quarters the evidence must span
    lead_months: int = 6  # warn when the cycle is closer than this and gaps remain
    min_types: int = 1  # distinct evidence types a claim needs


@dataclass(frozen=True)
class CheckIns:
    every_weeks: int
    with_: str
    start: date | None


@dataclass(frozen=True)
class SiteSettings:
    base_url: str | None = None
    theme: str = "default"
    noindex: bool = True
    language: str = "en"
    allow_html: bool = False  # raw HTML in Markdown is escaped unless this is true
    keep: tuple[str, ...] = DEFAULT_KEEP  # names in the output folder a rebuild keeps


@dataclass(frozen=True)
class Config:
    title: str
    person: Person
    framework: str
    current_level: str
    target_level: str
    cycle: date | None = None
    people: tuple[Person, ...] = ()
    analysis: AnalysisSettings = AnalysisSettings()
    not_required: dict[str, str] = field(default_factory=dict)
    framework_agreed: str | None = None
    check_ins: CheckIns | None = None
    audiences: tuple[str, ...] = DEFAULT_AUDIENCES
    default_audience: str = "manager"
    site: SiteSettings = SiteSettings()
    doc: YamlDoc | None = field(default=None, compare=False, repr=False)

    def rank(self, audience: str) -> int:
        """Position from narrowest (0, usually self) to widest."""
        return self.audiences.index(audience)

    @property
    def default_visibility(self) -> str:
        return "manager" if "manager" in self.audiences else self.audiences[0]


def parse_config(doc: YamlDoc, diags: Diagnostics) -> Config | None:
    if not isinstance(doc.value, dict):
        diags.error(
            doc.path,
            1,
            1,
            "dossier.yaml must be a mapping of settings",
            "start from `dossier init`, or see the README for an example",
        )
        return None
    top = Fields(doc, diags)
    top.check_keys(CONFIG_KEYS, required=("person", "current_level", "target_level"))
    person = _author(top.sub("person")) if top.mapping("person") is not None else None
    current = top.identifier("current_level")
    target = top.identifier("target_level")
    audiences = _audiences(top)
    if person is None or current is None or target is None or audiences is None:
        return None
    default_visibility = "manager" if "manager" in audiences else audiences[0]
    return Config(
        title=top.text("title") or f"Promotion case: {person.name}",
        person=person,
        framework=top.text("framework") or DEFAULT_FRAMEWORK,
        current_level=current,
        target_level=target,
        cycle=top.date("cycle"),
        people=_people(top, audiences, default_visibility),
        analysis=_analysis(top),
        not_required=_not_required(top),
        framework_agreed=top.text("framework_agreed"),
        check_ins=_check_ins(top),
        audiences=audiences,
        default_audience=top.choice("default_audience", audiences, None) or default_visibility,
        site=_site(top),
        doc=doc,
    )


def _author(fields: Fields) -> Person | None:
    fields.check_keys(("name", "role"), required=("name",))
    name = fields.text("name")
    return Person(name, fields.text("role") or "") if name else None


def _person(fields: Fields, audiences: tuple[str, ...], default_visibility: str) -> Person | None:
    fields.check_keys(("name", "role", "relation", "visibility"), required=("name",))
    name = fields.text("name")
    if not name:
        return None
    visibility = fields.choice("visibility", audiences, default_visibility) or default_visibility
    return Person(name, fields.text("role") or "", fields.text("relation") or "", visibility)


def _people(top: Fields, audiences: tuple[str, ...], default_visibility: str) -> tuple[Person, ...]:
    people: list[Person] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.list_of("people")):
        if not isinstance(item, dict):
            top.error(
                ("people", i),
                "each person must be a mapping",
                "e.g. - {name: Sam Okafor, role: VP Product, relation: sponsor}",
            )
            continue
        person = _person(top.sub("people").sub(i, "a person"), audiences, default_visibility)
        if person is None:
            continue
        if person.name in seen:
            top.error(
                ("people", i),
                f"'{person.name}' is listed twice in people",
                f"first listed on line {seen[person.name]}",
            )
            continue
        seen[person.name] = top.pos("people", i)[0]
        people.append(person)
    return tuple(people)


def _analysis(top: Fields) -> AnalysisSettings:
    if top.mapping("analysis") is None:
        return AnalysisSettings()
    fields = top.sub("analysis")
    defaults = AnalysisSettings()
    fields.check_keys(("min_evidence", "recent_months", "min_periods", "lead_months", "min_types"))
    return AnalysisSettings(
        min_evidence=fields.integer("min_evidence", defaults.min_evidence, minimum=1),
        recent_months=fields.integer("recent_months", defaults.recent_months, minimum=1),
        min_periods=fields.integer("min_periods", defaults.min_periods, minimum=1),
        lead_months=fields.integer("lead_months", defaults.lead_months),
        min_types=fields.integer("min_types", defaults.min_types, minimum=1, maximum=7),
    )


def _not_required(top: Fields) -> dict[str, str]:
    value = top.mapping("not_required") or {}
    reasons: dict[str, str] = {}
    for competency, reason in value.items():
        if not isinstance(reason, str) or not reason.strip():
            top.error(
                ("not_required", competency),
                f"'not_required.{competency}' needs the reason it was agreed",
                f'e.g. {competency}: "Agreed with my manager on 2026-09-02: ..."',
            )
            continue
        reasons[competency] = reason.strip()
    return reasons


def _check_ins(top: Fields) -> CheckIns | None:
    if top.mapping("check_ins") is None:
        return None
    fields = top.sub("check_ins")
    fields.check_keys(("every_weeks", "with", "from"), required=("every_weeks",))
    return CheckIns(
        every_weeks=fields.integer("every_weeks", 4, minimum=1, maximum=52),
        with_=fields.text("with") or "",
        start=fields.date("from"),
    )


def _audiences(top: Fields) -> tuple[str, ...] | None:
    if top.data.get("audiences") is None:
        return DEFAULT_AUDIENCES
    names = top.text_list("audiences")
    if len(set(names)) != len(names) or not names:
        top.error(
            ("audiences",),
            "audiences must be a list of distinct names",
            "e.g. audiences: [self, manager, sponsor, public]",
        )
        return None
    if "self" not in names:
        top.error(
            ("audiences",),
            "audiences must include 'self' (the author's own view)",
            "e.g. audiences: [self, manager, sponsor, public]",
        )
        return None
    return names


def _site(top: Fields) -> SiteSettings:
    if top.mapping("site") is None:
        return SiteSettings()
    fields = top.sub("site")
    fields.check_keys(("base_url", "theme", "noindex", "language", "allow_html", "keep"))
    defaults = SiteSettings()
    return SiteSettings(
        base_url=fields.text("base_url"),
        theme=fields.identifier("theme") or defaults.theme,
        noindex=fields.boolean("noindex", defaults.noindex),
        language=fields.text("language") or defaults.language,
        allow_html=fields.boolean("allow_html", defaults.allow_html),
        keep=_keep(fields) if "keep" in fields.data else defaults.keep,
    )


def _keep(fields: Fields) -> tuple[str, ...]:
    """Names (not paths) of entries in the output folder that a rebuild keeps."""
    names = fields.text_list("keep")
    for i, name in enumerate(names):
        if not name or "/" in name or "\\" in name or name in (".", "..", ".dossier-site"):
            fields.error(
                ("keep", i),
                f"'{name}' cannot be kept: site.keep lists names in the output folder",
                "e.g. keep: [CNAME, .nojekyll, _headers, _redirects]",
            )
    return tuple(n for n in names if n and "/" not in n and "\\" not in n)


def check_levels_and_competencies(
    config: Config, levels: list[str], competencies: list[str], diags: Diagnostics
) -> None:
    """Cross-check the config against the framework: levels and not_required ids."""
    doc = config.doc
    if doc is None:
        return
    for key in ("current_level", "target_level"):
        value = getattr(config, key)
        if value not in levels:
            line, col = doc.at((key,))
            diags.error(
                doc.path,
                line,
                col,
                f"unknown level '{value}' for {key}{did_you_mean(value, levels)}",
                f"levels in the framework: {', '.join(levels)}",
            )
    if (
        config.current_level in levels
        and config.target_level in levels
        and (levels.index(config.target_level) <= levels.index(config.current_level))
    ):
        line, col = doc.at(("target_level",))
        diags.warning(
            doc.path,
            line,
            col,
            f"target level '{config.target_level}' is not above the current level "
            f"'{config.current_level}'",
            "levels are ordered lowest first in the framework",
        )
    for competency in config.not_required:
        if competency not in competencies:
            line, col = doc.key_at(("not_required", competency))
            diags.error(
                doc.path,
                line,
                col,
                f"unknown competency '{competency}' in not_required"
                f"{did_you_mean(competency, competencies)}",
                "not_required is keyed by competency id from the framework",
            )
