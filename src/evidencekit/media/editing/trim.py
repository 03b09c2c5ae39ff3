"""Cutting a clip to an in point and an out point, without re-encoding when possible.

A stream copy can only begin on a keyframe (a picture that needs no earlier
one), so ``plan_trim`` reports the keyframes either side of the in point for
the teacher to snap to. The out point may fall anywhere: packets are kept in
decoding order up to it, so every kept picture still has what it refers to, less
the pictures shown after it that nothing kept can refer to (see remux).
When the in point is not on a keyframe and the teacher keeps it, an H.264 clip
written as MP4 or MOV has only its head re-encoded, from the in point to the
next keyframe, and the rest copied (see smart_cut). Any other clip has the
whole stretch re-encoded (H.264 + AAC). The result says which was done.

Times count from the clip's zero (the container's start time: camcorders start
their clocks at 100 s, DVDs at 0.5 s). A re-encoded cut goes into MP4, MOV or
Matroska; asked for another ending (.avi, .mts, .mpg) the file is written with
.mp4 instead, and the result's path and note say so.

Only the ends are ever cut (one in point, one out point), so a trimmed clip is
still one continuous take, as "continuous/unedited" slots require.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.domain.tasks import Reporter
from evidencekit.media.atomic import atomic_output
from evidencekit.media.clip_clock import SteadyClock, clip_zero, time_base
from evidencekit.media.editing.remux import CodecDoesNotFit, copy_range
from evidencekit.media.probe import MediaInfo, probe
from evidencekit.media.takes import pauses_within, save_pauses

if TYPE_CHECKING:
    from evidencekit.media.editing.smart_cut import SmartCut
    from evidencekit.media.editing.transcode import EncodeSettings

COPY_FORMATS = {
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mov",
    ".mkv": "matroska",
    ".webm": "webm",
    ".avi": "avi",
    ".mts": "mpegts",
    ".m2ts": "mpegts",
    ".ts": "mpegts",
    ".mpg": "vob",
    ".mpeg": "vob",
    ".vob": "vob",
}
# What a re-encoded cut is written as when the name asked for cannot hold it.
_REENCODED_SUFFIX = ".mp4"
_COPIED = "The cut is copied without re-encoding (lossless)."


def trim_reencode() -> EncodeSettings:
    """A trimmed original is kept, not submitted; it should look as good as the source."""
    # Imported here, as smart_cut below: a lossless copy (the common trim) needs neither.
    from evidencekit.media.editing.transcode import EncodeSettings

    return EncodeSettings(preset="veryfast", crf=18, max_short_side=None, audio_bitrate=160_000)


class TrimMethod(StrEnum):
    COPY = "copy"  # packets copied as they are: fast and lossless
    REENCODE = "reencode"  # the stretch decoded and encoded again
    # Only the pictures up to the keyframe after the in point re-encoded; the rest copied.
    PARTIAL_REENCODE = "partial-reencode"


class TrimMode(StrEnum):
    AUTO = "auto"  # copy when the in point is a keyframe, else re-encode (partly if it can)
    SNAP = "snap"  # move the in point back to the keyframe before it, then copy
    COPY = "copy"  # copy or refuse
    REENCODE = "reencode"


@dataclass(frozen=True)
class TrimPlan:
    start_s: float
    end_s: float
    keyframe_before_s: float  # the latest keyframe at or before the in point
    keyframe_after_s: float | None  # the next keyframe after the in point, if any
    on_keyframe: bool
    # Off a keyframe, what can still be copied (H.264 sources whose keyframes allow it).
    partial: SmartCut | None = None

    @property
    def method(self) -> TrimMethod:
        if self.on_keyframe:
            return TrimMethod.COPY
        return TrimMethod.PARTIAL_REENCODE if self.partial else TrimMethod.REENCODE

    def note(self) -> str:
        if self.on_keyframe:
            return _COPIED
        if self.partial is None:
            return self.reencode_note()
        head = (
            f"Only the first {self.partial.keyframe_s - self.start_s:.2f} s up to the next keyframe"
        )
        if self.partial.end_keyframe_s is None:
            done = f"{head} is re-encoded; the rest is copied losslessly."
        else:
            tail = self.end_s - self.partial.end_keyframe_s
            done = (
                f"{head} and the last {tail:.2f} s from the last keyframe are re-encoded; "
                "the rest is copied losslessly."
            )
        return f"{done} Start at {self._keyframes()} to copy it all."

    def reencode_note(self) -> str:
        return (
            f"The in point {self.start_s:.2f} s is not on a keyframe, so the clip is "
            f"re-encoded. Start at {self._keyframes()} to copy it losslessly."
        )

    def _keyframes(self) -> str:
        after = "" if self.keyframe_after_s is None else f" or {self.keyframe_after_s:.2f} s"
        return f"{self.keyframe_before_s:.2f} s{after}"


@dataclass(frozen=True)
class TrimResult:
    path: Path
    start_s: float
    end_s: float
    method: TrimMethod
    note: str


def plan_trim(stretch: Stretch, info: MediaInfo | None = None) -> TrimPlan:
    """Find the keyframes around the in point (reads little); ``info`` saves a second probe."""
    info = info or probe(stretch.source)
    start_s, end_s = stretch.start_s, stretch.end_s
    if start_s >= info.duration_s:
        raise MediaError(
            info.path, f"the in point is past the end of the clip ({info.duration_s:.2f} s)."
        )
    end_s = min(end_s, info.duration_s)
    before, after = probed_keyframes_around(info, start_s)
    # Half a frame of slack: a time typed in seconds rarely lands on a frame exactly.
    frame = 1 / info.fps if info.fps else 0.04
    on_keyframe = abs(start_s - before) <= frame / 2 or start_s == 0.0
    # Some cameras put the keyframe a frame after the second (4.033 for 4.0): it counts
    # as the in point, or snapping would jump back a whole group of pictures.
    if not on_keyframe and after is not None and after - start_s <= frame * 1.5:
        before, on_keyframe = after, True
    if on_keyframe:
        start_s = before
    partial = None
    if not on_keyframe and after is not None and after < end_s:
        from evidencekit.media.editing.smart_cut import plan_smart_cut

        partial = plan_smart_cut(Path(info.path), after, end_s)
    return TrimPlan(start_s, end_s, before, after, on_keyframe, partial)


def probed_keyframes_around(info: MediaInfo, at_s: float) -> tuple[float, float | None]:
    """``keyframes_around`` from the keyframes probe found, without opening the file again."""
    if not info.keyframes_s:
        return keyframes_around(Path(info.path), at_s, bool(info.clock_jumps))
    keys = info.keyframes_s
    after = next((n for n, key in enumerate(keys) if key > at_s + 1e-6), len(keys))
    return (keys[after - 1] if after else 0.0), (keys[after] if after < len(keys) else None)


def keyframes_around(
    path: Path, at_s: float, clock_jumps: bool = False
) -> tuple[float, float | None]:
    """The keyframes just before (or at) and just after ``at_s``, from the packet index.

    A file whose clock jumps is read from its start with the clock joined up."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            video = container.streams.video[0]
            tb = time_base(video)
            origin = clip_zero(container)
            if clock_jumps:
                return _keyframes_from_start(container, video, origin, at_s)
            back = 0.0
            while True:
                target = max(0.0, at_s - back)
                container.seek(int((origin + target) / tb), stream=video, backward=True)
                before, after = _keyframes_near(container.demux(video), origin, at_s)
                if before is not None or target == 0.0:
                    return (before if before is not None else 0.0), after
                back = back * 2 + 5.0  # the index pointed past the in point; look earlier
    except av.error.FFmpegError as exc:
        raise MediaError(str(path), f"the clip cannot be read ({exc.strerror}).") from None


