"""Sample material for the demo submission: prose, a lesson plan PDF, a work sample."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from evidencekit.domain.catalog import EssaySlot, ShortAnswerSlot
from evidencekit.domain.text import count_words

_PARAGRAPHS = (
    "Before this lesson I planned three hinge questions, one for each step of the "
    "fraction task, and wrote down the wrong answers I expected to see. That planning "
    "mattered: when a third of the class chose the same distractor on the second "
    "question, I knew at once which misconception was behind it.",
    "I gave every question at least five seconds of wait time and asked students to "
    "show their answers together on mini whiteboards. In earlier lessons the same four "
    "students answered everything; this time I could see all twenty-six responses at "
    "a glance, including the quiet students near the window.",
    "The clip shows the moment I noticed the pattern. Instead of moving on, I paired "
    "students who had different answers and asked them to convince each other. Their "
    "conversations told me more than any single answer could, and two students changed "
    "their minds with a clear reason.",
    "What I would change next time is the exit ticket. It asked students to rate their "
    "confidence, which told me how they felt but not what they knew. Next week I will "
    "use one short problem that mirrors the hinge question, so the evidence I collect "
    "at the end matches the evidence I collected in the middle.",
    "Looking at the work samples afterwards, I sorted them into three groups: secure, "
    "nearly there, and not yet. The not-yet group was smaller than I feared, and the "
    "errors were consistent, which tells me a ten-minute reteach will reach most of them.",
    "Overall, checking for understanding changed the pace of the lesson. I spent less "
    "time explaining to the whole class and more time responding to what students "
    "actually showed me, which is the shift this credential asks for.",
)

_ANSWER = (
    "I count silently to five after each question and tell the class that thinking "
    "time comes before hands. Students now expect it, and more of them answer."
)


def essay_text(slot: EssaySlot | ShortAnswerSlot) -> str:
    """Markdown that meets the slot's word limits, built from the sample paragraphs."""
    if isinstance(slot, ShortAnswerSlot):
        words = _ANSWER.split()
        limit = slot.max_words or len(words)
        return " ".join(words[:limit])
    target = slot.min_words + 40
    limit = slot.max_words or 10_000
    parts = ["## What happened in the lesson"]
    index = 0
    while count_words("\n\n".join(parts)) < target:
        candidate = _PARAGRAPHS[index % len(_PARAGRAPHS)]
        if count_words("\n\n".join([*parts, candidate])) > limit:
            break
        parts.append(candidate)
        index += 1
    return "\n\n".join(parts) + "\n"


def lesson_plan_pdf(path: Path, title: str) -> None:
    styles = getSampleStyleSheet()
    story = [
        Paragraph(f"Lesson plan — {title}", styles["Title"]),
        Paragraph("Grade 5 mathematics · comparing fractions · 45 minutes", styles["Normal"]),
        Spacer(1, 12),
    ]
    for heading, body in (
        ("Learning goal", "Students compare fractions with unlike denominators and explain why."),
        ("Hinge questions", "Which is larger, 3/8 or 2/5? Which model shows 2/3 correctly?"),
        ("Response signals", "Mini whiteboards for every student; fingers 1–4 for options."),
        ("Exit ticket", "One comparison problem, answered with a picture and a sentence."),
    ):
        story += [Paragraph(heading, styles["Heading2"]), Paragraph(body, styles["Normal"])]
    SimpleDocTemplate(str(path), pagesize=A4, title=f"Lesson plan — {title}").build(story)


def work_sample_png(path: Path, seed: int) -> None:
    """A scanned-looking page of student work."""
    rng = np.random.default_rng(seed)
    page = np.full((1100, 850, 3), 245, np.uint8)
    cv2.putText(
        page,
        "Exit ticket - Name: (student A)",
        (40, 70),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.0,
        (60, 60, 60),
        2,
    )
    cv2.putText(
        page,
        "3/8  <  2/5   because 15/40 < 16/40",
        (40, 180),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.1,
        (120, 40, 40),
        2,
    )
    for y in range(240, 1060, 40):
        cv2.line(page, (40, y), (810, y), (210, 210, 230), 1)
    noise = rng.integers(0, 12, page.shape, dtype=np.uint8)
    cv2.imwrite(str(path), cv2.subtract(page, noise))
