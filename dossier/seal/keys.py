"""Seal keys: one per workspace and audience, kept outside the workspace in the user's
config folder ($XDG_CONFIG_HOME/dossier, else ~/.config/dossier), readable by the user
alone, and reused so a link once sent keeps opening the site. `--new-key` replaces the key
(and the passphrase salt kept beside it): every link sent before stops working."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from dossier.seal.options import SealError, SealOptions

KEY_BYTES = 32  # AES-256
SALT_BYTES = 16
PBKDF2_ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256
KEY_FORMAT = "dossier seal key 1"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class StoredKey:
    key: bytes
    salt: bytes  # for passphrase mode: stored beside the key, renewed with it


@dataclass(frozen=True)
class SealKey:
    """The key a site is sealed with; `salt` and `iterations` set in passphrase mode (the
    reader's page derives the key from what they type)."""

    key: bytes
    salt: bytes | None = None
    iterations: int = 0
    stored_in: Path | None = None  # the key file it came from, if any


def encode_key(raw: bytes) -> str:
    """A key as it appears in links: base64url without padding (43 characters)."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_key(text: str, size: int = KEY_BYTES) -> bytes | None:
    """The bytes of a key written by encode_key; None when it is not one."""
    text = text.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None


def config_folder() -> Path:
    """Where dossier keeps the user's settings: $XDG_CONFIG_HOME/dossier, else ~/.config."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".config") / "dossier"


def key_file(store: Path, workspace_id: str, audience: str) -> Path:
    """One file per workspace and audience; a name unsafe as a file name is hashed."""
    if not _SAFE_NAME.fullmatch(audience):
        audience = "audience-" + hashlib.sha256(audience.encode()).hexdigest()[:16]
    return store / "keys" / workspace_id / f"{audience}.key"


def read_key_file(path: Path) -> StoredKey:
    """A stored key, refused (naming the file) when others may read it or it is not one."""
    try:
        info = path.lstat()
        text = path.read_text(encoding="utf-8") if stat.S_ISREG(info.st_mode) else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SealError(f"cannot read the seal key {path}: {exc}", _REPLACE_HINT) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SealError(f"the seal key {path} is not a regular file", _REPLACE_HINT)
    if info.st_mode & 0o077:
        raise SealError(
            f"the seal key {path} can be read or changed by other users "
            f"(mode {stat.S_IMODE(info.st_mode):04o}); a key must be the owner's alone",
            f"chmod 600 '{path}', then build again",
        )
    stored = _parse_key_text(text)
    if stored is None:
        raise SealError(f"the seal key {path} is not a dossier seal key", _REPLACE_HINT)
    return stored


_REPLACE_HINT = (
    "restore it from a backup (or `dossier key show` on another machine), or build with "
    "--new-key to make a new one: links sent before will stop working"
)


def _parse_key_text(text: str) -> StoredKey | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        return None
    key = decode_key(str(data.get("key", "")))
    salt = decode_key(str(data.get("salt", "")), SALT_BYTES)
    return StoredKey(key, salt) if key is not None and salt is not None else None


def write_key_file(path: Path, stored: StoredKey, audience: str) -> None:
    """Written whole or not at all, mode 0600 from its first byte, in a folder of 0700."""
    try:
        for folder in (path.parent.parent, path.parent):  # keys/ and the workspace's
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(
            {
                "format": KEY_FORMAT,
                "audience": audience,
                "key": encode_key(stored.key),
                "salt": encode_key(stored.salt),
            },
            indent=2,
        )
        handle, temp = tempfile.mkstemp(prefix=".key-", dir=path.parent)  # mode 0600
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(temp, path)
    except OSError as exc:
        raise SealError(
            f"cannot write the seal key {path}: {exc.strerror or exc}",
            "check that your config folder is writable (or set XDG_CONFIG_HOME)",
        ) from exc


def stored_key(path: Path, audience: str, renew: bool) -> StoredKey:
    """The key kept in `path`, made on first use, replaced when `renew`."""
    if not renew and (path.exists() or path.is_symlink()):
        return read_key_file(path)
    fresh = StoredKey(secrets.token_bytes(KEY_BYTES), secrets.token_bytes(SALT_BYTES))
    write_key_file(path, fresh, audience)
    return fresh


def passphrase_key(passphrase: str, salt: bytes, iterations: int = PBKDF2_ITERATIONS) -> bytes:
    """PBKDF2-HMAC-SHA256 of the passphrase (NFC, UTF-8, as the reader's page does it)."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
    return kdf.derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def given_salt(key: bytes) -> bytes:
    """The salt for a key given from outside (no file beside it): derived from the key, so
    every machine given the same key seals the same bytes."""
    return hmac.new(key, b"dossier seal 1: passphrase salt", hashlib.sha256).digest()[:SALT_BYTES]


def seal_key(
    options: SealOptions, workspace_id: str, audience: str, keep_out: tuple[Path, ...]
) -> SealKey:
    """The key to seal `audience`'s site with, per the options; the key store may not be
    inside any of `keep_out` (the workspace, the site)."""
    if options.given_key is not None:
        given = decode_key(options.given_key)
        if given is None:
            raise SealError(
                "DOSSIER_SEAL_KEY is not a seal key (43 characters of base64url)",
                "copy it from `dossier key show` or from the link, after '#k='",
            )
        stored, path = StoredKey(given, given_salt(given)), None
    else:
        path = key_file(key_store(options, keep_out), workspace_id, audience)
        stored = stored_key(path, audience, options.new_key)
    if options.passphrase is None:
        return SealKey(stored.key, stored_in=path)
    derived = passphrase_key(options.passphrase, stored.salt)
    return SealKey(derived, stored.salt, PBKDF2_ITERATIONS, path)


def key_store(options: SealOptions, keep_out: tuple[Path, ...]) -> Path:
    """The key store folder, refused inside the workspace or the site (keys never enter
    either)."""
    store = (options.store or config_folder()).resolve()
    for folder in keep_out:
        if store.is_relative_to(folder.resolve()):
            raise SealError(
                f"the key store {store} is inside {folder}; seal keys are never kept in "
                "the workspace or the site",
                "set XDG_CONFIG_HOME to a folder outside both",
            )
    return store
