"""The shipped CenterFace file, rewritten for ONNX Runtime, still computes what the file says.

OpenCV's DNN module (an implementation nobody here wrote) reads the original file
unchanged; ONNX Runtime runs the in-memory rewrite. Same picture, same maps.
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np
import pytest
from skimage import data

from evidencekit.media.faces import face_model


def _picture(width: int, height: int) -> np.ndarray:
    grey = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2GRAY)
    return cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize("size", [(160, 96), (320, 224)])
def test_the_rewritten_graph_gives_opencvs_maps_for_pictures_of_any_size(
    size: tuple[int, int],
) -> None:
    blob = np.repeat(_picture(*size)[None, None].astype(np.float32), 3, axis=1)
    net = cv2.dnn.readNetFromONNX(np.frombuffer(face_model.model_bytes(), np.uint8))
    net.setInput(blob)
    theirs = net.forward(face_model.OUTPUTS)
    ours = face_model.run(face_model.session(), blob)
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.shape == reference.shape == (1, mine.shape[1], size[1] // 4, size[0] // 4)
        assert np.abs(mine - reference).max() < 1e-3 * max(1.0, float(np.abs(reference).max()))
    # The astronaut's face is there: the heat map's peak is a sure one.
    assert float(ours[0].max()) > 0.5


def test_the_rewrite_changes_no_weight_and_frees_only_the_picture_dimensions() -> None:
    original = face_model.model_bytes()
    assert hashlib.sha256(original).hexdigest() == face_model.MODEL_SHA256
    rewritten = face_model.any_size_graph(original)
    assert len(rewritten) < len(original)  # the weights' duplicate input entries are gone
    model = face_model.session()
    [picture] = model.get_inputs()
    assert picture.name == face_model.INPUT
    assert picture.shape == ["batch", 3, "height", "width"]
    assert [o.name for o in model.get_outputs()] == face_model.OUTPUTS


def test_a_cut_short_file_is_refused() -> None:
    with pytest.raises(ValueError, match="cut short"):
        face_model.any_size_graph(face_model.model_bytes()[:-1000])
