"""Thresholds as versioned data: packaged defaults (``data/thresholds.toml``), overridable from a TOML file.

Project-wide configuration: every stage reads its cut-offs from here, each with its unit and source.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from groundup.errors import ConfigError


@dataclass(frozen=True)
class Threshold:
    """One threshold: its value, unit and where the number comes from."""

    key: str
    value: float
    unit: str
    source: str

    def as_dict(self) -> dict:
        return {"key": self.key, "value": self.value, "unit": self.unit, "source": self.source}


class Thresholds:
    """All thresholds, addressed as ``'group.name'`` (e.g. ``'knee.valgus_mild'``)."""

    def __init__(self, version: str, items: dict[str, Threshold]) -> None:
        self.version = version
        self._items = items

    def __getitem__(self, key: str) -> Threshold:
        return self._items[key]

    def value(self, key: str) -> float:
        return self._items[key].value

    def keys(self) -> list[str]:
        return sorted(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def as_dict(self) -> dict:
        return {"version": self.version, "items": {k: t.as_dict() for k, t in sorted(self._items.items())}}


def _flatten(data: dict, where: str) -> dict[str, Threshold]:
    items = {}
    for group, table in data.items():
        if group == "version":
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: '{group}' must be a table of thresholds.")
        for name, entry in table.items():
            if not isinstance(entry, dict) or "value" not in entry:
                raise ConfigError(f"{where}: '{group}.{name}' needs a 'value'.")
            value = entry["value"]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{where}: '{group}.{name}' value must be a number, not {value!r}.")
            if not math.isfinite(value):
                raise ConfigError(f"{where}: '{group}.{name}' value must be a finite number, not {value!r}.")
            items[f"{group}.{name}"] = Threshold(f"{group}.{name}", float(value), str(entry.get("unit", "")),
                                                 str(entry.get("source", "")))
    return items


def parse_default_thresholds(text: str) -> Thresholds:
    """Thresholds from the text of a packaged thresholds file (refused like a config file when invalid)."""
    data = tomllib.loads(text)
    return Thresholds(str(data["version"]), _flatten(data, "packaged thresholds"))


def load_default_thresholds() -> Thresholds:
    """The thresholds packaged with this version of groundup."""
    packaged = resources.files("groundup.data").joinpath("thresholds.toml")
    return parse_default_thresholds(packaged.read_text(encoding="utf-8"))


def load_thresholds(config_path: str | Path | None = None) -> Thresholds:
    """Packaged thresholds, with the values of ``config_path`` laid over them.

    An override keeps the packaged unit and records its source as the user's file.
    Unknown keys are refused so that a typo cannot silently leave a default in place.
    """
    base = load_default_thresholds()
    if config_path is None:
        return base
    path = Path(config_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"No config file at '{path}'.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Config file '{path}' is not valid TOML: {exc}.") from None
    items = dict(base._items)
    for key, override in _flatten(data, str(path)).items():
        if key not in items:
            raise ConfigError(f"Config file '{path}': unknown threshold '{key}'. Known: {', '.join(base.keys())}.")
        default = items[key]
        source = f"user config {path.name} (default {default.value:g}: {default.source})"
        items[key] = Threshold(key, override.value, default.unit, source)
    return Thresholds(f"{base.version}+config", items)
