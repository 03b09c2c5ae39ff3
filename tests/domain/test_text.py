from __future__ import annotations

import pytest

from evidencekit.domain.text import count_words, format_duration


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("One two three.", 3),
        ("## Heading\n\n- **bold** item\n- _it's_ fine", 5),
        ("A [link](https://example.org/a-b-c) here", 3),
        ("well-known teacher's \u2019quote\u2019", 3),
        ("   \n\n  ", 0),
        ("12 students, 3 groups", 4),
    ],
)
def test_count_words_ignores_markdown_syntax(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (59.6, "1:00"), (751, "12:31"), (3723, "1:02:03")]
)
def test_format_duration(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown
