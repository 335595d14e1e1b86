"""The samples `dossier init` writes, told apart from the author's own files: while a sample
is unchanged it counts toward readiness and reaches the sponsor brief, so `check`, `gaps`,
`build` and `serve` say so until the author replaces or deletes it.

A sample carries a line the author deletes once the file is theirs (SAMPLE_LINE). Samples
written before that line existed are known by their title ending in "(replace me)".
"""

from __future__ import annotations

from dossier.load.source import Document
from dossier.model.fields import Fields

SAMPLE_LINE = "*A sample from `dossier init`: make it yours, then delete this line.*"
SAMPLE_TITLE_END = "(replace me)"


_EFFECT = {  # what an unchanged sample does, by the folder it is in
    "evidence": "it counts toward readiness and shows in the site like your own",
    "goals": "it shows in the plan like your own",
    "pages": "it shows in the site (and the sponsor brief) like your own",
}


def as_sample(template: str, *args: str, **names: str) -> str:
    """A sample's body: SAMPLE_LINE, then the template filled in."""
    return f"{SAMPLE_LINE}\n\n{template.format(*args, **names)}"


def sample_line_number(doc: Document) -> int | None:
    """The file line holding SAMPLE_LINE, or None."""
    for offset, line in enumerate(doc.body.splitlines()):
        if line.strip() == SAMPLE_LINE:
            return doc.body_line + offset
    return None


def check_sample(doc: Document, fields: Fields, title: str) -> None:
    """A warning on a file that is still one of init's samples."""
    line = sample_line_number(doc)
    what = "still a sample from `dossier init`: " + _EFFECT.get(
        doc.path.split("/")[1] if doc.path.count("/") > 1 else "", "it shows in the site"
    )
    if line is not None:
        fields.diags.warning(
            doc.path,
            line,
            1,
            what,
            "replace the sample text with your own and delete this line, or delete the file",
        )
    elif title.endswith(SAMPLE_TITLE_END):
        fields.warning(
            ("title",),
            what,
            "replace it with your own (title and text), or delete the file",
        )
