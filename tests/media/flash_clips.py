"""Flash-and-beep clips in the containers schools' cameras write, made with the ffmpeg CLI.

Each second starts with one white picture (the rest are black) and a 50 ms beep,
so a cut's first and last kept second, and the sound's sync with the picture,
can be measured from the result alone. The clips are made by a tool nobody here
wrote, with the quirks real cameras have: a transport stream whose clock starts
at 100 s, a program stream starting at 0.52 s, MPEG-4 AVI with keyframes a frame
after each second, audio that outlasts the picture, a second sound track.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

FPS = 30
SIZE = "160x96"
BEEP_S = 0.05
SECONDS = 8


@dataclass(frozen=True)
class FlashClip:
    name: str
    suffix: str
    video: list[str]  # ffmpeg output options for the picture
    audio: list[str]  # for the sound (every track)
    extra: tuple[str, ...] = ()  # container options
    audio_tracks: int = 1
    audio_seconds: float = SECONDS  # the sound may run on past the picture


# Frame 1 of every other second is a keyframe, so keyframes land one frame late.
_LATE_KEYS = ["-force_key_frames", "expr:eq(n,0)+eq(mod(n,60),1)*gt(n,1)", "-g", "600"]
_X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-g", str(FPS), "-pix_fmt", "yuv420p"]

FLASH_CLIPS = {
    c.name: c
    for c in (
        # AVCHD camcorder: H.264 + AC-3 in a 192-byte-packet transport stream from 100 s.
        FlashClip(
            "avchd",
            ".mts",
            _X264,
            ["-c:a", "ac3", "-b:a", "96k"],
            ("-f", "mpegts", "-mpegts_m2ts_mode", "1", "-output_ts_offset", "98.6"),
        ),
        # DVD-style MPEG-2 + MP2 program stream; its clock starts near 0.52 s.
        FlashClip(
            "dvd",
            ".mpg",
            ["-c:v", "mpeg2video", "-g", "15", "-b:v", "600k"],
            ["-c:a", "mp2", "-b:a", "128k"],
            (
                "-f",
                "vob",
            ),
        ),
        FlashClip(
            "avi_late_keys",
            ".avi",
            ["-c:v", "mpeg4", "-q:v", "5", "-sc_threshold", "1000000000", *_LATE_KEYS],
            # Without this the MP3 encoder's delay makes ffmpeg drop the second picture.
            ["-c:a", "libmp3lame", "-b:a", "64k", "-avoid_negative_ts", "disabled"],
        ),
        FlashClip(
            "vp9",
            ".mkv",
            [
                "-c:v",
                "libvpx-vp9",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                "-g",
                "30",
                "-b:v",
                "200k",
            ],
            ["-c:a", "libopus", "-b:a", "48k"],
        ),
        FlashClip(
            "hevc10",
            ".mov",
            [
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p10le",
                "-x265-params",
                "log-level=error:keyint=30",
                "-tag:v",
                "hvc1",
            ],
            ["-c:a", "aac", "-b:a", "64k"],
        ),
        FlashClip("h264", ".mp4", [*_X264, "-bf", "2"], ["-c:a", "aac", "-b:a", "64k"]),
        # Matroska stores no decoding times: with B-frames the first after a seek have none.
        FlashClip("h264_bframes", ".mkv", [*_X264, "-bf", "2"], ["-c:a", "aac", "-b:a", "64k"]),
        FlashClip("two_tracks", ".mp4", _X264, ["-c:a", "aac", "-b:a", "64k"], audio_tracks=2),
        FlashClip(
            "long_audio",
            ".mp4",
            _X264,
            ["-c:a", "aac", "-b:a", "64k"],
            audio_seconds=SECONDS + 4,
        ),
        FlashClip(
            "av1_mp3",
            ".mkv",
            [
                "-c:v",
                "libaom-av1",
                "-cpu-used",
                "8",
                "-row-mt",
                "1",
                "-g",
                "30",
                "-crf",
                "50",
                "-usage",
                "realtime",
            ],
            ["-c:a", "libmp3lame", "-b:a", "64k"],
        ),
    )
}


def ffmpeg(*args: str | Path) -> None:
    """Run the ffmpeg CLI, quietly; a failure fails the test."""
    subprocess.run(["ffmpeg", "-v", "error", *map(str, args)], check=True)


def make_flash_clip(path: Path, clip: FlashClip, seconds: int = SECONDS) -> Path:
    flash = f"drawbox=c=white:t=fill:enable='lt(mod(t+0.001\\,1)\\,{0.5 / FPS:.4f})'"
    audio_s = clip.audio_seconds if clip.audio_seconds != SECONDS else seconds
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"color=c=black:s={SIZE}:r={FPS}:d={seconds}",
        "-f",
        "lavfi",
        "-i",
        _beeps(1000, audio_s),
    ]
    if clip.audio_tracks == 2:
        # The wireless microphone: its beep is a higher tone, on track 2.
        command += ["-f", "lavfi", "-i", _beeps(2000, audio_s)]
    command += ["-vf", flash, "-map", "0:v", "-map", "1:a"]
    if clip.audio_tracks == 2:
        command += ["-map", "2:a"]
    command += [*clip.video, *clip.audio, "-ac", "1", *clip.extra, str(path)]
    subprocess.run(command, check=True, capture_output=True)
    return path


def _beeps(tone: int, seconds: float) -> str:
    """A beep in the first 50 ms of every second, sample-exact (aevalsrc, not a filter's frames)."""
    return f"aevalsrc=0.5*sin(2*PI*{tone}*t)*lt(mod(t\\,1)\\,{BEEP_S}):s=48000:d={seconds}"


def joined_segments(folder: Path, seconds: int = 4) -> tuple[Path, Path]:
    """Two camcorder segments, both clocked from 100 s, joined end to end (``cat``).

    Returns the joined file and its first segment: the clock jumps back at the join."""
    clip = FLASH_CLIPS["avchd"]
    first = make_flash_clip(folder / f"segment{clip.suffix}", clip, seconds)
    joined = folder / f"joined{clip.suffix}"
    joined.write_bytes(first.read_bytes() * 2)
    return joined, first


@dataclass(frozen=True)
class Measured:
    flashes: list[float]  # times of the white pictures, seconds from the file's zero
    beeps: list[float]  # onsets of the beeps on the first sound track
    frames: int
    first_picture: float
    last_picture: float

    def sync(self) -> float:
        """How far the sound trails the picture (median over the flashes after the first)."""
        gaps = [
            min(self.beeps, key=lambda b: abs(b - flash)) - flash
            for flash in self.flashes[1:]
            if self.beeps
        ]
        return float(np.median(gaps)) if gaps else float("nan")


def measure(path: Path, audio_index: int = 0) -> Measured:
    """Every picture decoded (an error fails the caller) and every flash and beep found."""
    with av.open(str(path)) as container:
        zero = container.start_time / av.time_base if container.start_time is not None else 0.0
        times, flashes = [], []
        for frame in container.decode(video=0):
            plane = frame.to_ndarray(format="gray")
            times.append(float(frame.time) - zero)
            if plane.mean() > 128:
                flashes.append(times[-1])
    beeps = beep_onsets(path, audio_index)
    return Measured(_runs(flashes, 0.5), beeps, len(times), min(times), max(times))


def beep_onsets(path: Path, audio_index: int = 0) -> list[float]:
    with av.open(str(path)) as container:
        zero = container.start_time / av.time_base if container.start_time is not None else 0.0
        stream = container.streams.audio[audio_index]
        onsets: list[float] = []
        for frame in container.decode(stream):
            samples = np.abs(frame.to_ndarray().astype(np.float64))
            if samples.ndim > 1:
                samples = samples.max(axis=0)
            if frame.format.name.startswith("s16"):
                samples /= 32768.0
            loud = np.nonzero(samples > 0.1)[0]
            start = float(frame.time) - zero
            onsets.extend(start + i / frame.sample_rate for i in loud)
    return _runs(onsets, 0.5)


def _runs(times: list[float], gap: float) -> list[float]:
    """The first time of each group of times closer together than ``gap``."""
    ordered = sorted(times)
    return [t for i, t in enumerate(ordered) if i == 0 or t - ordered[i - 1] > gap]


def ffprobe_durations(path: Path) -> tuple[float, list[float | None]]:
    """The container's duration and each stream's, as ffprobe (not our code) reads them."""
    found = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=duration",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(found.stdout)
    streams = [float(s["duration"]) if "duration" in s else None for s in data["streams"]]
    return float(data["format"]["duration"]), streams


def ffmpeg_decode_errors(path: Path) -> str:
    """What the ffmpeg CLI complains about while decoding every stream of the file."""
    found = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            "0:v",
            "-map",
            "0:a?",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    )
    return found.stderr.strip() + ("" if found.returncode == 0 else f" (exit {found.returncode})")


def timestamps_rise(path: Path) -> bool:
    """Every stream's decoding timestamps strictly rise (what 'non monotonic dts' breaks)."""
    last: dict[int, int] = {}
    with av.open(str(path)) as container:
        for packet in container.demux():
            if packet.dts is None:
                continue
            index = packet.stream.index
            if index in last and packet.dts <= last[index]:
                return False
            last[index] = packet.dts
    return True


def damage(source: Path, target: Path, garbage: int = 200_000) -> Path:
    """The file with ``garbage`` random bytes written over its middle (a bad copy)."""
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle - garbage // 2 : middle + garbage // 2] = os.urandom(garbage)
    target.write_bytes(data)
    return target
