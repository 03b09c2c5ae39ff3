from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch


@pytest.mark.parametrize(("start", "end"), [(2.0, 1.0), (1.0, 1.0), (-0.5, 1.0)])
def test_bad_points_are_refused_with_the_clip_named(start: float, end: float) -> None:
    with pytest.raises(MediaError, match="after the in point") as caught:
        Stretch(Path("talk.mp4"), start, end)
    assert caught.value.path == "talk.mp4"


def test_a_stretch_knows_its_length() -> None:
    assert Stretch(Path("talk.mp4"), 0.0, 2.5).length_s == 2.5
    assert Stretch(Path("talk.mp4"), 1.25, 2.5).length_s == 1.25
