"""The sound-only files a bundle carries for a clip with more than one sound track.

A browser plays only the first track of a video file, so for a clip whose
bundle copy has more (a wireless microphone on track 2) every further track is
also written on its own, for the viewer to play beside the muted picture. The
files are made once per bundle copy and kept in the media store (recorded like
the copy itself), so packing again reuses them and gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit.bundle.packer import PayloadItem
from evidencekit.bundle.render.viewer_sound import SoundChoice
from evidencekit.media.probe import probe
from evidencekit.media.sound_tracks import SoundTrack, sound_tracks, write_sound_track
from evidencekit.storage.derived_media import find_derived, forget_derived, record_derived
from evidencekit.storage.workspace import Workspace

RECIPE = "sound-track-m4a/v1/{number}"


@dataclass(frozen=True)
class SoundTrackFile:
    track: SoundTrack
    file: Path | None  # None for track 1: the video file's own sound


def clip_sound_tracks(workspace: Workspace, bundle_copy: Path) -> list[SoundTrackFile]:
    """Every sound track of a clip's bundle copy with its own file (none for track 1);
    an empty list when the clip has fewer than two tracks, as nothing is to choose."""
    tracks = sound_tracks(probe(bundle_copy))
    if len(tracks) < 2:
        return []
    copy_sha = bundle_copy.name  # the store names files by their SHA-256
    return [
        SoundTrackFile(
            t, _track_file(workspace, bundle_copy, copy_sha, t) if t.number > 1 else None
        )
        for t in tracks
    ]


def _track_file(workspace: Workspace, copy: Path, copy_sha: str, track: SoundTrack) -> Path:
    store = workspace.media
    recipe = RECIPE.format(number=track.number)
    with workspace.unit_of_work() as session:
        found = find_derived(session, copy_sha, recipe)
        if found is not None and not store.has(found[0]):
            forget_derived(session, copy_sha, recipe)  # the file was lost; make it again
            found = None
    if found is not None:
        return store.path_for(found[0])
    scratch = store.scratch_path(".m4a")
    try:
        write_sound_track(copy, track.number, scratch)
        made = store.adopt_file(scratch)
    finally:
        scratch.unlink(missing_ok=True)
    try:
        with workspace.unit_of_work() as session:
            record_derived(session, copy_sha, recipe, made.sha256, made.size_bytes)
    except BaseException:
        if made.newly_added:
            store.remove(made.sha256)
        raise
    return store.path_for(made.sha256)


def sound_track_payload(
    workspace: Workspace, bundle_copy: Path, clip_path: str
) -> tuple[list[PayloadItem], list[dict[str, Any]], list[SoundChoice]]:
    """For a clip packed at ``clip_path`` (``data/video/q-clip-1.mp4``): the sound-only
    files beside it (``data/video/q-clip-1.track-2.m4a``), the metadata's
    ``sound_tracks`` entries and the viewer's choices. All empty for one track."""
    items: list[PayloadItem] = []
    entries: list[dict[str, Any]] = []
    choices: list[SoundChoice] = []
    stem = clip_path.removesuffix(".mp4")
    for found in clip_sound_tracks(workspace, bundle_copy):
        track = found.track
        entry: dict[str, Any] = {"track": track.number}
        src = None
        if found.file is not None:
            path = f"{stem}.track-{track.number}.m4a"
            items.append(PayloadItem(path, found.file))
            size = found.file.stat().st_size
            entry |= {"path": path, "sha256": found.file.name, "size_bytes": size}
            src = path.removeprefix("data/")
        if track.language:
            entry["language"] = track.language
        if track.title:
            entry["title"] = track.title
        entries.append(entry)
        choices.append(SoundChoice(track.label, src))
    return items, entries, choices
