"""`site.show` in dossier.yaml: audience -> the sections of the site it gets, replacing
its default profile (dossier/model/profile.py); unknown audiences and sections are errors
with a did-you-mean, where they were written."""

from __future__ import annotations

from dossier.errors import did_you_mean
from dossier.model.fields import Fields
from dossier.vocabulary import SHOW_SECTIONS


def read_show(site: Fields, audiences: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`show: {sponsor: [status, readiness]}`: the sections each named audience gets."""
    show = site.sub("show", "site.show")
    found: list[tuple[str, tuple[str, ...]]] = []
    for audience in show.data:
        if audience not in audiences:
            line, col = show.doc.key_at((*show.at, audience))
            show.diags.error(
                show.doc.path,
                line,
                col,
                f"unknown audience '{audience}' in site.show"
                + did_you_mean(str(audience), audiences),
                f"audiences: {', '.join(audiences)}",
            )
            continue
        sections = show.text_list(audience) if show.data[audience] is not None else ()
        for i, section in enumerate(sections):
            if section not in SHOW_SECTIONS:
                where = (audience, i) if isinstance(show.data[audience], list) else (audience,)
                show.error(
                    where,
                    f"unknown section '{section}' in site.show.{audience}"
                    + did_you_mean(section, SHOW_SECTIONS),
                    f"sections: {', '.join(SHOW_SECTIONS)}",
                )
        found.append((audience, tuple(s for s in sections if s in SHOW_SECTIONS)))
    return tuple(found)
