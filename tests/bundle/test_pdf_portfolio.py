"""The portfolio PDF: reproducible, complete, and safe with whatever the teacher typed."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from evidencekit.bundle.render.pdf_portfolio import render_portfolio_bytes
from evidencekit.bundle.render.portfolio_content import PortfolioContent
from evidencekit.domain.ids import AttemptId, CredentialId, EvidenceId, SlotId, SubmissionId
from evidencekit.domain.preflight import preflight
from evidencekit.domain.submissions import (
    Artifact,
    Attempt,
    AttemptStatus,
    Attestation,
    Bookmark,
    Clip,
    Essay,
    Submission,
)
from evidencekit.media.stills import still_jpeg
from tests.factories import credential

ESSAY = (
    "## What I saw\n\n" + " ".join(["Students answered on whiteboards."] * 12) + "\n\n- one\n- two"
)


def content(
    sample_clip: Path, essay: str = ESSAY, candidate: str | None = "Ana Díaz"
) -> PortfolioContent:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    evidence = [
        Clip(
            EvidenceId(1),
            SlotId("clip"),
            "Lesson 1",
            "a" * 64,
            "l.mp4",
            400_000,
            4.0,
            True,
            bookmarks=(Bookmark(2.0, "Wait time starts"),),
        ),
        Essay(EvidenceId(2), SlotId("reflection"), "After the lesson", essay),
        Essay(EvidenceId(3), SlotId("wait"), "Wait time", "I wait five seconds."),
        Artifact(EvidenceId(4), SlotId("plan"), "Plan", "b" * 64, "plan.pdf", 48_000),
        Attestation(EvidenceId(5), SlotId("consent"), "Consent", True),
    ]
    cred = credential()
    return PortfolioContent(
        cred,
        Submission(SubmissionId(1), CredentialId("cfu"), "1.0", "questioning", "Spring term", now),
        Attempt(AttemptId(1), SubmissionId(1), 2, AttemptStatus.DRAFT, now),
        evidence,
        preflight(cred, "questioning", evidence),
        dated=date(2026, 3, 1),
        stills={EvidenceId(1): still_jpeg(sample_clip, 1.0)},
        consent_counts={"students": 24, "video consent": 22},
        candidate=candidate,
    )


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_same_content_gives_identical_bytes(sample_clip: Path) -> None:
    assert render_portfolio_bytes(content(sample_clip)) == render_portfolio_bytes(
        content(sample_clip)
    )


def test_every_section_is_there(sample_clip: Path, tmp_path: Path) -> None:
    pdf = render_portfolio_bytes(content(sample_clip))
    text = text_of(pdf, tmp_path)
    for expected in (
        "Checking for Understanding",
        "Contents",
        "Requirement checklist",
        "Essays and answers",
        "Clip index",
        "Artifacts",
        "Consent",
        "Ana Díaz",
        "Attempt",
        "53 words (at least 50, at most 120)",
        "0:04",
        "Bookmarks: 0:02 Wait time starts",
        "plan.pdf — 48 kB",
        "students: 24, video consent: 22",
        "Page 1",
    ):
        assert expected in text, expected
    assert b"/Outlines" in pdf  # the contents are also the PDF's bookmarks
    assert pdf.count(b"/Subtype /Image") >= 1 or pdf.count(b"/Subtype/Image") >= 1


def test_blind_review_leaves_the_name_out(sample_clip: Path, tmp_path: Path) -> None:
    text = text_of(render_portfolio_bytes(content(sample_clip, candidate=None)), tmp_path)
    assert "Candidate" not in text


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "<font size=999>big</font>", "a & b < c > d", '"><img src=x>'],
)
def test_markup_in_essays_is_printed_as_text(
    sample_clip: Path, tmp_path: Path, hostile: str
) -> None:
    pdf = render_portfolio_bytes(content(sample_clip, essay=f"{hostile}\n\n{ESSAY}"))
    assert hostile.split()[0].strip('"') in text_of(pdf, tmp_path).replace("\n", " ")
