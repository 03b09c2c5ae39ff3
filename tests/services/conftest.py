"""Service tests use the generated clips of every kind from the media tests."""

from __future__ import annotations

from tests.media.conftest import clip, clip_folder, truncated

__all__ = ["clip", "clip_folder", "truncated"]
