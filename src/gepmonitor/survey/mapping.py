"""The survey mapping file (YAML): background columns, items to constructs, experience items.

scale: {min: 1, max: 5}
favourable_from: 4              # a construct score at or above this is favourable
background: {gender: Geslacht, age_band: Leeftijd, unit: Afdeling, manager: Leidinggevende}
constructs:
werkplezier: {items: [v1, v2, v3], reversed: [v3]}
experiences:                    # yes/no items: in the last 12 months I experienced ...
pesten_collega: {type: bullying, source: colleagues}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gepmonitor.core.errors import InputError

EXPERIENCE_TYPES = ("bullying", "discrimination", "sexual_harassment", "aggression")
EXPERIENCE_SOURCES = ("colleagues", "managers", "public")
BACKGROUND = ("gender", "age_band", "unit", "manager")


@dataclass
class Construct:
    """A construct measured by Likert items, some of them reversed."""

    name: str
    items: list[str]
    reversed: list[str] = field(default_factory=list)


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


def parse_mapping(text: str, name: str = "mapping") -> SurveyMapping:
    """Parse and check a mapping file's text; raise an InputError naming what is wrong."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise InputError("mapping.bad_yaml", file=name, error=str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("constructs"), dict):
        raise InputError("survey.mapping_shape", file=name)
    scale = data.get("scale") or {}
    low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
    if high <= low:
        raise InputError("survey.mapping_scale", file=name)
    constructs = []
    for construct, spec in data["constructs"].items():
        items = [str(i) for i in (spec or {}).get("items", [])]
        reversed_items = [str(i) for i in (spec or {}).get("reversed", [])]
        if not items or not set(reversed_items) <= set(items):
            raise InputError("survey.mapping_construct", file=name, construct=construct)
        constructs.append(Construct(str(construct), items, reversed_items))
    experiences = {}
    for column, spec in (data.get("experiences") or {}).items():
        kind, source = (spec or {}).get("type"), (spec or {}).get("source")
        if kind not in EXPERIENCE_TYPES or source not in EXPERIENCE_SOURCES:
            raise InputError(
                "survey.mapping_experience",
                file=name,
                column=column,
                types=", ".join(EXPERIENCE_TYPES),
                sources=", ".join(EXPERIENCE_SOURCES),
            )
        experiences[str(column)] = (kind, source)
    background = {k: str(v) for k, v in (data.get("background") or {}).items() if k in BACKGROUND}
    return SurveyMapping(
        low,
        high,
        float(data.get("favourable_from", high - 1)),
        background,
        constructs,
        experiences,
        text,
    )


def load_mapping(path: Path) -> SurveyMapping:
    """Read a mapping file."""
    if not path.is_file():
        raise InputError("textcheck.no_file", file=str(path))
    return parse_mapping(path.read_text(encoding="utf-8"), path.name)


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "survey.mapping_shape": (
            "{file}: het koppelbestand mist 'constructs:'.",
            "{file}: the mapping file lacks 'constructs:'.",
        ),
        "survey.mapping_scale": (
            "{file}: scale.max moet groter zijn dan scale.min.",
            "{file}: scale.max must be greater than scale.min.",
        ),
        "survey.mapping_construct": (
            "{file}: construct '{construct}' heeft geen items, of omgekeerde items die er niet "
            "bij horen.",
            "{file}: construct '{construct}' has no items, or reversed items not among them.",
        ),
        "survey.mapping_experience": (
            "{file}: ervaringsvraag '{column}' heeft type ({types}) en bron ({sources}) nodig.",
            "{file}: experience item '{column}' needs a type ({types}) and source ({sources}).",
        ),
    }
)
