"""Domain exceptions: each carries an English msgid and parameters, rendered in Dutch or English.

The CLI prints one as a single line (exit code 2); the web shows it on the page or as JSON
``{"detail": ...}``. Nothing a user submits should surface as anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Self, TypeVar

from gepmonitor.core.i18n import gettext, ngettext

T = TypeVar("T")
MAX_LISTED = 200  # problems listed for one file; the summary still gives the true count


class GepError(Exception):
    """Base of every error a user can cause; never shown as a traceback."""

    http_status = 400

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
        self.msgid_plural: str | None = None
        self.n = 0

    @classmethod
    def plural(cls, singular: str, plural: str, n: int, **params: object) -> Self:
        """Return the error whose text depends on a count n (ngettext's singular and plural)."""
        error = cls(singular, n=n, **params)
        error.msgid_plural, error.n = plural, n
        return error

    @property
    def key(self) -> str:
        """Return the msgid (the name from before the texts were English msgids)."""
        return self.msgid

    def render(self, lang: str | None = "en") -> str:
        """Return the message in the given language."""
        if self.msgid_plural is not None:
            return ngettext(self.msgid, self.msgid_plural, self.n, lang, **self.params)
        return gettext(self.msgid, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


class ConfigError(GepError):
    """The instance is not set up correctly (missing key file, bad setting)."""

    http_status = 500


class NotFoundError(GepError):
    """A requested record or organisation does not exist (or is not visible to the user)."""

    http_status = 404


class PermissionDeniedError(GepError):
    """The user's role may not do this."""

    http_status = 403


class ConflictError(GepError):
    """The request clashes with existing data (e.g. a peildatum that is already imported)."""

    http_status = 409


class InputError(GepError):
    """One bad value in user input, optionally located by file, row and column."""

    http_status = 422


@dataclass(frozen=True)
class Problem:
    """One problem found while validating a file: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    msgid: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str | None = "en") -> str:
        """Return 'file, row R, column C (value 'V'): message' in the given language."""
        where = [self.file]
        if self.row is not None:
            where.append(gettext("row {row}", lang, row=self.row))
        if self.column is not None:
            where.append(gettext("column '{column}'", lang, column=self.column))
        text = ", ".join(where)
        if self.value is not None:
            text += " " + gettext("(value '{value}')", lang, value=self.value)
        return f"{text}: {gettext(self.msgid, lang, **dict(self.params))}"


class ValidationFailedError(GepError):
    """A file had one or more problems; nothing was written."""

    http_status = 422

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        count = len(problems) if total is None else total
        super().__init__("{count} problems found; nothing was written.", count=count)
        self.problems = problems

    def summary(self, lang: str | None = "en") -> str:
        """Return the first line: how many problems (the true count) and that nothing was saved."""
        count, shown = int(str(self.params["count"])), len(self.problems)
        if count > shown:
            return gettext(
                "{count} problems found; nothing was written. Only the first {shown} are listed.",
                lang,
                count=count,
                shown=shown,
            )
        return ngettext(
            "{count} problem found; nothing was written.",
            "{count} problems found; nothing was written.",
            count,
            lang,
            count=count,
        )

    def render(self, lang: str | None = "en") -> str:
        """Return the summary line followed by one line per problem."""
        return "\n".join([self.summary(lang), *(problem.render(lang) for problem in self.problems)])


class Checks:
    """Runs independent checks and keeps every error they raise, each with the field it is about.

    Validation that must report all problems at once (a file import) uses this instead of
    stopping at the first exception.
    """

    def __init__(self) -> None:
        self.errors: list[tuple[str | None, GepError]] = []

    def add(self, field: str | None, error: GepError) -> None:
        """Record an error about a field (None: the record as a whole)."""
        self.errors.append((field, error))

    def attempt(self, field: str | None, check: Callable[[], T]) -> T | None:
        """Return what the check returns, or None after recording the error it raised."""
        try:
            return check()
        except GepError as error:
            self.add(field, error)
            return None

    def failed(self, *fields: str) -> bool:
        """Return whether any of the fields has an error (a rule that needs it is skipped)."""
        return any(field in fields for field, _ in self.errors)


def row_problems(
    file: str, row: int, cells: Mapping[str, str], errors: Iterable[tuple[str | None, GepError]]
) -> list[Problem]:
    """Return the errors of one row as problems naming its row, column and value.

    The problems follow the order of the row's cells (a problem of the whole row comes last).
    """
    position = {column: index for index, column in enumerate(cells)}
    ordered = sorted(errors, key=lambda item: position.get(item[0] or "", len(position)))
    return [
        Problem(
            file,
            row,
            column,
            cells.get(column) if column is not None else None,
            error.msgid,
            tuple(error.params.items()),
        )
        for column, error in ordered
    ]


def raise_problems(problems: list[Problem]) -> None:
    """Raise ValidationFailedError when there are problems: the first MAX_LISTED, the true count."""
    if problems:
        raise ValidationFailedError(problems[:MAX_LISTED], len(problems))
