"""Clips of several takes: a paused recording, a timeline that jumps, hand-written edit lists."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource
from evidencekit.media.synth import classroom_frame, voice_chunk

RATE, FPS, W, H = 48_000, 15, 160, 90


def paused_recording(folder: Path, name: str = "paused") -> Path:
    """1 s, a 2 s pause, then 1.5 s: two takes joined at 1.0 s."""
    source = SyntheticSource(width=160, height=90, fps=15)
    recorder = Recorder(folder, name, width=160, height=90, fps=15)
    frame = source.run(recorder, 1.0)
    recorder.pause(1.0)
    frame = source.run(recorder, 2.0, start_frame=frame)  # dropped while paused
    recorder.resume(3.0)
    source.run(recorder, 1.5, start_frame=frame)
    return recorder.finish(folder / f"{name}.mp4")


def jumped_clip(path: Path, fmt: str, *, jump_s: float = 5.0, sound_jumps: bool = True) -> Path:
    """Two one-second pieces, the second stamped ``jump_s`` later, as an export joining them.

    With ``sound_jumps`` false the sound runs on through the wait: one picture held still.
    """
    rng = np.random.default_rng(1)
    with av.open(str(path), "w", format=fmt) as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.options = {"preset": "ultrafast", "g": str(FPS)}
        audio = out.add_stream("aac", rate=RATE)
        audio.layout = "mono"
        for i in range(2 * FPS):
            frame = av.VideoFrame.from_ndarray(classroom_frame(i, FPS, W, H), format="bgr24")
            frame.pts = i + (round(jump_s * FPS) if i >= FPS else 0)
            frame.time_base = Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        pieces = [(0, RATE), (round((1 + jump_s) * RATE), RATE)]
        if not sound_jumps:
            pieces = [(0, round((2 + jump_s) * RATE))]
        for offset, length in pieces:
            for start in range(0, length, 1024):
                n = min(1024, length - start)
                samples = voice_chunk(start, n, rng, RATE)[np.newaxis, :]
                sound = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
                sound.sample_rate, sound.pts = RATE, offset + start
                out.mux(audio.encode(sound))
        out.mux(audio.encode(None))
    return path


def _box(kind: bytes, *children: bytes) -> bytes:
    body = b"".join(children)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full(kind: bytes, body: bytes, version: int = 0) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + body)


def edit_list_file(path: Path, edits: list[tuple[int, int]]) -> Path:
    """An MP4 whose video track lists ``edits`` as (duration in ms, media time in ms or -1).

    Only the boxes the edit list reader looks at are written, after some stand-in media data.
    """
    mvhd = _full(b"mvhd", struct.pack(">III", 0, 0, 1000))  # times, then timescale 1000
    mdhd = _full(b"mdhd", struct.pack(">III", 0, 0, 1000))
    hdlr = _full(b"hdlr", struct.pack(">I4s", 0, b"vide"))
    entries = b"".join(struct.pack(">IiI", d, t, 0x10000) for d, t in edits)
    elst = _full(b"elst", struct.pack(">I", len(edits)) + entries)
    trak = _box(b"trak", _box(b"edts", elst), _box(b"mdia", mdhd, hdlr))
    path.write_bytes(
        _box(b"ftyp", b"isom\0\0\0\0") + _box(b"mdat", bytes(4096)) + _box(b"moov", mvhd, trak)
    )
    return path
