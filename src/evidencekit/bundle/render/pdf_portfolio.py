"""The portfolio PDF that travels in every bundle: what an evaluator prints and reads.

Cover, a clickable table of contents, the requirement checklist, essays and
answers with their word counts, a clip index with stills, the artifacts and a
consent summary (counts only: names never leave the workspace), with page
numbers. Rendering is deterministic (ReportLab's invariant mode and a fixed
date), so the same submission always gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from evidencekit.bundle.render.portfolio_content import PortfolioContent
from evidencekit.domain.catalog import EssaySlot, ShortAnswerSlot
from evidencekit.domain.coaching import DRAFT_LABEL
from evidencekit.domain.preflight import Finding, SlotStatus, slot_status
from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay
from evidencekit.domain.text import count_words, format_duration, format_megabytes

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _fonts() -> tuple[str, str]:
    """DejaVu where installed (accents, non-Latin names), else the PDF base fonts."""
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        if "EK-Sans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("EK-Sans", str(regular)))
            pdfmetrics.registerFont(TTFont("EK-Sans-Bold", str(bold)))
        return "EK-Sans", "EK-Sans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", base["BodyText"], fontName=regular, fontSize=10, leading=14)
    return {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8.5, leading=11, textColor=colors.grey),
        "title": ParagraphStyle("title", body, fontName=bold, fontSize=24, leading=30),
        "h1": ParagraphStyle(
            "h1",
            body,
            fontName=bold,
            fontSize=16,
            leading=20,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1d4f8a"),
        ),
        "h2": ParagraphStyle(
            "h2", body, fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "h3": ParagraphStyle("h3", body, fontName=bold, fontSize=10.5, leading=14, spaceBefore=4),
        "toc1": ParagraphStyle("toc1", body, fontSize=11, leading=16, leftIndent=6),
        "toc2": ParagraphStyle("toc2", body, fontSize=9.5, leading=13, leftIndent=22),
    }


class _Document(BaseDocTemplate):
    """Registers headings for the contents and the PDF outline as they are laid out."""

    ek_footer = ""  # the line at the foot of every page

    def afterFlowable(self, flowable: Any) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        text = flowable.getPlainText()
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        self.notify("TOCEntry", (level, text, self.page, key))


class _Heading(Paragraph):
    """A paragraph listed in the contents and the outline at ``toc_level``."""

    toc_level: int


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    paragraph = _Heading(escape(text), style)
    paragraph.toc_level = level
    return paragraph


def _page_decorations(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(_fonts()[0], 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(20 * mm, 12 * mm, doc.ek_footer)
    canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc.page}")
    canvas.restoreState()


def render_portfolio_pdf(content: PortfolioContent, out: BinaryIO) -> None:
    styles = _styles()
    doc = _Document(
        out,
        pagesize=A4,
        invariant=1,
        title=f"Portfolio — {content.submission.title}",
        author="EvidenceKit",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
    )
    doc.ek_footer = f"{content.credential.title} · {content.submission.title}"
    if content.draft:
        doc.ek_footer += f" · {DRAFT_LABEL}"  # on every page, not only the cover
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_page_decorations)])
    story: list[Any] = []
    story += _cover(content, styles)
    contents = TableOfContents()
    contents.levelStyles = [styles["toc1"], styles["toc2"]]
    story += [Paragraph("Contents", styles["h1"]), contents, PageBreak()]
    story += _checklist(content, styles)
    story += _texts(content, styles)
    story += _clips(content, styles)
    story += _artifacts_and_consent(content, styles)
    doc.multiBuild(story)


def render_portfolio_bytes(content: PortfolioContent) -> bytes:
    buffer = io.BytesIO()
    render_portfolio_pdf(content, buffer)
    return buffer.getvalue()


def _cover(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    unit = c.credential.unit(c.submission.unit_id) if c.submission.unit_id else None
    rows = [
        ("Credential", f"{c.credential.title} (version {c.credential.version})"),
        ("Scope", unit.title if unit else "All units"),
        ("Issuer", c.credential.issuer),
        ("Submission", c.submission.title),
        ("Attempt", str(c.attempt.number)),
        ("Date", c.dated.isoformat()),
    ]
    if c.candidate:
        rows.insert(5, ("Candidate", c.candidate))
    table = Table(
        [[Paragraph(k, s["small"]), Paragraph(escape(v), s["body"])] for k, v in rows],
        colWidths=[35 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey),
            ]
        )
    )
    return [
        Spacer(1, 40 * mm),
        *(_draft_notice(c, s) if c.draft else []),
        Paragraph("Micro-credential portfolio", s["small"]),
        Paragraph(escape(c.credential.title), s["title"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(c.credential.competency), s["body"]),
        Spacer(1, 12 * mm),
        table,
        PageBreak(),
    ]


def _draft_notice(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    """A draft for coaching says so on its cover, with what still blocks sealing."""
    story: list[Any] = [
        Paragraph(f"<b>{escape(DRAFT_LABEL.upper())}</b>", s["title"]),
        Paragraph(
            "An unfinished submission, shared for a coach's comments. "
            "It is not for evaluation and cannot be scored.",
            s["body"],
        ),
    ]
    still_open = [f for f in c.findings if f.blocking]
    if still_open:
        story.append(Paragraph("Still open:", s["body"]))
        story += [Paragraph("• " + escape(f.message), s["body"]) for f in still_open]
    return [*story, Spacer(1, 8 * mm)]


_LABELS = {SlotStatus.MET: "Met", SlotStatus.NOT_YET: "Not yet", SlotStatus.PROBLEM: "Problem"}


def _status(findings: list[Finding], has_evidence: bool) -> str:
    status = slot_status(findings, has_evidence)
    return "Met (with a note)" if status is SlotStatus.MET and findings else _LABELS[status]


def _checklist(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [_heading("Requirement checklist", s["h1"], 0)]
    for unit in c.credential.units_in_scope(c.submission.unit_id):
        story.append(_heading(unit.title, s["h2"], 1))
        rows = [
            [
                Paragraph("<b>Requirement</b>", s["small"]),
                Paragraph("<b>Status</b>", s["small"]),
                Paragraph("<b>Notes</b>", s["small"]),
            ]
        ]
        for slot in unit.slots:
            findings = [f for f in c.findings if f.slot_id == slot.id]
            has = any(e.slot_id == slot.id for e in c.evidence)
            notes = " ".join(escape(f.message) for f in findings)
            rows.append(
                [
                    Paragraph(escape(slot.title), s["body"]),
                    Paragraph(_status(findings, has), s["body"]),
                    Paragraph(notes, s["small"]),
                ]
            )
        table = Table(rows, colWidths=[60 * mm, 30 * mm, None], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey),
                ]
            )
        )
        story.append(table)
    return story


def _markdown_paragraphs(text: str, s: dict[str, ParagraphStyle]) -> list[Any]:
    """Headings, paragraphs and list items of the teacher's Markdown, escaped."""
    out: list[Any] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("#"):
            out.append(Paragraph(escape(block.lstrip("#").strip()), s["h3"]))
        elif all(line.lstrip().startswith(("- ", "* ")) for line in block.splitlines()):
            for line in block.splitlines():
                out.append(Paragraph("• " + escape(line.lstrip()[2:]), s["body"]))
        else:
            out.append(Paragraph(escape(" ".join(block.split())), s["body"]))
    return out


