"""A clip's sound tracks, named for a person choosing one, and each written on its own.

A camera with a wireless microphone records two tracks; the bundle's copy keeps
both (normalize). Browsers play only a file's first track, so packing also
writes every further track as a sound-only file the viewer can play beside the
muted picture. Each such file keeps the track's time on the clip's clock: a
sound that starts 0.2 s into the clip starts 0.2 s into its own file too (an
edit list says so), so it plays in step with the picture from any moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from evidencekit.domain.errors import MediaError
from evidencekit.media.atomic import atomic_output
from evidencekit.media.clip_clock import clip_zero
from evidencekit.media.probe import MediaInfo

# ISO 639-2 codes that say nothing about the language.
_NO_LANGUAGE = {"und", "zxx", "mis", "mul", ""}


@dataclass(frozen=True)
class SoundTrack:
    number: int  # 1 for the first sound track, as players count them
    language: str | None  # ISO 639-2 code ("eng"), None when the file does not say
    title: str | None

    @property
    def label(self) -> str:
        """'Track 2 (eng · Wireless mic)': what a chooser shows."""
        details = [d for d in (self.language, self.title) if d]
        return f"Track {self.number}" + (f" ({' · '.join(details)})" if details else "")


def sound_tracks(info: MediaInfo) -> list[SoundTrack]:
    """Every sound track of a probed clip, in the file's order."""
    tracks = [s for s in info.streams if s.kind == "audio"]
    return [
        SoundTrack(n, s.language if (s.language or "") not in _NO_LANGUAGE else None, s.title)
        for n, s in enumerate(tracks, 1)
    ]


def write_sound_track(source: Path, number: int, target: Path) -> None:
    """Copy sound track ``number`` (1-based) of ``source`` into an MP4 sound file
    (``.m4a``), packets as they are, index first so a browser can start at once."""
    with atomic_output(target) as temp:
        try:
            with av.open(str(source), metadata_errors="ignore") as inp:
                if not 1 <= number <= len(inp.streams.audio):
                    raise MediaError(str(source), f"it has no sound track {number}.")
                sound = inp.streams.audio[number - 1]
                with av.open(
                    str(temp), "w", format="mp4", options={"movflags": "+faststart"}
                ) as out:
                    _copy(inp, sound, out)
        except av.error.FFmpegError as exc:
            raise MediaError(
                str(source), f"sound track {number} could not be copied ({exc.strerror})."
            ) from None


def _copy(
    inp: av.container.InputContainer,
    sound: av.audio.stream.AudioStream,
    out: av.container.OutputContainer,
) -> None:
    copy = out.add_stream_from_template(sound, opaque=True)
    for key in ("language", "title"):
        if sound.metadata.get(key):
            copy.metadata[key] = sound.metadata[key]
    # The clip's zero, not the track's own start, is the file's 0:00.
    shift = round(clip_zero(inp) / sound.time_base) if sound.time_base else 0
    for packet in inp.demux(sound):
        if packet.dts is None or packet.pts is None:
            continue  # the demuxer's end-of-stream marker
        packet.pts -= shift
        packet.dts -= shift
        packet.stream = copy
        out.mux(packet)
