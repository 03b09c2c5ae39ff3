"""Where a clip's takes join, for the 'continuous/unedited' rule.

Two kinds of join are found. A recording paused and resumed leaves no trace in
its file (the recorder closes the paused span), so the recorder lists its
pauses in ``<clip>.pauses.json`` beside the clip, and trimming carries the list
over to the trimmed copy. A file joined by an editor or a phone's export shows
it in its own timeline: a jump in its timestamps, or an MP4 edit list of
several pieces.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidencekit.domain.submissions import Cut

PAUSES_SUFFIX = ".pauses.json"
_MP4_FAMILY = (".mp4", ".m4v", ".mov")
# A join this close to an end of the clip joins nothing to it.
_END_SLACK_S = 0.05


def pauses_path(clip: Path) -> Path:
    return clip.with_name(clip.name + PAUSES_SUFFIX)


def save_pauses(clip: Path, pauses: Sequence[float]) -> None:
    """Record where ``clip`` was paused (seconds into it); no pauses leaves no file."""
    target = pauses_path(clip)
    if not pauses:
        target.unlink(missing_ok=True)  # a list left by an earlier clip of this name
        return
    temp = target.with_name(target.name + ".tmp")
    with temp.open("w", encoding="utf-8") as handle:
        json.dump({"pauses_s": [round(p, 3) for p in pauses]}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)


def load_pauses(clip: Path) -> list[float]:
    try:
        data = json.loads(pauses_path(clip).read_text(encoding="utf-8"))
        return sorted(float(p) for p in data["pauses_s"])
    except (OSError, ValueError, TypeError, KeyError):
        return []  # none, or unreadable: the file itself is still checked for joins


def pauses_within(clip: Path, start_s: float, end_s: float) -> list[float]:
    """The pauses of ``clip`` between ``start_s`` and ``end_s``, measured from ``start_s``."""
    return pauses_between(load_pauses(clip), start_s, end_s)


def pauses_between(pauses: Sequence[float], start_s: float, end_s: float) -> list[float]:
    """Those of ``pauses`` a cut from ``start_s`` to ``end_s`` keeps, measured from ``start_s``."""
    return [p - start_s for p in pauses if start_s + _END_SLACK_S < p < end_s - _END_SLACK_S]


def find_cuts(clip: Path) -> tuple[Cut, ...]:
    """Every join in ``clip``, in order; none for one continuous take."""
    # Here, not at the top: a trim only saves pauses, and starts quicker without these.
    from evidencekit.domain.submissions import Cut, CutKind
    from evidencekit.media.editing.mp4_edits import edit_list_joins
    from evidencekit.media.timeline_jumps import timeline_jumps

    jumps = timeline_jumps(clip)
    if clip.suffix.lower() in _MP4_FAMILY:
        jumps += [j for j in edit_list_joins(clip) if all(abs(j - k) > 0.5 for k in jumps)]
    cuts = [Cut(p, CutKind.PAUSE) for p in load_pauses(clip)]
    cuts += [Cut(j, CutKind.JUMP) for j in jumps]
    return tuple(sorted(cuts, key=lambda c: c.at_s))
