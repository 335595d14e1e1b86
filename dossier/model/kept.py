"""`site.keep`: names of entries in the output folder that a rebuild keeps (the user's
`CNAME`, `_headers`...). Names, not paths: the output folder's own entries."""

from __future__ import annotations

from dossier.model.fields import Fields

MARKER = ".dossier-site"  # dossier's own mark on a folder it made: never the user's


def read_keep(fields: Fields) -> tuple[str, ...]:
    """Names (not paths) of entries in the output folder that a rebuild keeps."""
    names = fields.text_list("keep")
    for i, name in enumerate(names):
        if not name or "/" in name or "\\" in name or name in (".", "..", MARKER):
            fields.error(
                ("keep", i),
                f"'{name}' cannot be kept: site.keep lists names in the output folder",
                "e.g. keep: [CNAME, .nojekyll, _headers, _redirects]",
            )
    return tuple(n for n in names if n and "/" not in n and "\\" not in n)
