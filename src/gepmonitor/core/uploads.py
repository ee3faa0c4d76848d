"""Uploads that wait between their preview and the import: encrypted at rest, short-lived.

An HR export holds personnel numbers and often names. Between the preview page and the
confirmation it is kept as a file named by a random token, encrypted (AES-256-GCM) with a key of
its own, mode 0600, under <data_dir>/uploads. The key and the token live only in the uploader's
signed session cookie; the file name is inside the encrypted file, never in the cookie. After
GEP_UPLOAD_PREVIEW_MINUTES the file is deleted (at the next upload, or by `gep purge`) and the
preview must be uploaded again.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import time
from collections.abc import MutableMapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.reader import UploadedFile

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEPT_PER_SESSION = 5
EXPIRED = N_("The checked file is no longer available; upload it again.")


class UploadStore:
    """The waiting uploads of an instance, in a folder; each session holds its own keys."""

    def __init__(self, folder: Path, lifetime_minutes: int) -> None:
        self.folder = folder
        self.lifetime = 60 * lifetime_minutes

    def save(self, owned: MutableMapping[str, str], upload: UploadedFile) -> str:
        """Encrypt and store the upload; record its token and key in `owned`; return the token."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.clean()
        token, key = secrets.token_hex(16), AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(12)
        name = upload.name.encode("utf-8")[:400]
        plain = len(name).to_bytes(2, "big") + name + upload.data
        blob = nonce + AESGCM(key).encrypt(nonce, plain, token.encode())
        fd = os.open(self.folder / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        owned[token] = base64.urlsafe_b64encode(key).decode()
        for old in list(owned)[:-KEPT_PER_SESSION]:
            self.forget(owned, old)
        return token

    def load(self, owned: MutableMapping[str, str], token: str) -> UploadedFile:
        """Return the upload of this session's token, or refuse when it is gone or expired."""
        key = owned.get(token) if TOKEN.match(token) else None
        path = self.folder / token
        if key is None or not path.is_file() or self._expired(path):
            raise InputError(EXPIRED)
        blob = path.read_bytes()
        try:
            plain = AESGCM(base64.urlsafe_b64decode(key)).decrypt(
                blob[:12], blob[12:], token.encode()
            )
        except (InvalidTag, ValueError) as error:
            raise InputError(EXPIRED) from error
        size = int.from_bytes(plain[:2], "big")
        return UploadedFile(plain[2 : 2 + size].decode("utf-8", "replace"), plain[2 + size :])

    def forget(self, owned: MutableMapping[str, str], token: str) -> None:
        """Delete the upload and its key."""
        owned.pop(token, None)
        if TOKEN.match(token):
            (self.folder / token).unlink(missing_ok=True)

    def clean(self) -> int:
        """Delete every upload older than its lifetime; return how many."""
        if not self.folder.is_dir():
            return 0
        gone = 0
        for path in self.folder.iterdir():
            if path.is_file() and self._expired(path):
                path.unlink(missing_ok=True)
                gone += 1
        return gone

    def _expired(self, path: Path) -> bool:
        return path.stat().st_mtime < time.time() - self.lifetime
