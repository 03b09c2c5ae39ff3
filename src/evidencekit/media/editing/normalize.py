"""The file that goes into a bundle: H.264 + AAC in MP4, index first, under the size cap.

Any browser plays it (the evaluator may have nothing but a browser). Phone
rotation stays as the display matrix, which browsers honour, so portrait stays
portrait without re-rotating pixels. Each picture keeps its own timestamp, so
variable-frame-rate phone clips stay in sync with their sound. A clip that is
already H.264 (+ AAC) and small enough is only re-wrapped with the index first,
without re-encoding: faster, and not a generation worse. Every sound track is
kept (a wireless microphone on track 2 is often the one worth hearing).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.tasks import Reporter
from evidencekit.domain.text import format_duration
from evidencekit.media.atomic import atomic_output
from evidencekit.media.editing.remux import copy_range
from evidencekit.media.editing.transcode import (
    EncodeSettings,
    output_format,
    scaled_size,
    transcode,
)
from evidencekit.media.probe import MediaInfo, probe

_MB = 1_000_000
AUDIO_BITRATE = 96_000
# Share of the cap left for the MP4 index and for single-pass rate control's overshoot.
_SIZE_MARGIN = 0.06
_MIN_VIDEO_BITRATE = 150_000
# Above this rate a classroom picture gains nothing visible; smaller files pack faster.
# 3 Mbps for 1280x720, scaled by the pixels actually encoded (640x360 gets 0.75 Mbps).
_CEILING_BITS_PER_PIXEL = 3_000_000 / (1280 * 720)
DEFAULT_PRESET = "veryfast"


@dataclass(frozen=True)
class NormalizeResult:
    path: Path
    size_bytes: int
    duration_s: float
    video_bitrate: int | None
    has_audio: bool
    attempts: int
    reencoded: bool


def choose_settings(
    info: MediaInfo, max_mb: float | None, preset: str = DEFAULT_PRESET
) -> EncodeSettings:
    """Bitrate from duration so the file fits ``max_mb``; picture size from the bitrate."""
    audio = AUDIO_BITRATE if info.has_audio else 0
    if max_mb is None:
        return EncodeSettings(
            preset=preset, crf=23, max_short_side=720, audio_bitrate=audio or AUDIO_BITRATE
        )
    budget_bits = max_mb * _MB * 8 * (1 - _SIZE_MARGIN) - 64_000 * 8
    video = int(budget_bits / max(info.duration_s, 0.1)) - audio
    if video < _MIN_VIDEO_BITRATE:
        raise MediaError(
            info.path,
            f"a {format_duration(info.duration_s)} clip cannot be made to fit in {max_mb:g} MB "
            "and still be watchable; trim it shorter first.",
        )
    # Fewer bits look better on fewer pixels: step down the picture size as the budget shrinks.
    short_side = 720 if video >= 1_200_000 else 480 if video >= 600_000 else 360
    width, height = scaled_size(info.width, info.height, short_side)
    ceiling = max(_MIN_VIDEO_BITRATE, int(width * height * _CEILING_BITS_PER_PIXEL))
    return EncodeSettings(
        preset=preset,
        video_bitrate=min(video, ceiling),
        max_short_side=short_side,
        audio_bitrate=audio or AUDIO_BITRATE,
    )


def normalize(
    source: Path,
    target: Path,
    *,
    max_mb: float | None = None,
    preset: str = DEFAULT_PRESET,
    force_encode: bool = False,
    reporter: Reporter | None = None,
) -> NormalizeResult:
    """Write the browser-ready copy of ``source`` to ``target`` atomically."""
    reporter = reporter or Reporter.silent()
    fmt = output_format(target)
    if fmt not in ("mp4", "mov"):
        raise MediaError(str(target), "the normalized copy is an MP4 file; name it .mp4.")
    if os.path.abspath(source) == os.path.abspath(target):
        raise MediaError(str(target), "write the normalized copy to a new file, not the original.")
    info = probe(source)
    settings = choose_settings(info, max_mb, preset)
    limit = None if max_mb is None else int(max_mb * _MB)
    attempts = 0
    if not force_encode and _browser_ready(source, info, limit):
        with atomic_output(target) as temp:
            copy_range(
                source,
                temp,
                "mp4",
                0.0,
                None,
                rotation=info.rotation,
                reporter=reporter,
                message=f"Preparing {source.name}",
                options={"movflags": "+faststart"},
                clock_jumps=bool(info.clock_jumps),
            )
        size = target.stat().st_size
        return NormalizeResult(target, size, info.duration_s, None, info.has_audio, 0, False)
    with atomic_output(target) as temp:
        while True:
            attempts += 1
            result = transcode(
                source,
                temp,
                settings,
                fmt="mp4",
                rotation=info.rotation,
                reporter=reporter,
                message=f"Preparing {source.name}",
                clock_jumps=bool(info.clock_jumps),
            )
            size = temp.stat().st_size
            if limit is None or size <= limit or settings.video_bitrate is None or attempts > 2:
                break
            # Rate control overshot (rare, on very busy pictures): aim lower by the miss.
            lowered = int(settings.video_bitrate * limit / size * 0.92)
            if lowered < _MIN_VIDEO_BITRATE:
                break
            settings = EncodeSettings(
                settings.preset,
                lowered,
                settings.crf,
                settings.max_short_side,
                settings.audio_bitrate,
            )
            reporter.report(0, None, f"Preparing {source.name} again, smaller")
        if limit is not None and size > limit:
            raise MediaError(
                str(source),
                f"the clip could not be made smaller than {max_mb:g} MB; trim it first.",
            )
    return NormalizeResult(
        target, size, info.duration_s, settings.video_bitrate, result.has_audio, attempts, True
    )


def _browser_ready(source: Path, info: MediaInfo, limit: int | None) -> bool:
    """H.264 in 8-bit 4:2:0 with AAC or no sound, in MP4, small enough: every browser plays it."""
    if info.video_codec != "h264":
        return False
    if any(s.codec != "aac" for s in info.streams if s.kind == "audio"):
        return False
    if "mp4" not in info.container.split(","):
        return False
    if (limit is not None and info.size_bytes > limit) or min(info.width, info.height) > 1080:
        return False
    try:
        with av.open(str(source), metadata_errors="ignore") as container:
            video = container.streams.video[0]
            # A partly re-encoded trim changes its parameter sets mid-stream ('avc3'):
            # FFmpeg and Chromium play it, but not every browser an evaluator may use,
            # so its bundle copy is encoded whole into plain 'avc1'.
            return video.codec_context.pix_fmt == "yuv420p" and video.codec_tag != "avc3"
    except av.error.FFmpegError:
        return False