def _texts(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [PageBreak(), _heading("Essays and answers", s["h1"], 0)]
    for unit in c.credential.units_in_scope(c.submission.unit_id):
        for slot in unit.slots:
            if not isinstance(slot, EssaySlot | ShortAnswerSlot):
                continue
            texts = [e for e in c.evidence if isinstance(e, Essay) and e.slot_id == slot.id]
            story.append(_heading(slot.title, s["h2"], 1))
            story.append(Paragraph(f"<i>{escape(slot.prompt)}</i>", s["small"]))
            for text in texts:
                words = count_words(text.text)
                least = getattr(slot, "min_words", 0)  # short answers have no minimum
                limits = [f"at least {least}"] if least else []
                limits += [f"at most {slot.max_words}"] if slot.max_words else []
                story.append(
                    Paragraph(
                        f"{words} words" + (f" ({', '.join(limits)})" if limits else ""), s["small"]
                    )
                )
                story += _markdown_paragraphs(text.text, s)
            if not texts:
                story.append(Paragraph("Not written.", s["body"]))
    return story


def _clips(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    clips = [e for e in c.evidence if isinstance(e, Clip)]
    story: list[Any] = [PageBreak(), _heading("Clip index", s["h1"], 0)]
    rows = []
    for clip in clips:
        still = c.stills.get(clip.id)
        picture: Any = (
            Image(io.BytesIO(still), width=48 * mm, height=27 * mm, kind="proportional")
            if still
            else Paragraph("(no still)", s["small"])
        )
        text = (
            f"<b>{escape(clip.title)}</b><br/>{format_duration(clip.duration_s)} · "
            f"{format_megabytes(clip.size_bytes)} · {'with' if clip.has_audio else 'no'} sound"
            f"<br/>Requirement: {escape(clip.slot_id)}"
        )
        if clip.bookmarks:
            marks = " · ".join(
                f"{format_duration(b.seconds)} {escape(b.label)}" for b in clip.bookmarks
            )
            text += f"<br/>Bookmarks: {marks}"
        rows.append([picture, Paragraph(text, s["body"])])
    if rows:
        table = Table(rows, colWidths=[52 * mm, None])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph("No clips.", s["body"]))
    return story


def _artifacts_and_consent(c: PortfolioContent, s: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [_heading("Artifacts", s["h1"], 0)]
    files = [e for e in c.evidence if isinstance(e, Artifact)]
    for item in files:
        story.append(
            Paragraph(
                f"{escape(item.file_name)} — {format_megabytes(item.size_bytes)}, "
                f"SHA-256 {item.sha256[:16]}…",
                s["body"],
            )
        )
    if not files:
        story.append(Paragraph("No artifacts.", s["body"]))
    story.append(_heading("Consent", s["h1"], 0))
    confirmed = [e for e in c.evidence if isinstance(e, Attestation) and e.confirmed]
    story.append(
        Paragraph(f"{len(confirmed)} consent statement(s) confirmed by the teacher.", s["body"])
    )
    if c.consent_counts:
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(c.consent_counts.items()))
        story.append(Paragraph(f"Class roster (counts only): {escape(summary)}.", s["body"]))
    return story
