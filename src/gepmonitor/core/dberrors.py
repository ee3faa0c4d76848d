"""What a database's refusal means for the user: one clear message, never a 500 with SQL.

A read-only, full or busy database, a disk that refuses a write, or a clash with a change made
at the same moment, each becomes one message (web and CLI).

Anything else the database raises is a bug and stays an internal error; its text never carries
the statement's parameters (engines are made with ``hide_parameters=True``, core.db).
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError

from gepmonitor.core.errors import ConflictError, GepError

# PostgreSQL SQLSTATE codes (psycopg errors carry .sqlstate) and SQLite result names (Python's
# sqlite3 errors carry .sqlite_errorname).
_READ_ONLY = {"25006", "SQLITE_READONLY", "SQLITE_READONLY_DBMOVED", "SQLITE_READONLY_DIRECTORY"}
_FULL = {"53100", "SQLITE_FULL"}
# A write the disk refused: a file-size or quota limit (EFBIG, EDQUOT) or a failing disk. SQLite
# reports SQLITE_FULL only for ENOSPC; PostgreSQL's 58030 is its io_error.
_WRITE_FAILED = {"58030", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE"}
_BUSY = {"40001", "40P01", "55P03", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT"}
_UNIQUE = {"23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


class DatabaseUnavailableError(GepError):
    """The database cannot take the change now (read-only, full or busy); nothing was saved."""

    http_status = 503


def _code(error: DBAPIError) -> str:
    cause = error.orig
    code = getattr(cause, "sqlstate", None) or getattr(cause, "sqlite_errorname", None)
    if code is None and cause is not None and "readonly database" in str(cause):
        return "SQLITE_READONLY"  # older sqlite3 modules carry no error name
    return str(code or "")


def database_refusal(error: DBAPIError) -> GepError | None:
    """Return the user's message for a database refusal, or None when the error is a bug."""
    code = _code(error)
    if code in _READ_ONLY:
        return DatabaseUnavailableError(
            "The database accepts no changes at the moment (it is read-only), so nothing was "
            "saved. Reading still works; ask the administrator."
        )
    if code in _FULL:
        return DatabaseUnavailableError(
            "The database's disk is full, so nothing was saved. Ask the administrator to make room."
        )
    if code in _WRITE_FAILED:
        return DatabaseUnavailableError(
            "The database could not write to its disk (it is full, over its quota or failing), "
            "so nothing was saved. Ask the administrator to check the disk."
        )
    if code in _BUSY:
        return DatabaseUnavailableError(
            "The database is busy with another change, so nothing was saved. Try again in a moment."
        )
    if isinstance(error, IntegrityError) and code in _UNIQUE:
        return ConflictError(
            "The same record was saved by another request at the same moment (for instance the "
            "same file imported twice at once), so nothing of this one was saved. Reload the "
            "page and try again."
        )
    return None
