"""The bundle's index.html in real headless Chromium: what an evaluator without the app sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.render.markdown_html import markdown_to_html
from evidencekit.services.packing import pack_submission
from evidencekit.storage.workspace import Workspace
from tests.bundle.chromium import Chromium
from tests.bundle.extracting import safe_extract
from tests.conftest import DEMO_SUBMISSION

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

PLAY_EVERY_VIDEO = """
(async () => {
  const results = [];
  for (const video of document.querySelectorAll('video')) {
    video.muted = true;
    await new Promise(done => {
      if (video.readyState >= 1) return done();
      video.addEventListener('loadedmetadata', done, {once: true});
      video.addEventListener('error', done, {once: true});
    });
    let error = video.error ? video.error.code : null;
    try { await video.play(); } catch (e) { error = String(e); }
    await new Promise(done => {
      const check = () => { if (video.currentTime > 0.5) done(); };
      video.addEventListener('timeupdate', check);
      setTimeout(done, 8000);
    });
    results.push({src: video.getAttribute('src'), duration: video.duration,
                  reached: video.currentTime, error});
    video.pause();
  }
  const external = performance.getEntriesByType('resource')
    .map(entry => entry.name).filter(name => !name.startsWith('file:'));
  return {results, external, headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
          text: document.body.innerText};
})()
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    yield browser
    browser.close()


def test_the_viewer_shows_the_portfolio_and_plays_every_clip(
    demo_workspace: Workspace, tmp_path: Path, chromium: Chromium
) -> None:
    bundle = pack_submission(
        demo_workspace, DEMO_SUBMISSION, tmp_path / "demo.evkit", Ed25519PrivateKey.generate()
    ).path
    with safe_extract(bundle) as bag:
        page = bag.path / "data" / "index.html"
        assert "Content-Security-Policy" in page.read_text()
        seen = chromium.evaluate_in(page.as_uri(), PLAY_EVERY_VIDEO)
    assert seen["headings"] == [
        "Requirement checklist",
        "Essays and answers",
        "Clips",
        "Artifacts and consent",
    ]
    assert "Reflection on your questions" in seen["text"]
    assert seen["external"] == []
    assert len(seen["results"]) == 3
    for clip in seen["results"]:
        assert clip["error"] is None, clip
        assert clip["duration"] == pytest.approx(clip_length(clip["src"]), abs=0.2)
        assert clip["reached"] > 0.5, f"{clip['src']} did not play"


def clip_length(src: str) -> float:
    # The demo's clips are 10 s plus the slot's position in the credential.
    return {"video/q-clip-1.mp4": 10, "video/rs-clip-1.mp4": 15, "video/qw-clip-1.mp4": 21}[src]


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[click](javascript:alert(1))", "<p>click (javascript:alert(1))</p>"),
        ('"><img src=x onerror=alert(1)>', "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"),
        (
            "## Plan\n\n- **bold** item\n- *it*",
            "<h4>Plan</h4>\n<ul><li><strong>bold</strong> item</li><li><em>it</em></li></ul>",
        ),
    ],
)
def test_markdown_becomes_safe_html(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html
