"""A clip's bookmarks travel in the bundle: metadata, portfolio PDF and the browser viewer."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.bundle.verify import METADATA_FILE
from evidencekit.services.packing import build_spec
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace
from tests.services.clip_fixtures import demo_with_bookmarked_clip


def test_bookmarks_reach_the_metadata_and_the_viewer(
    demo_workspace: Workspace, sample_clip: Path, tmp_path: Path
) -> None:
    demo = demo_with_bookmarked_clip(demo_workspace, sample_clip, tmp_path)

    detail = submission_detail(demo_workspace, demo)
    spec = build_spec(
        demo_workspace, detail, fingerprint(Ed25519PrivateKey.generate().public_key())
    )
    generated = {i.path: i.source for i in spec.spec.payload if isinstance(i.source, bytes)}
    entries = json.loads(generated[METADATA_FILE])["evidence"]
    [clip] = [e for e in entries if e["slot"] == "q-clip"]
    assert clip["bookmarks"] == [{"seconds": 2.0, "label": "Wait time starts"}]
    others = [e for e in entries if e["kind"] == "clip" and e["slot"] != "q-clip"]
    assert others and all("bookmarks" not in e for e in others)  # none marked, none listed
    viewer = generated["data/index.html"].decode("utf-8")
    assert f'href="{clip["path"].removeprefix("data/")}#t=2.0">0:02</a> Wait time starts' in viewer
