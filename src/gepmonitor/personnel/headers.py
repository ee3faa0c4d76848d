"""Header synonyms of HR-system exports (Dutch and English) and the optional mapping file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import yaml

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.yamltext import load_user_yaml

# Canonical input field -> header spellings (compared after normalise_header).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "personnel_number": (
        "personeelsnummer",
        "personeelsnr",
        "persnr",
        "medewerkernummer",
        "registratienummer",
        "personnel number",
        "employee id",
        "employee number",
        "employeeid",
        "id",
    ),
    "gender": ("geslacht", "gender", "sekse", "sex", "m/v"),
    "birth": (
        "geboortedatum",
        "geboortejaar",
        "birth date",
        "date of birth",
        "birthdate",
        "birth year",
        "year of birth",
    ),
    "scale": ("salarisschaal", "schaal", "scale", "salary scale", "functieschaal", "grade"),
    "step": ("trede", "salaristrede", "periodiek", "step", "salary step"),
    "fte": ("fte", "deeltijdfactor", "deeltijdpercentage", "part-time factor", "wtf"),
    "unit": ("afdeling", "eenheid", "unit", "team", "organisatieonderdeel", "department"),
    "is_manager": ("leidinggevende", "leidinggevend", "manager", "is manager", "lg"),
    "contract_type": (
        "contractsoort",
        "soort contract",
        "dienstverband",
        "contract type",
        "contract",
    ),
    "banenafspraak": ("banenafspraak", "participatiewet", "job agreement"),
    "hire_date": ("datum in dienst", "indienstdatum", "in dienst", "hire date", "start date"),
    "exit_date": (
        "datum uit dienst",
        "uitdienstdatum",
        "uit dienst",
        "exit date",
        "end date",
        "termination date",
    ),
    "exit_reason": (
        "reden uit dienst",
        "reden vertrek",
        "uitstroomreden",
        "exit reason",
        "reason for leaving",
    ),
    "pay": (
        "salaris",
        "bruto salaris",
        "brutosalaris",
        "maandsalaris",
        "pay",
        "salary",
        "gross pay",
    ),
}
NAME_HEADERS = (
    "naam",
    "voornaam",
    "achternaam",
    "voorletters",
    "tussenvoegsel",
    "roepnaam",
    "name",
    "first name",
    "last name",
    "surname",
    "full name",
)
REQUIRED_FIELDS = ("personnel_number", "gender", "scale")
FIELDS = tuple(SYNONYMS)
# What each field is called when the import preview shows the mapping.
FIELD_LABELS = {
    "banenafspraak": N_("banenafspraak (job agreement)"),
    "birth": N_("birth year or date"),
    "contract_type": N_("contract type"),
    "exit_date": N_("exit date"),
    "exit_reason": N_("exit reason"),
    "fte": N_("FTE"),
    "gender": N_("gender"),
    "hire_date": N_("hire date"),
    "is_manager": N_("manager"),
    "pay": N_("pay"),
    "personnel_number": N_("personnel number"),
    "scale": N_("salary scale"),
    "step": N_("step"),
    "unit": N_("unit"),
}


def normalise_header(header: str) -> str:
    """Return a header in comparable form: lower case, single spaces, no surrounding marks."""
    text = header.replace("\ufeff", "").strip().lower()
    text = re.sub(r"[_\-.:]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_LOOKUP = {normalise_header(s): name for name, spellings in SYNONYMS.items() for s in spellings}
_NAME_LOOKUP = {normalise_header(s) for s in NAME_HEADERS}


@dataclass
class ColumnMapping:
    """Which source column feeds which field, the value maps, and what was dropped."""

    fields: dict[str, int] = field(default_factory=dict)  # field -> column index
    headers: list[str] = field(default_factory=list)
    dropped_names: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)

    def source_of(self, name: str) -> str:
        """Return the source header that feeds a field."""
        return self.headers[self.fields[name]]


@dataclass
class MappingFile:
    """A user's mapping file: extra header -> field pairs and value maps per field."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


def load_mapping_file(path: Path, known: tuple[str, ...] = FIELDS) -> MappingFile:
    """Read a YAML mapping file ({columns: {header: field}, values: {field: {from: to}}}).

    ``known`` names the fields a header may map to (besides 'ignore'): the personnel import's
    by default; another import passes its own.
    """
    try:
        data = load_user_yaml(path.read_bytes().decode("utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            "Mapping file {file} cannot be read: {error}", file=str(path), error=str(error)
        ) from error
    except yaml.YAMLError as error:
        raise InputError(
            "Mapping file {file} is not valid YAML: {error}", file=str(path), error=str(error)
        ) from error
    columns_in, values_in = _parts(data, path)
    columns = {str(k): str(v) for k, v in columns_in.items()}
    for header, target in columns.items():
        if target not in known and target != "ignore":
            raise InputError(
                "Mapping file {file}: column '{header}' points to unknown field '{field}'; "
                "known: {known}, or 'ignore'.",
                file=str(path),
                header=header,
                field=target,
                known=", ".join(known),
            )
    values = {
        str(name): {str(k).strip().lower(): str(v) for k, v in (mapping or {}).items()}
        for name, mapping in values_in.items()
    }
    return MappingFile(columns=columns, values=values)


Values = dict[object, dict[object, object] | None]


def _parts(data: object, path: Path) -> tuple[dict[object, object], Values]:
    """Return the columns and values of a mapping file, refusing any other shape."""
    if not isinstance(data, dict):
        raise InputError(
            "Mapping file {file} must contain 'columns:' and optionally 'values:'.", file=str(path)
        )
    columns, values = data.get("columns") or {}, data.get("values") or {}
    if (
        not isinstance(columns, dict)
        or not isinstance(values, dict)
        or any(isinstance(v, dict | list) for v in columns.values())
        or any(not isinstance(m, dict | None) for m in values.values())
    ):
        raise InputError(
            "Mapping file {file} must contain 'columns:' and optionally 'values:'.", file=str(path)
        )
    return columns, cast(Values, values)


def map_columns(headers: list[str], mapping: MappingFile | None = None) -> ColumnMapping:
    """Decide which column feeds which field; names are dropped, unknown columns ignored."""
    mapping = mapping or MappingFile()
    explicit = {normalise_header(k): v for k, v in mapping.columns.items()}
    result = ColumnMapping(headers=headers, value_maps=mapping.values)
    for index, header in enumerate(headers):
        key = normalise_header(header)
        target = explicit.get(key) or _LOOKUP.get(key)
        if key in _NAME_LOOKUP and key not in explicit:
            result.dropped_names.append(header)
        elif target == "ignore" or target is None or target in result.fields:
            result.ignored.append(header)
        else:
            result.fields[target] = index
    return result
