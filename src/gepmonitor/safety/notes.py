"""Counsellors' optional notes, encrypted with a key kept outside the database.

The key file is read once per process and kept with its cipher, and read again when the file
changes (another size, modification time or file: a new key put in place), so a request does not
read it for every note. A file changed in the last SETTLE_SECONDS is read again each time: a
file system's clock ticks coarsely, so a second write of a same-sized key within one tick would
leave its time unchanged. A missing file is reported on every use, as before.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from gepmonitor.core.config import Settings
from gepmonitor.core.errors import ConfigError

# The file's identity as read: (path, inode, size, modification time in ns).
_Identity = tuple[str, int, int, int]
_kept: dict[str, tuple[_Identity, Fernet]] = {}
_lock = threading.Lock()
SETTLE_SECONDS = 2.0


def _identity(path: Path) -> _Identity | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), found.st_ino, found.st_size, found.st_mtime_ns)


def _fernet(settings: Settings) -> Fernet:
    path = settings.resolved_notes_key_file()
    identity = _identity(path)
    if identity is None:
        raise ConfigError("The notes key is missing ({path}); run `gep init`.", path=str(path))
    kept = _kept.get(str(path))
    if kept is not None and kept[0] == identity:
        return kept[1]
    fernet = Fernet(path.read_bytes().strip())
    settled = time.time_ns() - identity[3] > SETTLE_SECONDS * 1e9
    with _lock:
        if settled:
            _kept[str(path)] = (identity, fernet)
        else:
            _kept.pop(str(path), None)
    return fernet


def encrypt_note(settings: Settings, text: str) -> bytes:
    """Return the note encrypted (authenticated) with the instance's notes key."""
    return _fernet(settings).encrypt(text.encode("utf-8"))


def decrypt_note(settings: Settings, cipher: bytes) -> str:
    """Return the note's text; a wrong key gives a clear error, not garbage."""
    try:
        return _fernet(settings).decrypt(cipher).decode("utf-8")
    except InvalidToken as error:
        raise ConfigError("This note cannot be read with the current key.") from error
