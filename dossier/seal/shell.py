"""The HTML every sealed file is: a neutral title, a note for readers without JavaScript,
the opener script and its stylesheet, and the file's own payload. Nothing in it says what
the document is about; the same payload and settings give the same bytes."""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

TITLE = "Sealed document"
MARKER = 'id="seal-config"'  # how a file made here is recognised before it is replaced
SEALED_NOTE = (
    "This document is sealed: its content is encrypted, and only a browser running "
    "JavaScript can open it (with the link or passphrase it was sent with). Turn on "
    "JavaScript for this page and reload it, or ask the sender for another copy."
)
OPEN_NOTE = (
    "This file holds a whole site, and shows its pages with JavaScript. Turn on "
    "JavaScript for this page and reload it."
)
SEALED_FOOT = (
    '<p class="seal-note">Decrypted in this browser: nothing is sent anywhere to open it.</p>\n'
)
STATUS = {
    "key": "This document is sealed. It opens in this browser with the key in its link.",
    "passphrase": "This document is sealed with a passphrase.",
    "open": "Opening…",
}


@cache
def _asset(name: str) -> str:
    return resources.files("dossier.seal").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Mode:
    """How the reader's page gets the key: from the link ('key'), from a passphrase
    ('passphrase'), or not at all ('open': a one-file site that is not sealed)."""

    name: str
    check: str = ""  # the sealer's check value
    salt: str = ""  # passphrase mode: the PBKDF2 salt (base64url) and iterations
    iterations: int = 0

    def settings(self, single: bool, index: str = "") -> dict[str, Any]:
        found: dict[str, Any] = {"mode": self.name, "single": single}
        if self.name != "open":
            found["check"] = self.check
        if self.name == "passphrase":
            found.update(salt=self.salt, iterations=self.iterations)
        if single:
            found["index"] = index
        return found


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def shell(
    mode: Mode, payload: str, single: bool = False, index: str = "", title: str = TITLE
) -> bytes:
    """One file: the shell around `payload` (base64 of a sealed file, or for a one-file
    site a JSON object of every entry's). `title` only shows on a site that is not sealed."""
    settings = json.dumps(mode.settings(single, index), sort_keys=True, separators=(",", ":"))
    sealed = mode.name != "open"
    title = html.escape(TITLE if sealed else title)
    note = SEALED_NOTE if sealed else OPEN_NOTE
    kind = "application/json" if single else "application/octet-stream"
    text = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<noscript><style>#seal-status, .seal-note {{ display: none; }}</style></noscript>
<style>
{_asset("shell.css")}</style>
</head>
<body>
<main class="seal-shell">
<h1 id="seal-title">{title}</h1>
<p id="seal-status" role="status">{STATUS[mode.name]}</p>
<noscript><p class="seal-problem">{note}</p></noscript>
<form id="seal-form" hidden>
<label for="seal-passphrase">Passphrase</label>
<input id="seal-passphrase" type="password" autocomplete="off" required>
<button type="submit">Open</button>
</form>
<div id="seal-actions"></div>
{SEALED_FOOT if sealed else ""}</main>
<script type="application/json" {MARKER}>{settings}</script>
<script type="{kind}" id="seal-data">{payload}</script>
<script>
{_asset("shell.js")}</script>
</body>
</html>
"""
    return text.encode("utf-8")
