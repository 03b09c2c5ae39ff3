"""Comments as WebVTT (plays beside the clip in any browser or player) and as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from evidencekit.domain.review import Comment, MarkerCategory

CUE_SECONDS = 4.0  # how long a comment stays on screen when it has no end of its own


def vtt_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    # A blank line would end the cue and "-->" would start a new one; & and < are markup.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in text.splitlines() if line.strip()) or "…"


def comments_to_vtt(
    comments: Iterable[Comment], markers: Iterable[MarkerCategory], duration_s: float | None = None
) -> str:
    """The clip's moment comments as a WebVTT track; essay comments are left out."""
    labels = {m.id: m.label for m in markers}
    timed = sorted((c for c in comments if c.at_s is not None), key=lambda c: c.at_s or 0.0)
    lines = ["WEBVTT", ""]
    for n, comment in enumerate(timed, start=1):
        start = comment.at_s or 0.0
        end = start + CUE_SECONDS
        if duration_s is not None:
            end = max(start + 0.001, min(end, duration_s))
        lines += [
            str(n),
            f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}",
            f"<v {labels.get(comment.category, comment.category)}>{_cue_text(comment.text)}",
            "",
        ]
    return "\n".join(lines)


CSV_COLUMNS = ("evidence", "time_s", "range_start", "range_end", "category", "author", "text")


def comments_to_csv(comments: Iterable[Comment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in comments:
        start, end = c.text_range if c.text_range else ("", "")
        at = "" if c.at_s is None else f"{c.at_s:.3f}"
        # A leading = + - @ would run as a formula when the file is opened in a spreadsheet.
        text = "'" + c.text if c.text[:1] in ("=", "+", "-", "@") else c.text
        writer.writerow((c.evidence, at, start, end, c.category, c.author, text))
    return out.getvalue()
