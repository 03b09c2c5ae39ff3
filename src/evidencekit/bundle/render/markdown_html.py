"""The teacher's Markdown as safe HTML: a small subset, everything escaped first.

Evaluators open bundles from strangers, so nothing in an essay may become
markup: text is escaped before the few constructs teachers use (headings,
paragraphs, bullet and numbered lists, bold, italic) are turned into tags.
Links are shown as text; nothing is ever fetched.
"""

from __future__ import annotations

import re
from html import escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBER = re.compile(r"^\d+[.)]\s+")


def _inline(text: str) -> str:
    html = escape(text, quote=True)
    html = _LINK.sub(lambda m: f"{m[1]} ({m[2]})", html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


def markdown_to_html(markdown: str) -> str:
    blocks = re.split(r"\n\s*\n", markdown.replace("\r\n", "\n").strip())
    out: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if heading and len(lines) == 1:
            level = min(len(heading[1]) + 2, 6)  # h3 and below: the page owns h1 and h2
            out.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
        elif all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', li))}</li>" for li in lines)
            out.append(f"<ul>{items}</ul>")
        elif all(_NUMBER.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBER.sub('', li))}</li>" for li in lines)
            out.append(f"<ol>{items}</ol>")
        else:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(out)
