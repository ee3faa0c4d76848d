"""The survey mapping file (YAML): background columns, items to constructs, experience items.

scale: {min: 1, max: 5}
favourable_from: 4              # a construct score at or above this is favourable
background: {gender: Geslacht, age_band: Leeftijd, unit: Afdeling, manager: Leidinggevende}
constructs:                     # label / label_en: how reports name the construct
  werkplezier: {items: [v1, v2, v3], reversed: [v3], label: Werkplezier, label_en: Job satisfaction}
experiences:                    # yes/no items: in the last 12 months I experienced ...
  pesten_collega: {type: bullying, source: colleagues}

background.gender is required; the other background columns are optional. Unknown keys are
errors, so that a typo ("geslacht:" for "gender:") does not silently drop a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.reader import Source
from gepmonitor.core.yamltext import load_user_yaml


@dataclass
class Construct:
    """A construct measured by Likert items, some of them reversed."""

    name: str
    items: list[str]
    reversed: list[str] = field(default_factory=list)
    label_nl: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        """Return the construct's label in the language (its key when it has none)."""
        return (self.label_en if lang == "en" else self.label_nl) or self.name


@dataclass
class SurveyMapping:
    """The parsed mapping file."""

    scale_min: int
    scale_max: int
    favourable_from: float
    background: dict[str, str]
    constructs: list[Construct]
    experiences: dict[str, tuple[str, str]]  # column -> (type, source)
    text: str = ""

    @property
    def items(self) -> list[str]:
        """Return every Likert item column."""
        return [item for c in self.constructs for item in c.items]


class _Spec(BaseModel):
    """A section of the mapping file: unknown keys are errors, so a typo is not ignored."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only_when_lenient(cls, data: Any, info: ValidationInfo) -> Any:
        # Mappings stored with earlier rounds were checked by older rules: read them leniently.
        if info.context and info.context.get("lenient") and isinstance(data, dict):
            return {k: v for k, v in data.items() if k in cls.model_fields}
        return data


class _Scale(_Spec):
    min: int = 1
    max: int = 5


class _Background(_Spec):
    gender: str | None = None
    age_band: str | None = None
    unit: str | None = None
    manager: str | None = None


class _Construct(_Spec):
    items: list[str] = Field(min_length=1)
    reversed: list[str] = []
    label: str | None = None
    label_en: str | None = None


class _Experience(_Spec):
    type: Literal["bullying", "discrimination", "sexual_harassment", "aggression"]
    source: Literal["colleagues", "managers", "public"]


class _Mapping(_Spec):
    scale: _Scale = _Scale()
    favourable_from: float | None = None
    background: _Background = _Background()
    constructs: dict[str, _Construct] = Field(min_length=1)
    experiences: dict[str, _Experience] = {}


def _yaml(text: str, name: str) -> dict[str, Any]:
    """Return the YAML document as a dict; a syntax error is one line with line and column."""
    try:
        data = load_user_yaml(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            "{file}, line {line}, column {column}: not valid YAML ({problem}).",
            file=name,
            line=mark.line + 1 if mark else "?",
            column=mark.column + 1 if mark else "?",
            problem=getattr(error, "problem", None) or "?",
        ) from error
    if not isinstance(data, dict):
        raise InputError(
            "{file}: the mapping file must have sections (scale, background, constructs, ...).",
            file=name,
        )
    return data


# pydantic's error types as one sentence naming the file and key.
MAPPING_PROBLEMS = {
    "missing": N_("{file}, key '{where}': is missing."),
    "extra_forbidden": N_(
        "{file}, key '{where}': unknown key (allowed: scale, favourable_from, background "
        "with gender, age_band, unit, manager; constructs with items, reversed, label, "
        "label_en; experiences with type, source)."
    ),
    "int_parsing": N_("{file}, key '{where}': must be a whole number."),
    "int_type": N_("{file}, key '{where}': must be a whole number."),
    "int_from_float": N_("{file}, key '{where}': must be a whole number."),
    "float_parsing": N_("{file}, key '{where}': must be a number."),
    "float_type": N_("{file}, key '{where}': must be a number."),
    "list_type": N_("{file}, key '{where}': must be a list, like [a, b]."),
    "model_type": N_("{file}, key '{where}': must be a section with keys, like {{items: [a, b]}}."),
    "model_attributes_type": N_("{file}, key '{where}': must be a section with keys."),
    "dict_type": N_("{file}, key '{where}': must be a section with keys."),
    "too_short": N_("{file}, key '{where}': must not be empty."),
    "string_type": N_("{file}, key '{where}': must be text."),
    "literal_error": N_("{file}, key '{where}': must be one of: {expected}."),
    "other": N_("{file}, key '{where}': {detail}."),
}


def _validated(data: dict[str, Any], name: str, lenient: bool) -> _Mapping:
    """Return the checked mapping, or raise one line naming the file, key and problem."""
    try:
        return _Mapping.model_validate(data, context={"lenient": lenient})
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "constructs"
        raise InputError(
            MAPPING_PROBLEMS.get(first["type"], MAPPING_PROBLEMS["other"]),
            file=name,
            where=key,
            detail=first["msg"],
            expected=str(first.get("ctx", {}).get("expected", "")).replace(" or ", ", "),
        ) from error


def parse_mapping(text: str, name: str = "mapping", *, lenient: bool = False) -> SurveyMapping:
    """Parse and check a mapping file's text; raise an InputError naming what is wrong.

    lenient: for mappings stored with a round, which earlier rules accepted; unknown keys are
    skipped and no gender column is required.
    """
    spec = _validated(_yaml(text, name), name, lenient)
    low, high = spec.scale.min, spec.scale.max
    if high <= low:
        raise InputError("{file}: scale.max must be greater than scale.min.", file=name)
    favourable = spec.favourable_from if spec.favourable_from is not None else high - 1
    if not low <= favourable <= high:
        raise InputError(
            "{file}: favourable_from must lie between {low} and {high}.",
            file=name,
            low=low,
            high=high,
        )
    constructs = []
    for construct, c in spec.constructs.items():
        if not set(c.reversed) <= set(c.items):
            raise InputError(
                "{file}: construct '{construct}' has reversed items that are not among its items.",
                file=name,
                construct=construct,
            )
        label = c.label or construct.replace("_", " ").capitalize()
        constructs.append(Construct(construct, c.items, c.reversed, label, c.label_en or label))
    background = {k: v for k, v in spec.background.model_dump().items() if v}
    if "gender" not in background and not lenient:
        raise InputError(
            "{file}: background.gender is missing; name the column that holds gender.", file=name
        )
    return SurveyMapping(
        low,
        high,
        favourable,
        background,
        constructs,
        {column: (e.type, e.source) for column, e in spec.experiences.items()},
        text,
    )


def load_mapping(path: Source) -> SurveyMapping:
    """Read a mapping file (a path or an upload)."""
    if isinstance(path, Path) and not path.is_file():
        raise InputError("File {file} does not exist.", file=str(path))
    data = path.read_bytes() if isinstance(path, Path) else path.data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            "{file}: not UTF-8 text ({error}); save the mapping file as UTF-8.",
            file=path.name,
            error=error.reason,
        ) from error
    return parse_mapping(text, path.name)
