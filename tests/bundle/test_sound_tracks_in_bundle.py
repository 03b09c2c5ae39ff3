"""A clip with a wireless microphone on track 2, packed: every track in the bag, each
further one also as a sound-only file the signed manifest lists, and the viewer in
real Chromium lets the evaluator hear track 2 in step with the picture."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import av
import bagit
import numpy as np
import pytest

from evidencekit.bundle.verify import verify_bundle
from evidencekit.storage.workspace import Workspace
from tests.bundle.chromium import Chromium
from tests.bundle.extracting import safe_extract
from tests.bundle.two_track_bundle import SIGNER, loudest_tone, pack_two_tracks
from tests.media.flash_clips import beep_onsets, measure

# Seconds each (packing, a browser): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

CLIP = "data/video/q-clip-1.mp4"
TRACK_2 = "data/video/q-clip-1.track-2.m4a"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    yield browser
    browser.close()


def _tone(path: Path, track: int = 0) -> float:
    """The tone of the first beep (its first 50 ms) on a sound track of ``path``."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[track]
        samples = np.concatenate(
            [f.to_ndarray().reshape(-1) for f in container.decode(stream)]
        ).astype(np.float64)
        return loudest_tone(samples[: stream.rate // 20], stream.rate)


def test_every_track_is_in_the_bag_and_listed(demo_workspace: Workspace, tmp_path: Path) -> None:
    bundle = pack_two_tracks(demo_workspace, tmp_path)
    verdict = verify_bundle(bundle, {_fingerprint()})
    assert verdict.ok, verdict.problems
    assert TRACK_2 in verdict.payload  # in the signed manifest
    assert verdict.metadata is not None
    [entry] = [e for e in verdict.metadata["evidence"] if e.get("path") == CLIP]
    assert [t["track"] for t in entry["sound_tracks"]] == [1, 2]
    assert "path" not in entry["sound_tracks"][0]  # track 1 is the clip's own sound
    assert entry["sound_tracks"][1]["path"] == TRACK_2
    assert entry["sound_tracks"][1]["sha256"] == verdict.payload[TRACK_2]
    # One-track clips carry no choice and no extra file.
    others = [e for e in verdict.metadata["evidence"] if e["kind"] == "clip" and e is not entry]
    assert others and all("sound_tracks" not in e for e in others)
    assert [p for p in verdict.payload if p.endswith(".m4a")] == [TRACK_2]

    with safe_extract(bundle) as bag:
        clip, alone = bag.path / CLIP, bag.path / TRACK_2
        assert round(_tone(clip, 0)) == 1000 and round(_tone(clip, 1)) == 2000
        assert round(_tone(alone)) == 2000
        # The sound-only file keeps the clip's clock: its beeps land on the flashes.
        flashes = measure(clip).flashes
        beeps = beep_onsets(alone)
        assert len(beeps) == len(flashes) == 8
        assert max(abs(b - f) for b, f in zip(beeps, flashes, strict=True)) < 0.010

    # A tool nobody here wrote agrees the bag is whole with the extra file in it.
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    bag = bagit.Bag(str(unpacked / "mic"))
    bag.validate()
    assert TRACK_2 in set(bag.payload_files())


def _fingerprint() -> str:
    from evidencekit.bundle.signing.seal import fingerprint

    return fingerprint(SIGNER.public_key())


CHOOSER = "document.querySelector('select')"
DESCRIBE = f"""
(() => {{
  const chooser = {CHOOSER};
  return {{count: document.querySelectorAll('select').length,
           label: document.querySelector(`label[for="${{chooser.id}}"]`).textContent,
           options: [...chooser.options].map(o => o.textContent)}};
}})()
"""
FOCUSED = f"document.activeElement === {CHOOSER}"
PLAY_THEN_PAUSE_AND_SEEK = f"""
(async () => {{
  const chooser = {CHOOSER};
  const video = document.getElementById(chooser.dataset.video);
  const sound = document.getElementById(chooser.dataset.sound);
  await video.play();
  await new Promise(done => setTimeout(done, 2500));
  const playing = {{video: video.currentTime, sound: sound.currentTime, soundPaused: sound.paused,
                   videoMuted: video.muted, src: sound.getAttribute('src'),
                   error: sound.error ? sound.error.code : null, chosen: chooser.value}};
  video.pause();
  await new Promise(done => setTimeout(done, 300));
  const gap = Math.abs(sound.currentTime - video.currentTime);
  const paused = {{soundPaused: sound.paused, gap}};
  video.currentTime = 5.0;
  await new Promise(done => video.addEventListener('seeked', done, {{once: true}}));
  await new Promise(done => setTimeout(done, 300));
  return {{playing, paused, sought: sound.currentTime}};
}})()
"""
BACK_TO_TRACK_1 = f"""
(async () => {{
  const chooser = {CHOOSER};
  const video = document.getElementById(chooser.dataset.video);
  const sound = document.getElementById(chooser.dataset.sound);
  await new Promise(done => setTimeout(done, 100));
  return {{videoMuted: video.muted, soundPaused: sound.paused, chosen: chooser.selectedIndex}};
}})()
"""
TAB, DOWN, UP = ("Tab", 9), ("ArrowDown", 40), ("ArrowUp", 38)


def _choose_track_2_by_keyboard(chromium: Chromium, tab: str) -> None:
    """Tab until the Sound menu has the focus (it must be reachable), then Down."""
    for _ in range(40):
        if chromium.evaluate(tab, FOCUSED):
            break
        chromium.press(tab, *TAB)
    assert chromium.evaluate(tab, FOCUSED), "the Sound menu cannot be reached with Tab"
    chromium.press(tab, *DOWN)


def test_the_viewer_plays_track_2_in_step_with_the_picture(
    demo_workspace: Workspace, tmp_path: Path, chromium: Chromium
) -> None:
    bundle = pack_two_tracks(demo_workspace, tmp_path)
    with safe_extract(bundle) as bag:
        tab = chromium.open((bag.path / "data" / "index.html").as_uri())
        seen = chromium.evaluate(tab, DESCRIBE)
        _choose_track_2_by_keyboard(chromium, tab)
        played = chromium.evaluate(tab, PLAY_THEN_PAUSE_AND_SEEK)
        chromium.press(tab, *UP)
        back = chromium.evaluate(tab, BACK_TO_TRACK_1)
    assert seen["count"] == 1  # only the two-track clip offers a choice
    assert seen["label"] == "Sound" and seen["options"] == ["Track 1", "Track 2"]
    playing = played["playing"]
    assert playing["chosen"] == TRACK_2.removeprefix("data/")
    assert playing["src"] == TRACK_2.removeprefix("data/") and playing["error"] is None
    assert playing["videoMuted"] and not playing["soundPaused"]
    assert playing["video"] > 1.0, "the clip did not play"
    assert abs(playing["sound"] - playing["video"]) < 0.3, playing
    assert played["paused"]["soundPaused"] and played["paused"]["gap"] < 0.3
    assert played["sought"] == pytest.approx(5.0, abs=0.3)
    assert back == {"videoMuted": False, "soundPaused": True, "chosen": 0}


def test_a_changed_script_does_not_run(
    demo_workspace: Workspace, tmp_path: Path, chromium: Chromium
) -> None:
    """The page's policy allows its one script by hash: edited, it is blocked."""
    bundle = pack_two_tracks(demo_workspace, tmp_path)
    with safe_extract(bundle) as bag:
        page = bag.path / "data" / "index.html"
        html = page.read_text()
        assert html.count("<script>") == 1
        page.write_text(html.replace("sound.src = chooser.value", "sound.src = chooser.value "))
        tab = chromium.open(page.as_uri())
        _choose_track_2_by_keyboard(chromium, tab)
        played = chromium.evaluate(tab, PLAY_THEN_PAUSE_AND_SEEK)
    assert played["playing"]["chosen"] == TRACK_2.removeprefix("data/")  # chosen, but
    assert played["playing"]["src"] is None and not played["playing"]["videoMuted"]
