"""The session page: every clip's verdict per side and how each screen compares with the squat."""

from __future__ import annotations

from pathlib import Path

from groundup.render.report import _environment
from groundup.screens import SCREENS

COMPARISON_CSS = {"reference": "ref", "the same": "same", "more prominent": "more", "less prominent": "less"}


def _title(movement: str | None) -> str:
    return SCREENS[movement].title if movement in SCREENS else "not analysed"


def session_view(summary: dict) -> dict:
    """Template variables: the clips, the per-side comparison table and the sentences."""
    clips = [{**c, "title": _title(c["movement"]),
              "report": f"{c['folder']}/report.html" if c["folder"] else None} for c in summary["clips"]]
    sides = []
    for side, rows in summary["comparison"].items():
        sides.append({"side": side, "rows": [{**r, "title": _title(r["movement"]),
                                              "css": COMPARISON_CSS.get(r["comparison"], "none"),
                                              "value_text": "-" if r["value"] is None else f"{r['value']:+.2f}",
                                              "conf": round(100 * r["confidence"])} for r in rows]})
    return {"s": summary, "clips": clips, "sides": sides}


def render_session_html(summary: dict) -> str:
    return _environment().get_template("session.html.j2").render(**session_view(summary))


def write_session_report(path: Path, summary: dict) -> None:
    """Write ``session.html`` beside the clips' folders."""
    Path(path).write_text(render_session_html(summary), encoding="utf-8")
