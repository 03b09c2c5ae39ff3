"""Probe answers kept between processes: reused for an unchanged file, never for a
changed or damaged one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.media import probe as probing
from evidencekit.media import probe_cache
from evidencekit.media.probe import probe
from evidencekit.media.probe_cache import cache_folder
from tests.media.flash_clips import FLASH_CLIPS, damage, make_flash_clip


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return make_flash_clip(tmp_path / "lesson.mp4", FLASH_CLIPS["two_tracks"])


def _as_a_new_process() -> None:
    """Forget what this process remembers, as the next command-line run would have."""
    probing._REMEMBERED.clear()


def _entries() -> list[Path]:
    return sorted(cache_folder().glob("*.json"))


def _tamper(entry: Path, **changes: object) -> None:
    kept = json.loads(entry.read_text())
    entry.write_text(json.dumps({**kept, "facts": {**kept["facts"], **changes}}))


def _probe_in_another_process(path: Path) -> dict:
    code = "import json, sys; from evidencekit.media.probe import probe; "
    code += "print(json.dumps(probe(sys.argv[1]).to_dict()))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return json.loads(done.stdout)


def test_another_process_gets_the_same_answer_from_the_cache(clip: Path) -> None:
    first = probe(clip)
    [entry] = _entries()
    assert _probe_in_another_process(clip) == json.loads(json.dumps(first.to_dict()))
    _as_a_new_process()
    assert probe(clip) == first
    # The other process read the entry rather than the file: a changed entry shows through.
    _tamper(entry, fps=12.5)
    assert _probe_in_another_process(clip)["fps"] == 12.5
    _as_a_new_process()
    assert probe(clip).fps == 12.5


def test_a_file_rewritten_in_place_is_examined_again(clip: Path, tmp_path: Path) -> None:
    probe(clip)
    [entry] = _entries()
    _tamper(entry, fps=12.5)
    # Same size, same modification time, other content: only the change time differs.
    stat = clip.stat()
    other = make_flash_clip(tmp_path / "other.mp4", FLASH_CLIPS["two_tracks"], seconds=8)
    with clip.open("r+b") as handle:
        handle.write(other.read_bytes()[: stat.st_size].ljust(stat.st_size, b"\0"))
    os.utime(clip, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _as_a_new_process()
    assert probe(clip).fps == 30.0


def test_a_damaged_file_is_examined_every_time(clip: Path, tmp_path: Path) -> None:
    broken = damage(clip, tmp_path / "broken.mp4", garbage=2_000)
    answers = []
    for _ in range(2):
        _as_a_new_process()
        with pytest.raises(MediaError) as refused:
            probe(broken)
        answers.append(refused.value.reason)
    assert answers[0] == answers[1] and "damaged" in answers[0]
    assert _entries() == []


@pytest.mark.parametrize(
    "content", ["", "{not json", "[1, 2]", '{"fps": 30.0}', "another file's key", "facts missing"]
)
def test_an_unusable_entry_is_ignored(clip: Path, content: str) -> None:
    truth = probe(clip)
    [entry] = _entries()
    kept = json.loads(entry.read_text())
    if content == "another file's key":
        content = json.dumps({**kept, "key": kept["key"].replace("lesson.mp4", "other.mp4")})
    elif content == "facts missing":
        content = json.dumps({**kept, "facts": {"fps": 12.5}})
    entry.write_text(content)
    _as_a_new_process()
    assert probe(clip) == truth


def test_an_unwritable_cache_is_no_error(clip: Path) -> None:
    folder = cache_folder()
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    assert probe(clip).audio_tracks == 2


def test_answers_are_kept_per_version_of_the_code_that_found_them(tmp_path: Path) -> None:
    identity = (str(tmp_path / "lesson.mp4"), 1, 2, 3, 4, 5)
    probe_cache.remember(identity, (10, 20), {"fps": 30.0})
    assert probe_cache.recall(identity, (10, 20)) == {"fps": 30.0}
    # The code that finds the facts changed since (an upgrade, a developer's edit).
    assert probe_cache.recall(identity, (10, 21)) is None
