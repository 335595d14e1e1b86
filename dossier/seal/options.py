"""What a sealed or one-file build is asked for, and the combinations refused before any
work starts (usage errors: the command line exits 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PRIVATE_AUDIENCE = "self"


class SealUsageError(ValueError):
    """Options that do not go together; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


class SealError(Exception):
    """A key or key file that cannot be used; the message names it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class SealOptions:
    """How to seal: with the stored key (made on first use), a new one, a key given from
    outside (DOSSIER_SEAL_KEY), or a passphrase the reader types."""

    passphrase: str | None = None
    new_key: bool = False
    given_key: str | None = None
    store: Path | None = None  # the key store folder; default: the user's config folder


def check_options(
    seal: SealOptions | None, single_file: bool, all_audiences: bool, audience: str | None
) -> None:
    """Refuse what cannot be built, before anything is loaded or asked."""
    if single_file and all_audiences:
        raise SealUsageError(
            "--single-file writes one audience's site; it cannot take --all-audiences",
            "run it once per audience: --audience manager --single-file manager.html",
        )
    if seal is None:
        return
    if all_audiences:
        refuse_private(PRIVATE_AUDIENCE, "--all-audiences includes 'self'")
    if audience is not None:
        refuse_private(audience)
    if seal.new_key and seal.passphrase is not None:
        raise SealUsageError(
            "--new-key does not go with a passphrase: the key comes from the passphrase",
            "to stop old links working, seal again with a different passphrase",
        )
    if seal.new_key and seal.given_key:
        raise SealUsageError(
            "--new-key cannot replace the key DOSSIER_SEAL_KEY supplies",
            "unset DOSSIER_SEAL_KEY to make and store a new key",
        )
    if single_file and seal.passphrase is None:
        raise SealUsageError(
            "--single-file --seal needs a passphrase: a file opened from an email has no "
            "link to carry a key",
            "add --passphrase (or set DOSSIER_PASSPHRASE) and send the passphrase separately",
        )


def refuse_private(audience: str, why: str = "") -> None:
    """The author's private view is never sealed for sending."""
    if audience == PRIVATE_AUDIENCE:
        raise SealUsageError(
            f"refusing to seal the private 'self' view{f' ({why})' if why else ''}: it "
            "holds private notes and is never meant to be sent",
            "seal the site of the audience you send it to, e.g. --audience sponsor --seal",
        )
