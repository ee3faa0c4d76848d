"""The lock files pin every dependency pyproject.toml asks for, inside its range, with hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][^\\\n]*?)\s*\\?$", re.M)


def _pin_lines(name: str) -> list[Requirement]:
    """Return every pin of a lock (a universal lock may pin a package per Python version)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return [Requirement(line) for line in PIN.findall(text)]


def _pins(name: str) -> dict[str, str]:
    """Return the version each package is pinned to for the running Python."""
    pins = {}
    for requirement in _pin_lines(name):
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            assert spec.operator == "==", requirement
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _requirements(*, test: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = list(project["project"]["dependencies"]) + project["build-system"]["requires"]
    if test:
        wanted += project["project"]["optional-dependencies"]["test"]
    return [Requirement(line) for line in wanted]


def _unmet(lock: str, *, test: bool) -> list[str]:
    pins = _pins(lock)
    problems = []
    for requirement in _requirements(test=test):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name} is not in {lock}")
        elif not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement.name}=={pinned} in {lock} is outside {requirement}")
    return problems


def test_dev_lock_pins_every_requirement_in_its_range():
    assert _unmet("requirements-dev.lock", test=True) == [], "run `make lock`"


def test_runtime_lock_pins_every_requirement_with_the_dev_lock_versions():
    assert _unmet("requirements.lock", test=False) == [], "run `make lock`"
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_pin_has_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        assert len(entries) == len(_pin_lines(lock)) > 50
        for entry in entries:
            assert "--hash=sha256:" in entry, entry.splitlines()[0]
