"""What two kinds of words on a price page mean, whatever the page is written in (HTML, Markdown, JSON).

"Free" in a price cell: the word alone says the price is 0. "Free", "free", "FREE", "Limited-time free",
"limited time free" and Volcengine's "免费" are free, with footnote marks, spaces or punctuation around
("Free*", "free¹", "(Free)"). A figure, a "$", a "/" or another word makes the cell something else, never
guessed free: "$0.30", "free tier 100 requests/day", "1M free tokens then $0.2", "Free for 30 days".

Footnote marks after a name ("(1)", "[2]", "*", "†", "‡", "¹²", several in a row) are not part of it:
"gpt-4 (1)" is "gpt-4", "glm-5¹" is "glm-5"; "model-2" and "llama 3.1 405b" have none.

No HTML parser here: Markdown and JSON scrapers read these words too (scrapers/_html.py adds the HTML side).
"""

from __future__ import annotations

import re

MARK = r"(?:\(\d{1,2}\)|\[\d{1,2}\]|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰])"  # one footnote mark: "(1)", "[2]", "*", "†", "¹"
MARKS = re.compile(rf"(?:\s*{MARK})+$")  # the footnote marks ending a name: "gpt-4 (1)", "glm-5¹²", "sonar *"
FREE_WORD = r"(?i:(?:limited[- ]time )?free|免费)"  # the word itself, for a provider's own cell pattern
# Around the word: footnote marks (their digits are word characters), spaces, punctuation; no "$" or "/". The
# alternatives never match the same text, so a long run of marks cannot make the match backtrack for long.
_AROUND = r"(?:\(\d{1,2}\)|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]|[^\w$/])*"
FREE = re.compile(rf"{_AROUND}{FREE_WORD}{_AROUND}")  # use with fullmatch: the whole text says "free"


def is_free(text: str) -> bool:
    """The text says the price is free: "Free", "free*", "Limited-time free", "免费" ("$0.30" does not)."""
    return FREE.fullmatch(text) is not None


def without_marks_text(text: str) -> str:
    """A name without the footnote marks after it: "gpt-4 (1)" -> "gpt-4", "glm-5¹" -> "glm-5"."""
    return MARKS.sub("", text)
