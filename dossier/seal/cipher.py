"""Encryption of one site's files under one key. From the key, HMAC-SHA256 derives one
subkey per use (content, file names, nonces, a check value), as the reader's page does.
Nonces come from the file's path and content, so the same input and key give the same
bytes, and two different contents never share a nonce (short of an HMAC collision)."""

from __future__ import annotations

import hashlib
import hmac
import json

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

LABEL = b"dossier seal 1"  # bound into every ciphertext as associated data
NONCE_BYTES = 12
INDEX = "index.html"  # keeps its name: the link to send is .../index.html#k=...


def subkey(key: bytes, use: str) -> bytes:
    return hmac.new(key, LABEL + b": " + use.encode("ascii"), hashlib.sha256).digest()


class Sealer:
    """Seals the files of one site: opaque names, deterministic nonces, AES-256-GCM."""

    def __init__(self, key: bytes):
        self._aes = AESGCM(subkey(key, "content"))
        self._names = subkey(key, "names")
        self._nonces = subkey(key, "nonces")
        # Lets the page tell a wrong key from a damaged file; reveals nothing of the key.
        self.check = subkey(key, "check")[:16].hex()

    def name(self, path: str) -> str:
        """The opaque name of a site path: the same for the same key, new with a new key."""
        if path == INDEX:
            return INDEX
        digest = hmac.new(self._names, path.encode("utf-8"), hashlib.sha256).digest()
        return digest[:16].hex() + ".html"

    def seal(self, path: str, plain: bytes) -> bytes:
        """Nonce, then ciphertext and tag."""
        encoded = path.encode("utf-8")
        message = len(encoded).to_bytes(4, "big") + encoded + plain
        nonce = hmac.new(self._nonces, message, hashlib.sha256).digest()[:NONCE_BYTES]
        return nonce + self._aes.encrypt(nonce, plain, LABEL)


def page_payload(html: bytes) -> bytes:
    """What a page's shell carries: a header line saying what follows, then the page."""
    return b'{"kind":"page"}\n' + html


def file_payload(name: str, media_type: str, data: bytes) -> bytes:
    """What an attachment's shell carries: its name and type, then its bytes."""
    header = {"kind": "file", "name": name, "type": media_type}
    return json.dumps(header, ensure_ascii=True, sort_keys=True).encode("ascii") + b"\n" + data
