"""The viewer's sound-track chooser: a clip with a second track (a wireless microphone)
can be heard on either, in a browser that plays only a file's first track.

Each further track travels as a sound-only file beside the clip. Choosing one
mutes the picture's own sound and plays that file in step with it: play,
pause, seek, speed and volume follow the video's own controls, and drift of
more than 0.15 s is corrected. The page's only script does this; the Content
Security Policy allows exactly that script, by its SHA-256, and nothing else.
Without scripts the clip still plays, with its first track.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class SoundChoice:
    label: str  # "Track 2 (eng · Wireless mic)"
    src: str | None  # the sound-only file, relative to data/; None: the video's own sound


SYNC_SCRIPT = """
for (const chooser of document.querySelectorAll('select[data-video]')) {
  const video = document.getElementById(chooser.dataset.video);
  const sound = document.getElementById(chooser.dataset.sound);
  let apart = false;
  const follow = () => {
    if (!apart) return;
    const t = video.currentTime;
    if (Math.abs(sound.currentTime - t) > 0.15) sound.currentTime = t;
    sound.playbackRate = video.playbackRate;
    if (video.paused || video.ended || video.readyState < 3) {
      if (!sound.paused) sound.pause();
    } else if (sound.paused) {
      sound.play().catch(() => {});
    }
  };
  const loudness = () => {
    if (!apart) return;
    sound.volume = video.volume;
    // The picture stays muted; its mute button now mutes the chosen track.
    if (!video.muted) { sound.muted = !sound.muted; video.muted = true; }
  };
  chooser.addEventListener('change', () => {
    if (chooser.value) {
      if (!apart) { sound.muted = video.muted; sound.volume = video.volume; video.muted = true; }
      apart = true;
      sound.src = chooser.value;
      sound.currentTime = video.currentTime;
      follow();
    } else {
      if (apart) video.muted = sound.muted;
      apart = false;
      sound.pause();
      sound.removeAttribute('src');
      sound.load();
    }
  });
  for (const name of ['play', 'playing', 'pause', 'waiting', 'seeking', 'seeked', 'ratechange',
                      'timeupdate', 'ended']) {
    video.addEventListener(name, follow);
  }
  video.addEventListener('volumechange', loudness);
  sound.addEventListener('canplay', follow);
}
"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SYNC_SCRIPT.encode()).digest()).decode()


def sound_chooser(video_id: str, choices: list[SoundChoice]) -> str:
    """The 'Sound' menu under a clip and the hidden player of its chosen track."""
    sound_id = f"{video_id}-sound"
    options = "".join(
        f'<option value="{escape(c.src or "", quote=True)}">{escape(c.label)}</option>'
        for c in choices
    )
    return (
        f'<p class=sound><label for="{video_id}-tracks">Sound</label> '
        f'<select id="{video_id}-tracks" data-video="{video_id}" data-sound="{sound_id}">'
        f'{options}</select></p><audio id="{sound_id}" preload="auto" hidden></audio>'
    )


def sync_script() -> str:
    return f"<script>{SYNC_SCRIPT}</script>"
