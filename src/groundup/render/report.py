"""The self-contained HTML report: result.json in plain words, images embedded.

Everything the page shows is prepared here as plain data (pure functions of the
result dict); the Jinja template only lays it out, with autoescape on.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import jinja2

from groundup.pose.landmarks import SIDES

HEADLINE = {
    "neutral": "Your {side} knee stayed in line with your foot",
    "mild": "Your {side} knee caves in (mild)",
    "marked": "Your {side} knee caves in (marked)",
    "varus": "Your {side} knee pushes out past your foot",
}
MEANING = {
    "neutral": "Overall your knee tracked over your foot. That is what a coach looks for.",
    "valgus": "At the bottom the knee sat inside the line of the foot, toward the other knee, or drifted there as "
              "you went down. This 'knee cave' (valgus) "
              "is common and usually trainable: it often comes from hip muscles that switch on late, stiff "
              "ankles or habit. It puts more sideways stress on the knee, which matters more under load, "
              "in jumps and landings.",
    "varus": "The knee travelled outward beyond the foot. Pushing the knees out is often a deliberate cue; "
             "it is rarely a problem in a squat unless it hurts.",
    "insufficient": "We would rather say nothing than guess. The video did not let us measure the knee "
                    "reliably, so no verdict was given.",
}
COMPENSATION = {
    "shoulder_elevates": "{Side} shoulder shrugs up", "arm_falls": "{Side} arm falls forward",
    "foot_turns_out": "{Side} foot turns out", "trunk_shifts": "Trunk shifts to one side",
    "pelvis_drops": "Pelvis drops on one side",
}
STATS = (("hip_yaw_deg", "Camera angle off the front", "{:.0f} deg"), ("person_height", "Person's height in frame",
         "{:.0%}"), ("lower_visibility", "How well legs and feet were seen", "{:.0%}"),
         ("invalid_share_in_reps", "Frames lost during reps", "{:.0%}"), ("knee_jitter", "Knee landmark jitter",
         "{:.3f} shin lengths"), ("reps", "Reps found", "{:.0f}"), ("duration_s", "Clip length", "{:.1f} s"))


def state_of(knee: dict) -> str:
    """'neutral', 'mild', 'marked', 'varus' or 'insufficient' from a knee finding."""
    if knee["verdict"] == "valgus":
        return "marked" if knee["severity"] == "marked" else "mild"
    return knee["verdict"] if knee["verdict"] in ("neutral", "varus") else "insufficient"


def _foot(knee: dict) -> dict | None:
    """The knee-over-the-foot check of a knee finding, when it was judged."""
    check = (knee.get("checks") or {}).get("inside_foot")
    return check if check and check.get("value") is not None else None


def _crossed(knee: dict) -> bool:
    """Whether any rep crossed a valgus cut-off (on either criterion)."""
    foot = _foot(knee)
    return knee.get("reps_affected", 0) > 0 or bool(foot and foot["reps_affected"] > 0)


def headline(side: str, knee: dict) -> str:
    """The one-sentence verdict for a knee ('in line' only when no rep crossed a cut-off)."""
    state = state_of(knee)
    if state == "insufficient":
        return f"We could not judge your {side} knee"
    if state == "neutral" and _crossed(knee):
        return f"Your {side} knee did not cave in overall"
    return HEADLINE[state].format(side=side)


def _reps(n: int) -> str:
    return f"typical of {n} rep{'s' if n != 1 else ''}"


def foot_sentence(foot: dict) -> str:
    """Where the knee sat over the foot at the bottom, against its cut-off."""
    v, cut = foot["value"], foot["threshold"]["value"]
    if v >= cut:
        where = f"{v:.2f} shin lengths inside the line of your foot"
    elif v >= 0:
        where = f"over your foot, {v:.2f} shin lengths toward the inside of its line"
    else:
        where = f"{-v:.2f} shin lengths outside the line of your foot"
    return (f"At the bottom your knee sat {where} ({_reps(foot['reps_judged'])}); inside the foot counts from "
            f"{cut:.2f}.")


def change_sentence(knee: dict, mild: float | None) -> str:
    """How far the knee moved inward against standing."""
    v = knee["value"]
    line = f" Caving in counts from {mild:.2f} shin lengths inward." if mild is not None else ""
    if v < 0:
        return f"Your knee never moved inward of where it stood ({_reps(knee['reps_judged'])}).{line}"
    return (f"Your knee moved up to {v:.2f} shin lengths inward compared with standing "
            f"({_reps(knee['reps_judged'])}).{line}")


def smallest_sentence(knee: dict, mild: float | None) -> str:
    """What this clip could have missed, for a knee called in line."""
    x = knee.get("smallest_detectable_collapse")
    if x is None:
        return ""
    text = (f"A knee caving in by {x:.2f} shin lengths or more would have been seen in this video; a smaller "
            "collapse could go unnoticed.")
    if mild is not None and x > mild:
        text += (f" That is more than the {mild:.2f} that already counts as caving in, so this result is less "
                 "certain: film five or more deep reps from straight in front.")
    return text


def detail(knee: dict, mild: float | None) -> str:
    """The numbers behind the verdict, or why there is none."""
    v, state = knee["value"], state_of(knee)
    if state == "insufficient" or v is None:
        return " ".join(knee["reasons"]) or "The video could not be measured."
    if state == "varus":
        return (f"Your knee moved up to {abs(v):.2f} shin lengths outward of where it stood, outside the toes "
                f"({_reps(knee['reps_judged'])}).")
    foot = _foot(knee)
    parts = [change_sentence(knee, mild), foot_sentence(foot) if foot else ""]
    if knee.get("criterion") == "inside_foot":
        parts = [parts[1], parts[0], "The knee did not have to move to cave in: it stayed inside the foot instead "
                                     "of travelling out over the toes as you went down."]
    if state != "neutral":
        parts.append(f"{knee['reps_affected']} of {knee['reps_judged']} reps crossed the line.")
    else:
        parts.append(smallest_sentence(knee, mild))
    return " ".join(p for p in parts if p)


def meaning(sides: list[dict]) -> list[dict]:
    """'What it means', one paragraph per distinct verdict, naming the knees it is about."""
    groups: dict[str, list[str]] = {}
    for s in sides:
        groups.setdefault("valgus" if s["state"] in ("mild", "marked") else s["state"], []).append(s["side"])
    return [{"who": "Both knees" if len(who) == 2 else f"{who[0].capitalize()} knee", "text": MEANING[key]}
            for key, who in groups.items()]


def side_view(side: str, result: dict) -> dict:
    """Everything the page shows for one side."""
    knee = result["sides"][side]["knee"]
    ankle = result["sides"][side]["ankle"]
    mild = result["thresholds"]["items"].get("knee.valgus_mild", {}).get("value")
    foot_check = (knee.get("checks") or {}).get("inside_foot") or {}
    return {"side": side, "state": state_of(knee), "headline": headline(side, knee), "detail": detail(knee, mild),
            "confidence": knee["confidence_label"], "confidence_pct": round(100 * knee["confidence"]),
            "reasons": knee["reasons"], "evidence": evidence_rows(knee), "ankle": ankle_words(side, ankle),
            "still": still_caption(side, knee), "foot_note": foot_check.get("note", ""),
            "foot_source": public_source((foot_check.get("threshold") or {}).get("source"))}


def still_caption(side: str, knee: dict) -> str:
    """What the worst-moment picture shows (picked as render.worst_rep.worst_rep_frames picks it)."""
    state = state_of(knee)
    if state == "varus":
        return f"{side.capitalize()} knee at the moment it moved furthest outward."
    if _foot(knee) and (state == "neutral" or knee.get("criterion") in ("inside_foot", "both")):
        return (f"{side.capitalize()} knee at the bottom of the rep where it sat furthest inside the dashed line "
                "rising from the toes (the line of the foot). The grey ring marks where it would be had it kept "
                "its standing place over the ankle.")
    return (f"{side.capitalize()} knee at the moment it moved furthest inward of where it stood (the grey ring "
            "marks that standing place).")


def _value(v: float | None) -> str:
    return "not measured" if v is None else f"{v:+.3f}"


UNIT_WORDS = (("shank length", "shin lengths"), ("leg length", "leg lengths"), ("torso length", "torso lengths"),
              ("deg", "°"), ("s ", "s"), ("share", "share"), ("ratio", ""), ("times", "times"))


def unit_words(unit: str | None) -> str:
    """A unit as the reader says it: 'shank lengths of inward collapse ...' is 'shin lengths'."""
    text = (unit or "").strip()
    if text in ("s", "reps", "steps"):
        return text
    return next((short for prefix, short in UNIT_WORDS if text.startswith(prefix)), text.split(" (")[0])


def _threshold(th: dict | None) -> str:
    return f"{th['value']:+.2f} {unit_words(th.get('unit'))}".strip() if th else ""


INTERNAL = re.compile(r"issue \d|probe|benchmarks/|tests/|\.py|readme|\.md\b|groundup|unverified|liftcheck|ucsd|"
                      r"pose2sim|sports2d|clip|mirror of|same value|twice the|same size", re.IGNORECASE)
CITATION = re.compile(r"\b(?:[A-Z][\w'-]+(?:,? (?:&|and) [A-Z][\w'-]+|, [A-Z][\w'-]+)*(?: et al\.?)? (?:19|20)\d\d|"
                      r"NASM overhead squat(?: assessment)?|LESS(?= )|Winter 2009)")
OWN_DATA = "measured on groundup's reference clips"
OWN_CHOICE = "groundup's own setting, not yet validated in a study"


def public_source(source: str | None) -> str:
    """Where a cut-off comes from, as a reader should see it: the citations in the source, and
    "measured on groundup's reference clips" (or "groundup's own setting") for the rest; never the
    internal notes (issue numbers, test and benchmark names) the thresholds file keeps for us."""
    text = (source or "").strip()
    if not text or not INTERNAL.search(text):
        return text
    if text.lower().startswith("groundup"):
        cited = []
    else:
        cited = list(dict.fromkeys(m.group(0) for m in CITATION.finditer(text)))
    measured = re.search(r"groundup data|probe|benchmarks/|tests/|clips?\b", text, re.IGNORECASE)
    own = OWN_DATA if measured else OWN_CHOICE
    return "; ".join([*cited, own]) if not cited or measured else "; ".join(cited)


def third_person(text: str, name: str) -> str:
    """Words written to the athlete ("Your left knee ... your foot") as a coach reads them ("Ana's left
    knee ... their foot"): the first "your" becomes the name, later ones "their", "you" "they"."""
    named = re.sub(r"\b[Yy]our\b", f"{name}'s", text, count=1)
    named = re.sub(r"\byour\b", "their", named)
    named = re.sub(r"\bYour\b", "Their", named)
    named = re.sub(r"\byou\b", "they", named)
    return re.sub(r"\bYou\b", "They", named)


def evidence_rows(knee: dict) -> list[dict]:
    """One row per rep: the change against standing and, where judged, the position over the foot."""
    foot = {e["rep"]: e for e in ((knee.get("checks") or {}).get("inside_foot") or {}).get("evidence", [])}
    rows = []
    for e in knee["evidence"]:
        f = foot.get(e["rep"])
        th = e.get("threshold") or {}
        rows.append({"rep": e["rep"], "time": "" if e["time_s"] is None else f"{e['time_s']:.1f} s",
                     "value": _value(e["value"]), "threshold": _threshold(th),
                     "source": public_source(th.get("source")),
                     "foot": "not judged" if f is None else _value(f["value"]),
                     "foot_threshold": "" if f is None else _threshold(f.get("threshold"))})
    return rows


def ankle_words(side: str, ankle: dict) -> str:
    """The ankle flag in plain words."""
    v = ankle["verdict"]
    if v == "eversion":
        return f"{side.capitalize()} ankle: may roll in (flag only, low certainty)."
    if v == "inversion":
        return f"{side.capitalize()} ankle: may roll out (flag only, low certainty)."
    if v == "neutral":
        return f"{side.capitalize()} ankle: no rolling in or out seen."
    return f"{side.capitalize()} ankle: not judged."


def compensation_rows(result: dict) -> list[dict]:
    """The compensations table."""
    rows = []
    for c in result["compensations"]:
        side, _, key = c["name"].partition("_")
        name = COMPENSATION.get(key, "").format(Side=side.capitalize()) if side in SIDES else \
            COMPENSATION.get(c["name"], c["name"].replace("_", " "))
        present = "not judged" if c["present"] is None else "yes" if c["present"] else "no"
        rows.append({"name": name or c["name"], "present": present, "confidence": round(100 * c["confidence"])})
    return rows


def capture_view(capture: dict) -> dict:
    """Quality-gate checks, the statistics behind them and the re-filming advice."""
    issues = [{"severity": "stops a verdict" if i["severity"] == "refuse" else "lowers certainty",
               "refuse": i["severity"] == "refuse", "message": i["message"], "advice": i["advice"]}
              for i in sorted(capture["issues"], key=lambda i: i["severity"] != "refuse")]
    stats = [{"name": label, "value": fmt.format(capture["stats"][key])}
             for key, label, fmt in STATS if capture["stats"].get(key) is not None]
    return {"can_judge": capture["can_judge"], "issues": issues, "stats": stats}


def next_steps(states: list[str], capture: dict) -> list[str]:
    """What the lifter should do now, most important first."""
    refuse = [i["advice"] for i in capture["issues"] if i["refuse"]]
    warn = [i["advice"] for i in capture["issues"] if not i["refuse"]]
    steps = []
    if "insufficient" in states:
        steps = [f"Film again: {_lower_first(advice)}" for advice in dict.fromkeys(refuse)]
        steps += [f"Also: {_lower_first(advice)}" for advice in dict.fromkeys(warn) if advice not in refuse]
    if "mild" in states or "marked" in states:
        steps += ["Follow the corrective warm-up program groundup prescribes (groundup plan --person NAME once the "
                  "clip is stored for a person), then re-test: film the same movement from the same camera spot in "
                  "4 weeks.",
                  "Until then, squat with a load and depth at which you can keep each knee over its foot."]
    elif all(s in ("neutral", "varus") for s in states):
        steps.append("Nothing to correct. Re-test now and then, or when you change load, stance or shoes.")
    if capture["can_judge"]:
        steps += [f"For a more certain result next time: {advice}" for advice in dict.fromkeys(warn)]
    if any(s in ("marked", "varus") for s in states):
        steps.append("If a knee hurts during or after squats, see a physiotherapist or doctor.")
    return steps


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def data_uri(path: str | Path) -> str:
    """A PNG file as a base64 data URI."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def page_data(result: dict, assets: dict[str, str], athlete: str | None = None, video: str | None = None) -> dict:
    """All template variables; ``athlete`` names the person, ``video`` replaces the relative video file
    (a data URI makes a downloaded report play its video wherever it is opened)."""
    sides = [side_view(s, result) for s in SIDES]
    capture = capture_view(result["capture"])
    states = [s["state"] for s in sides]
    images = {k: data_uri(p) for k, p in assets.items() if p and Path(p).is_file()}
    clip = Path(str((result.get("video") or {}).get("path") or "")).name
    return {"r": result, "sides": sides, "capture": capture, "meaning": meaning(sides),
            "steps": next_steps(states, capture),
            "compensations": compensation_rows(result), "images": images,
            "video": video or result.get("files", {}).get("annotated_video", "annotated.mp4"),
            "clip": clip, "athlete": athlete or "", "filmed": str(result.get("created_utc", ""))[:10],
            "symmetry": symmetry_words(result["symmetry"]),
            "title": screen_title(result), "recognised": result["movement"].get("recognised"),
            "screen": screen_view(result.get("screen"))}


RATING_WORDS = {"good": "good", "poor": "poor", "present": "yes", "absent": "no", "measured": "measured",
                "unknown": "not judged"}


def screen_title(result: dict) -> str:
    """The screen's name for people ("Overhead squat", "Drop-jump landing", ...)."""
    from groundup.screens import SCREENS

    name = result["movement"]["requested"]
    return SCREENS[name].title if name in SCREENS else name


def screen_view(screen: dict | None) -> dict | None:
    """The screen's rated criteria, events and notes, formatted for the page; each threshold's
    source listed once below the table."""
    if not screen:
        return None
    rows, sources = [], {}
    for c in screen["criteria"]:
        th = c.get("threshold") or {}
        value = "" if c["value"] is None else f"{c['value']:.3g} {unit_words(c['unit'])}".strip()
        cut = "" if not th else f"{th['value']:g} {unit_words(th.get('unit'))}".strip()
        if th:
            sources[th["key"]] = f"{c['label']}, cut-off {cut}: {public_source(th.get('source'))}"
        rows.append({"side": c["side"], "label": c["label"], "rating": RATING_WORDS.get(c["rating"], c["rating"]),
                     "css": c["rating"], "value": value, "threshold": cut, "key": th.get("key", ""),
                     "source": public_source(th.get("source")),
                     "confidence": round(100 * c["confidence"]), "note": c["note"]})
    events = [f"{e['kind'].replace('_', ' ')}{' (' + e['side'] + ')' if e['side'] else ''} at {e['time_s']:.2f} s"
              for e in screen["events"]]
    return {"criteria": rows, "events": events, "notes": screen["notes"], "sources": list(sources.values())}


def symmetry_words(sym: dict) -> str:
    """Both sides compared, in one sentence."""
    pattern = str(sym.get("pattern", ""))
    return {"both": "Both knees cave in.", "none": "Neither knee caves in.",
            "left only": "Only the left knee caves in: the two sides differ.",
            "right only": "Only the right knee caves in: the two sides differ."}.get(pattern, "")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("groundup.render", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_report_html(result: dict, assets: dict[str, str], athlete: str | None = None,
                       video: str | None = None) -> str:
    """The report page. ``assets`` maps 'worst_rep_left', 'worst_rep_right' and 'plots' to PNG paths;
    ``athlete`` and ``video`` as in ``page_data``."""
    return _environment().get_template("report.html.j2").render(**page_data(result, assets, athlete, video))


def video_data_uri(path: str | Path) -> str:
    """An MP4 file as a data URI, for a report that must play its video on its own."""
    return "data:video/mp4;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")