def _keyframes_near(
    packets: Iterator[av.Packet], origin: float, at_s: float, clock: SteadyClock | None = None
) -> tuple[float | None, float | None]:
    before = None
    for packet in packets:
        if clock is not None:
            clock.fix(packet)
        if packet.pts is None or not packet.is_keyframe:
            continue
        t = float(packet.pts * packet.time_base) - origin
        if t > at_s + 1e-6:
            return before, t
        before = t
    return before, None


def _keyframes_from_start(
    container: av.container.InputContainer,
    video: av.video.stream.VideoStream,
    origin: float,
    at_s: float,
) -> tuple[float, float | None]:
    before, after = _keyframes_near(container.demux(video), origin, at_s, SteadyClock(container))
    return (before if before is not None else 0.0), after


def trim(
    stretch: Stretch,
    target: Path,
    *,
    mode: TrimMode = TrimMode.AUTO,
    reporter: Reporter | None = None,
) -> TrimResult:
    """Write ``stretch`` of its source into ``target``; nothing on failure."""
    reporter = reporter or Reporter.silent()
    source = stretch.source
    if Path(source).resolve() == Path(target).resolve():
        raise MediaError(str(target), "write the trimmed clip to a new file, not the original.")
    info = probe(source)
    plan = plan_trim(stretch, info)
    if mode is TrimMode.SNAP and not plan.on_keyframe:
        plan = TrimPlan(
            plan.keyframe_before_s, plan.end_s, plan.keyframe_before_s, plan.keyframe_after_s, True
        )
    if mode is TrimMode.COPY and not plan.on_keyframe:
        raise MediaError(str(source), plan.reencode_note())
    method = TrimMethod.REENCODE if mode is TrimMode.REENCODE else plan.method
    if method is TrimMethod.PARTIAL_REENCODE:
        from evidencekit.media.editing.smart_cut import SMART_FORMATS

        if target.suffix.lower() not in SMART_FORMATS:
            method = TrimMethod.REENCODE  # the mixed parameter sets need MP4's avc3 entry
    unfit = ""
    if method is TrimMethod.COPY and target.suffix.lower() not in COPY_FORMATS:
        raise MediaError(str(target), f"name the trimmed clip {', '.join(COPY_FORMATS)}.")
    if method is TrimMethod.COPY:
        try:
            with atomic_output(target) as temp:
                copy_range(
                    source,
                    temp,
                    COPY_FORMATS[target.suffix.lower()],
                    plan.start_s,
                    plan.end_s,
                    rotation=info.rotation,
                    reporter=reporter,
                    message=f"Trimming {source.name}",
                    clock_jumps=bool(info.clock_jumps),
                )
            return _done(source, target, plan, method, _COPIED)
        except CodecDoesNotFit as misfit:  # found before anything was written
            if mode in (TrimMode.COPY, TrimMode.SNAP):
                raise MediaError(
                    str(target),
                    f"a {target.suffix} file cannot hold the clip's {misfit.codec} without "
                    "re-encoding; name it .mkv or .mp4.",
                ) from None
            unfit = (
                f"A {target.suffix} file cannot hold the clip's {misfit.codec} as it is, "
                "so it was re-encoded."
            )
            method = TrimMethod.REENCODE
    return _reencoded(source, target, info, plan, method, mode, unfit, reporter)


