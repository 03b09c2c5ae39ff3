"""A redaction plan as JSON: compact (boxes as flat lists of whole pixels) and checked on read."""

from __future__ import annotations

import json
from typing import Any

from evidencekit.domain.ids import StudentId
from evidencekit.domain.redaction import (
    PLAN_VERSION,
    Box,
    Caution,
    Edit,
    Keep,
    RedactionError,
    RedactionPlan,
    RedactMode,
    Track,
    TrackKind,
)


def _flat(boxes: Any) -> list[int]:
    return [round(v) for b in boxes for v in (b.x, b.y, b.w, b.h)]


def _boxes(values: list[Any]) -> tuple[Box, ...]:
    if len(values) % 4:
        raise ValueError("boxes come in fours")
    return tuple(Box(*map(float, values[i : i + 4])) for i in range(0, len(values), 4))


def plan_to_json(plan: RedactionPlan) -> str:
    tracks = []
    for t in plan.tracks:
        keep = None
        if t.keep is not None:
            keep = {"teacher": t.keep.teacher, "student": t.keep.student_id}
        tracks.append(
            {
                "id": t.id,
                "start": t.start,
                "boxes": _flat(t.boxes),
                "kind": str(t.kind),
                "flagged": list(t.flagged),
                "keep": keep,
                "removed": t.removed,
                "keyframes": {str(f): _flat([b]) for f, b in sorted(t.keyframes.items())},
                "score": round(t.score, 3),
                "detections": t.detections,
            }
        )
    data = {
        "version": PLAN_VERSION,
        "width": plan.width,
        "height": plan.height,
        "frame_times_ms": list(plan.frame_times_ms),
        "tracks": tracks,
        "detector": plan.detector,
        "detector_version": plan.detector_version,
        "settings": dict(plan.settings),
        "mode": str(plan.mode),
        "margin": plan.margin,
        "mutes": [list(m) for m in plan.mutes],
        "edits": [{"kind": e.kind, "track": e.track_id} for e in plan.edits],
        "reviewed": plan.reviewed,
        "output_sha256": plan.output_sha256,
        "rotation": plan.rotation,
        "cautions": [[c.kind, c.first, c.last, c.text] for c in plan.cautions],
        "hide_all_but_kept": plan.hide_all_but_kept,
    }
    return json.dumps(data, separators=(",", ":"))


def plan_from_json(text: str) -> RedactionPlan:
    try:
        data = json.loads(text)
        if data.get("version") != PLAN_VERSION:
            raise ValueError(f"plan version {data.get('version')!r}")
        tracks = []
        for t in data["tracks"]:
            keep = None
            if t["keep"] is not None:
                student = t["keep"]["student"]
                keep = Keep(
                    bool(t["keep"]["teacher"]), None if student is None else StudentId(student)
                )
            tracks.append(
                Track(
                    int(t["id"]),
                    int(t["start"]),
                    _boxes(t["boxes"]),
                    TrackKind(t["kind"]),
                    tuple(int(f) for f in t["flagged"]),
                    keep,
                    bool(t["removed"]),
                    {int(f): _boxes(b)[0] for f, b in t["keyframes"].items()},
                    float(t.get("score", 1.0)),
                    int(t.get("detections", 0)),
                )
            )
        return RedactionPlan(
            width=int(data["width"]),
            height=int(data["height"]),
            frame_times_ms=tuple(int(v) for v in data["frame_times_ms"]),
            tracks=tuple(tracks),
            detector=str(data["detector"]),
            detector_version=str(data["detector_version"]),
            settings=dict(data["settings"]),
            mode=RedactMode(data["mode"]),
            margin=float(data["margin"]),
            mutes=tuple((float(a), float(b)) for a, b in data["mutes"]),
            edits=tuple(Edit(str(e["kind"]), e["track"]) for e in data["edits"]),
            reviewed=bool(data["reviewed"]),
            output_sha256=data["output_sha256"],
            rotation=int(data["rotation"]),
            # Plans saved before cautions and hide-everything existed have neither.
            cautions=tuple(
                Caution(str(k), int(a), int(b), str(text))
                for k, a, b, text in data.get("cautions", [])
            ),
            hide_all_but_kept=bool(data.get("hide_all_but_kept", False)),
        )
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise RedactionError(f"The saved face-redaction plan cannot be read ({exc}).") from None
