"""H.264 NAL units as MP4 and libx264 carry them: avcC records, length prefixes, Annex B.

An MP4 sample is a run of NAL units, each preceded by its length; the avcC
record in the sample entry holds the parameter sets (SPS, PPS) and says how
many bytes a length takes. libx264 used on its own writes Annex B instead: each
unit preceded by a start code, with its SPS and PPS in front of every IDR picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAL_IDR, NAL_SPS, NAL_PPS = 5, 7, 8
_HIGH_PROFILES = {100, 110, 122, 144}  # their avcC also carries chroma format and bit depths
_START_CODE = re.compile(b"\x00\x00\x01")


@dataclass(frozen=True)
class ParameterSets:
    """The SPS and PPS units of an avcC record and its length-prefix size in bytes."""

    length_size: int
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]


def nal_type(unit: bytes) -> int:
    return unit[0] & 0x1F if unit else -1


def parse_avcc(extradata: bytes | None) -> ParameterSets | None:
    """The parameter sets of an ISO 14496-15 avcC record; None if it is not one."""
    if not extradata or len(extradata) < 7 or extradata[0] != 1:
        return None
    data = bytes(extradata)

    def read(pos: int, count: int) -> tuple[tuple[bytes, ...], int]:
        units = []
        for _ in range(count):
            size = int.from_bytes(data[pos : pos + 2], "big")
            units.append(data[pos + 2 : pos + 2 + size])
            if size == 0 or len(units[-1]) != size:
                raise ValueError("truncated avcC")
            pos += 2 + size
        return tuple(units), pos

    try:
        sps, pos = read(6, data[5] & 0x1F)
        pps, _ = read(pos + 1, data[pos])
    except (IndexError, ValueError):
        return None
    return ParameterSets((data[4] & 3) + 1, sps, pps)


def build_avcc(sps: bytes, pps: bytes) -> bytes:
    """An avcC record for 8-bit 4:2:0 video holding one SPS and one PPS."""
    record = bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1])
    record += len(sps).to_bytes(2, "big") + sps + b"\x01" + len(pps).to_bytes(2, "big") + pps
    if sps[1] in _HIGH_PROFILES:
        record += bytes([0xFC | 1, 0xF8, 0xF8, 0])  # 4:2:0, 8-bit luma and chroma, no SPS ext
    return record


def length_prefixed_units(data: bytes, length_size: int = 4) -> list[bytes]:
    units, pos = [], 0
    while pos + length_size <= len(data):
        size = int.from_bytes(data[pos : pos + length_size], "big")
        units.append(data[pos + length_size : pos + length_size + size])
        pos += length_size + size
    return units


def annexb_units(data: bytes) -> list[bytes]:
    # A unit never ends in a zero byte, so trailing zeros belong to the next start code.
    return [unit for part in _START_CODE.split(data)[1:] if (unit := part.rstrip(b"\x00"))]


def length_prefix(units: list[bytes] | tuple[bytes, ...]) -> bytes:
    return b"".join(len(u).to_bytes(4, "big") + u for u in units)


def is_idr(sample: bytes) -> bool:
    """Whether an MP4 sample (four-byte lengths) holds an IDR picture."""
    return any(nal_type(u) == NAL_IDR for u in length_prefixed_units(sample))


def parameter_sets_in(sample: bytes) -> tuple[bytes, ...]:
    """The SPS and PPS units an MP4 sample carries in-band, if it has both; else none."""
    units = [u for u in length_prefixed_units(sample) if nal_type(u) in (NAL_SPS, NAL_PPS)]
    types = {nal_type(u) for u in units}
    return tuple(units) if types == {NAL_SPS, NAL_PPS} else ()
