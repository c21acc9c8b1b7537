"""One zip of everything stored for an athlete: the screens table and training log (CSV and
JSON) and each screen's files, with no folder of the server in any of it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

STORED_AS_IS = (".mp4", ".png", ".npz")  # already compressed


@dataclass
class ScreenFiles:
    """One screen in the archive: its folder name there, files to copy and texts to write."""

    folder: str
    files: dict[str, Path] = field(default_factory=dict)  # name in the zip -> file on disk
    texts: dict[str, str] = field(default_factory=dict)  # name in the zip -> content


def csv_text(rows: list[dict]) -> str:
    """Rows as CSV text with the union of their keys as columns."""
    buf = io.StringIO()
    columns = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


README = """{name}'s data from groundup, exported {when}.

assessments.csv, set_logs.csv and export.json: every screen and every logged set.
screens/<date>-<id>/: each screen's result (result.json), measures per frame (frames.csv), the report
(report.html; open it beside annotated.mp4 to play the video) and its pictures.
"""


def athlete_zip(name: str, when: str, tables: dict[str, list[dict]], screens: list[ScreenFiles]) -> bytes:
    """The zip's bytes: README, the tables as CSV and JSON, then each screen's folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", README.format(name=name, when=when))
        for table, rows in tables.items():
            z.writestr(f"{table}.csv", csv_text(rows))
        z.writestr("export.json", json.dumps({"person": name, **tables}, indent=2, default=str))
        for screen in screens:
            for arcname, text in screen.texts.items():
                z.writestr(f"screens/{screen.folder}/{arcname}", text)
            for arcname, path in screen.files.items():
                how = zipfile.ZIP_STORED if path.suffix in STORED_AS_IS else zipfile.ZIP_DEFLATED
                z.write(path, f"screens/{screen.folder}/{arcname}", compress_type=how)
    return buf.getvalue()
