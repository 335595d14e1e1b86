"""The floor a Python generator can hope for: a bare single-process markdown-it-py + Jinja2 loop.

    python benchmarks/bare_build.py SOURCE OUT

Reads every SOURCE/*.md (YAML front matter, then Markdown), parses the front matter with
PyYAML (its C loader when there is one), renders the body with markdown-it-py (CommonMark
plus tables), writes OUT/<name>.html through one Jinja2 template and OUT/index.html listing
every page by date. No cache, no checks, no cross-links: benchmarks/compare.py times it as
a reference on the same evidence files as `dossier build`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from jinja2 import DictLoader, Environment
from markdown_it import MarkdownIt

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BASE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} - Evidence</title></head>
<body><header><a href="index.html">Evidence</a></header>
<main>{% block main %}{% endblock %}</main></body>
</html>
"""
PAGE = """{% extends "base" %}{% block title %}{{ meta.title }}{% endblock %}
{% block main %}<article><h1>{{ meta.title }}</h1>
<p><time>{{ meta.date }}</time>{% for c in meta.competencies %} <span>{{ c }}</span>{% endfor %}</p>
{{ body | safe }}</article>{% endblock %}
"""
INDEX = """{% extends "base" %}{% block title %}All evidence{% endblock %}
{% block main %}<h1>All evidence</h1><ul>
{% for name, meta in pages %}<li><a href="{{ name }}.html">{{ meta.title }}</a>
<time>{{ meta.date }}</time></li>
{% endfor %}</ul>{% endblock %}
"""


def main() -> int:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    md = MarkdownIt("commonmark").enable("table")
    env = Environment(loader=DictLoader({"base": BASE}), autoescape=True)
    page, index = env.from_string(PAGE), env.from_string(INDEX)
    pages: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(source.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, body = text.removeprefix("---\n").split("\n---\n", 1)
        meta = yaml.load(front, Loader=LOADER)
        html = md.render(body)
        (out / f"{path.stem}.html").write_text(page.render(meta=meta, body=html), "utf-8")
        pages.append((path.stem, meta))
    pages.sort(key=lambda item: str(item[1]["date"]), reverse=True)
    (out / "index.html").write_text(index.render(pages=pages), "utf-8")
    print(f"wrote {len(pages) + 1} pages to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
