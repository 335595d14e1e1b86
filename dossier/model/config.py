"""dossier.yaml -> Config: who, which levels, the cycle, audiences and site options."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dossier.errors import Diagnostics, did_you_mean
from dossier.load.yamlsrc import YamlDoc
from dossier.model.fields import Fields
from dossier.model.identity import WORKSPACE_ID_HELP, workspace_id
from dossier.model.kept import read_keep
from dossier.model.options import check_keys, keys_of, option, read_table
from dossier.model.settings import (
    AnalysisSettings as AnalysisSettings,
)
from dossier.model.settings import (
    Author as Author,
)
from dossier.model.settings import (
    CheckIns as CheckIns,
)
from dossier.model.settings import (
    Person as Person,
)
from dossier.model.settings import (
    SiteSettings as SiteSettings,
)
from dossier.model.settings import (
    SourceSettings as SourceSettings,
)
from dossier.model.show import read_show
from dossier.vocabulary import DEFAULT_KEEP

CONFIG_FILE = "dossier.yaml"
DEFAULT_FRAMEWORK = "content/framework.yaml"
DEFAULT_AUDIENCES = ("self", "manager", "sponsor", "public")


@dataclass(frozen=True)
class Config:
    """dossier.yaml. Each key is declared here once, with its type, default and help:
    the validator, its did-you-mean and the JSON Schema for editors all come from it."""

    title: str = option(help='The site title (default: "Promotion case: <your name>").')
    person: Person = option(help="You, the author.", kind="table", table=Author, required=True)
    framework: str = option(
        DEFAULT_FRAMEWORK,
        "The career framework: a file in the workspace (default: content/framework.yaml) or "
        "builtin:product-management, builtin:engineering.",
    )
    current_level: str = option(
        help="Your level now: a level id from the framework.", kind="id", required=True
    )
    target_level: str = option(
        help="The level you are working toward: a level id from the framework.",
        kind="id",
        required=True,
    )
    cycle: date | None = option(help="The next promotion decision date, YYYY-MM-DD.", kind="date")
    people: tuple[Person, ...] = option(
        (), "Who matters to the case: manager, sponsors, peers.", kind="tables", table=Person
    )
    analysis: AnalysisSettings = option(
        AnalysisSettings(),
        "How the gap report judges; every key is optional.",
        kind="table",
        table=AnalysisSettings,
    )
    not_required: dict[str, str] = option(
        None,
        "Exceptions agreed with your manager: competency id -> the reason it was agreed.",
        kind="reasons",
    )
    framework_agreed: str | None = option(
        help="The git tag or commit of the framework as agreed with your manager."
    )
    check_ins: CheckIns | None = option(
        help="The follow-up cadence for the plan (in plan.ics).", kind="table", table=CheckIns
    )
    audiences: tuple[str, ...] = option(
        DEFAULT_AUDIENCES,
        "Audiences from narrowest to widest; must include self "
        "(default: [self, manager, sponsor, public]).",
        kind="audiences",
    )
    default_audience: str = option(
        "manager", "The audience `dossier build` renders for (default: manager).", kind="audience"
    )
    site: SiteSettings = option(SiteSettings(), "Site options.", kind="table", table=SiteSettings)
    sources: SourceSettings = option(
        SourceSettings(),
        "Where `dossier import` looks when given nothing on the command line.",
        kind="table",
        table=SourceSettings,
    )
    id: str | None = option(help=WORKSPACE_ID_HELP, kind="workspace_id")
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
    check_keys(top, Config)
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
        site=_site(top, audiences),
        sources=_sources(top),
        id=workspace_id(top),
        doc=doc,
    )


def _author(fields: Fields) -> Person | None:
    check_keys(fields, Author)
    name = fields.text("name")
    return Person(name, fields.text("role") or "") if name else None


def _person(fields: Fields, audiences: tuple[str, ...], default_visibility: str) -> Person | None:
    check_keys(fields, Person)
    if not fields.text("name"):
        return None
    visibility = fields.choice("visibility", audiences, default_visibility) or default_visibility
    return read_table(fields, Person, audiences, visibility=visibility)


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
    check_keys(fields, AnalysisSettings)
    return read_table(fields, AnalysisSettings)


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
    # `from` is required, with a hint that shows the whole line (not the generic one)
    fields.check_keys(keys_of(CheckIns), required=("every_weeks",))
    check_ins = read_table(fields, CheckIns)
    if fields.data.get("from") is None:
        shown = f"every_weeks: {check_ins.every_weeks}"
        shown += f", with: {check_ins.with_}" if check_ins.with_ else ""
        fields.error(
            (),
            "check_ins has no `from`: the day of the first check-in anchors the series",
            f"write the first check-in's date: `check_ins: {{{shown}, from: YYYY-MM-DD}}`",
        )
    return check_ins


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


def _site(top: Fields, audiences: tuple[str, ...]) -> SiteSettings:
    if top.mapping("site") is None:
        return SiteSettings()
    fields = top.sub("site")
    check_keys(fields, SiteSettings)
    by_audience = isinstance(fields.data.get("base_url"), dict)
    return read_table(
        fields,
        SiteSettings,
        base_url=None if by_audience else fields.text("base_url"),
        audience_urls=_audience_urls(fields, audiences) if by_audience else (),
        show=read_show(fields, audiences) if fields.mapping("show") is not None else (),
        keep=read_keep(fields) if "keep" in fields.data else DEFAULT_KEEP,
    )


def _audience_urls(site: Fields, audiences: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`base_url: {manager: https://..., sponsor: https://...}`: each audience's own site."""
    urls = site.sub("base_url", "site.base_url")
    found: list[tuple[str, str]] = []
    for audience in urls.data:
        if audience not in audiences:
            line, col = urls.doc.key_at((*urls.at, audience))
            urls.diags.error(
                urls.doc.path,
                line,
                col,
                f"unknown audience '{audience}' in site.base_url"
                + did_you_mean(str(audience), audiences),
                f"audiences: {', '.join(audiences)}",
            )
            continue
        url = urls.text(audience)
        if url:
            found.append((audience, url))
        elif url is not None:
            urls.error((audience,), f"site.base_url.{audience} is empty", "e.g. https://...")
    return tuple(found)


def _sources(top: Fields) -> SourceSettings:
    if top.mapping("sources") is None:
        return SourceSettings()
    fields = top.sub("sources")
    check_keys(fields, SourceSettings)
    folders = fields.text_list("git")
    if any(not folder for folder in folders):
        fields.error(("git",), "an empty repository path in sources.git", "e.g. git: [~/src/api]")
    return SourceSettings(git=tuple(f for f in folders if f))


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
