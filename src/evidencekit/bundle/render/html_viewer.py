"""``data/index.html``: the bundle read in any browser, with no app and no network.

One self-contained page: inline styles, and a Content Security Policy that
forbids loading anything from outside the bag. Videos are plain ``<video
controls>`` elements pointing at the stored MP4 files next to the page, so they
stream straight from the unzipped bag. The one script, allowed by its hash and
present only when a clip has several sound tracks, is the sound-track chooser
(viewer_sound).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from importlib import resources

from evidencekit.bundle.render.markdown_html import markdown_to_html
from evidencekit.bundle.render.portfolio_content import PortfolioContent
from evidencekit.bundle.render.viewer_sound import (
    SCRIPT_HASH,
    SoundChoice,
    sound_chooser,
    sync_script,
)
from evidencekit.domain.catalog import EssaySlot, ShortAnswerSlot
from evidencekit.domain.coaching import DRAFT_LABEL
from evidencekit.domain.preflight import SlotStatus, slot_status
from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay
from evidencekit.domain.text import count_words, format_duration, format_megabytes

# Media and images from the bag itself; nothing remote, no forms, no script but ours.
CSP = (
    "default-src 'none'; media-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; "
    f"script-src '{SCRIPT_HASH}'; form-action 'none'; base-uri 'none'"
)


def _style() -> str:
    return (
        resources.files("evidencekit.resources").joinpath("viewer", "viewer.css").read_text("utf-8")
    )


_LABELS = {SlotStatus.MET: "Met", SlotStatus.NOT_YET: "Not yet", SlotStatus.PROBLEM: "Problem"}


def render_viewer_html(
    content: PortfolioContent,
    files: dict[int, str],
    sounds: Mapping[int, list[SoundChoice]] | None = None,
) -> str:
    """``files`` maps evidence ids to their paths relative to ``data/`` (e.g. video/x.mp4);
    ``sounds`` a clip's sound tracks to choose from, for clips with more than one."""
    c = content
    units = c.credential.units_in_scope(c.submission.unit_id)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(c.credential.title)} — {escape(c.submission.title)}</title>",
        f"<style>{_style()}</style></head><body>",
        "<header><p class=meta>Micro-credential portfolio</p>",
        f"<h1>{escape(c.credential.title)}</h1>",
        f"<p>{escape(c.submission.title)} · attempt {c.attempt.number} · {c.dated.isoformat()}"
        + (f" · {escape(c.candidate)}" if c.candidate else "")
        + "</p></header><main>",
    ]
    if c.draft:
        parts += _draft_notice(content)
    parts.append(
        '<section aria-labelledby="checklist"><h2 id="checklist">Requirement checklist</h2>'
    )
    for unit in units:
        parts.append(
            f"<h3>{escape(unit.title)}</h3><table><tr><th>Requirement</th>"
            "<th>Status</th><th>Notes</th></tr>"
        )
        for slot in unit.slots:
            findings = [f for f in c.findings if f.slot_id == slot.id]
            status = slot_status(findings, any(e.slot_id == slot.id for e in c.evidence))
            css, label = status.value, _LABELS[status]
            notes = " ".join(escape(f.message) for f in findings)
            parts.append(
                f"<tr><td>{escape(slot.title)}</td><td class={css}>{label}</td>"
                f"<td>{notes}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</section>")
    parts += _texts(content)
    parts += _clips(content, files, sounds or {})
    parts += _artifacts(content, files)
    parts.append("</main>")
    if sounds:
        parts.append(sync_script())
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _draft_notice(c: PortfolioContent) -> list[str]:
    """A draft for coaching says so first, with what still blocks sealing."""
    still_open = "".join(f"<li>{escape(f.message)}</li>" for f in c.findings if f.blocking)
    return [
        '<section class=draft role=note aria-labelledby="draft" style="border:3px solid #b35900">',
        f"<h2 id=draft>{escape(DRAFT_LABEL)}</h2>",
        "<p>An unfinished submission, shared for a coach's comments. It is not for "
        "evaluation and cannot be scored.</p>",
        f"<p>Still open:</p><ul>{still_open}</ul>" if still_open else "",
        "</section>",
    ]


def _texts(c: PortfolioContent) -> list[str]:
    parts = ['<section aria-labelledby="texts"><h2 id="texts">Essays and answers</h2>']
    for unit in c.credential.units_in_scope(c.submission.unit_id):
        for slot in unit.slots:
            if not isinstance(slot, EssaySlot | ShortAnswerSlot):
                continue
            parts.append(f"<h3>{escape(slot.title)}</h3><p class=meta>{escape(slot.prompt)}</p>")
            for text in [e for e in c.evidence if isinstance(e, Essay) and e.slot_id == slot.id]:
                parts.append(f"<p class=meta>{count_words(text.text)} words</p>")
                parts.append(f"<article>{markdown_to_html(text.text)}</article>")
    parts.append("</section>")
    return parts


def _clips(
    c: PortfolioContent, files: dict[int, str], sounds: Mapping[int, list[SoundChoice]]
) -> list[str]:
    parts = ['<section aria-labelledby="clips"><h2 id="clips">Clips</h2>']
    for clip in [e for e in c.evidence if isinstance(e, Clip)]:
        src = escape(files[clip.id], quote=True)
        video_id = f"clip-{clip.id}"
        parts.append(
            f"<h3>{escape(clip.title)}</h3>"
            f'<video id="{video_id}" controls preload="metadata" src="{src}" '
            f'aria-label="{escape(clip.title)}"></video>'
        )
        if clip.id in sounds:
            parts.append(sound_chooser(video_id, sounds[clip.id]))
        parts.append(
            f"<p class=meta>{format_duration(clip.duration_s)} · "
            f"{format_megabytes(clip.size_bytes)} · requirement {escape(clip.slot_id)}</p>"
        )
        if clip.bookmarks:
            # No scripts here: a media-fragment link opens the clip at the moment.
            marks = "".join(
                f'<li><a href="{src}#t={b.seconds:.1f}">{format_duration(b.seconds)}</a> '
                f"{escape(b.label)}</li>"
                for b in clip.bookmarks
            )
            parts.append(f'<ul class=bookmarks aria-label="Bookmarks">{marks}</ul>')
    parts.append("</section>")
    return parts


def _artifacts(c: PortfolioContent, files: dict[int, str]) -> list[str]:
    parts = ['<section aria-labelledby="files"><h2 id="files">Artifacts and consent</h2><ul>']
    for item in [e for e in c.evidence if isinstance(e, Artifact)]:
        href = escape(files[item.id], quote=True)
        parts.append(
            f'<li><a href="{href}">{escape(item.file_name)}</a> '
            f"<span class=meta>{format_megabytes(item.size_bytes)}</span></li>"
        )
    confirmed = sum(1 for e in c.evidence if isinstance(e, Attestation) and e.confirmed)
    parts.append(f"</ul><p>{confirmed} consent statement(s) confirmed by the teacher.</p>")
    if c.consent_counts:
        counts = ", ".join(f"{escape(k)}: {v}" for k, v in sorted(c.consent_counts.items()))
        parts.append(f"<p>Class roster (counts only): {counts}.</p>")
    parts.append("</section>")
    return parts
