"""A batch's summary: one row per clip, written as summary.csv and summary.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from groundup.output import write_json
from groundup.store.repo import _side_columns

SIDE_FIELDS = ("knee_verdict", "knee_value", "knee_confidence", "ankle_verdict")
FIELDS = ("clip", "movement", *(f"{side}_{f}" for side in ("left", "right") for f in SIDE_FIELDS),
          "status", "error", "folder")


def clip_row(clip: str, status: str, error: str, folder: Path | None) -> dict[str, Any]:
    """The summary row of one clip; a finished clip's figures come from its ``result.json``."""
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    row.update(clip=clip, status=status, error=error or None, folder=str(folder) if folder else None)
    result = _read_result(folder) if status == "done" and folder else None
    if result is not None:
        row["movement"] = (result.get("movement") or {}).get("requested")
        for side in ("left", "right"):
            found = _side_columns(result, side)
            row.update({f"{side}_{f}": found[f"{side}_{f}"] for f in SIDE_FIELDS})
    return row


def _read_result(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_summary(out: Path, rows: list[dict[str, Any]]) -> None:
    """summary.csv and summary.json in ``out``, each replaced whole (never half-written)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    tmp = out / ".summary.csv.tmp"
    tmp.write_text(text.getvalue(), encoding="utf-8")
    tmp.replace(out / "summary.csv")
    tmp = out / ".summary.json.tmp"
    write_json(tmp, {"clips": rows})
    tmp.replace(out / "summary.json")