def _reencoded(
    source: Path,
    target: Path,
    info: MediaInfo,
    plan: TrimPlan,
    method: TrimMethod,
    mode: TrimMode,
    unfit: str,
    reporter: Reporter,
) -> TrimResult:
    """The cut re-encoded, whole or only its ends (``method``)."""
    from evidencekit.media.editing.smart_cut import SMART_FORMATS, smart_trim
    from evidencekit.media.editing.transcode import OUTPUT_FORMATS, output_format, transcode

    settings = trim_reencode()
    renamed = ""
    if target.suffix.lower() not in OUTPUT_FORMATS:
        asked = target
        target = target.with_suffix(_REENCODED_SUFFIX)
        if target.exists() or Path(source).resolve() == target.resolve():
            raise MediaError(
                str(asked),
                f"a re-encoded cut cannot be a {asked.suffix} file, and {target.name} "
                "is already there; choose a name ending in .mp4.",
            )
        renamed = (
            f" A {asked.suffix} file cannot hold the re-encoded picture, so it was "
            f"written as {target.name}."
        )
    with atomic_output(target) as temp:
        if method is TrimMethod.PARTIAL_REENCODE:
            assert plan.partial is not None
            smart_trim(
                Stretch(source, plan.start_s, plan.end_s),
                temp,
                SMART_FORMATS[target.suffix.lower()],
                plan.partial,
                crf=settings.crf,
                preset=settings.preset,
                rotation=info.rotation,
                reporter=reporter,
                message=f"Trimming {source.name}",
            )
            note = plan.note()
        else:
            transcode(
                source,
                temp,
                settings,
                fmt=output_format(target),
                start_s=plan.start_s,
                end_s=plan.end_s,
                rotation=info.rotation,
                reporter=reporter,
                message=f"Trimming {source.name}",
                clock_jumps=bool(info.clock_jumps),
            )
            if mode is TrimMode.REENCODE:
                note = "Re-encoded on request."
            else:
                note = unfit or plan.reencode_note()
    return _done(source, target, plan, method, note + renamed)


def _done(source: Path, target: Path, plan: TrimPlan, method: TrimMethod, note: str) -> TrimResult:
    # A recording's pauses leave no trace in the file; the trimmed copy keeps those it spans.
    save_pauses(target, pauses_within(source, plan.start_s, plan.end_s))
    return TrimResult(target, plan.start_s, plan.end_s, method, note)
