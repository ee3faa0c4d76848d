"""Counsellors' optional notes, encrypted with a key kept outside the database."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from gepmonitor.core.config import Settings
from gepmonitor.core.errors import ConfigError


def _fernet(settings: Settings) -> Fernet:
    path = settings.resolved_notes_key_file()
    if not path.exists():
        raise ConfigError("The notes key is missing ({path}); run `gep init`.", path=str(path))
    return Fernet(path.read_bytes().strip())


def encrypt_note(settings: Settings, text: str) -> bytes:
    """Return the note encrypted (authenticated) with the instance's notes key."""
    return _fernet(settings).encrypt(text.encode("utf-8"))


def decrypt_note(settings: Settings, cipher: bytes) -> str:
    """Return the note's text; a wrong key gives a clear error, not garbage."""
    try:
        return _fernet(settings).decrypt(cipher).decode("utf-8")
    except InvalidToken as error:
        raise ConfigError("This note cannot be read with the current key.") from error
