"""Text from a source, made safe to show: control characters spelled out, never acted on.

A model id or name from a page may hold anything, "\\x1b[2J" (clear the screen) or "\\u202e" (turn the
text around) included. Scraped ids and names holding such characters are refused (core/validate.py);
text already stored, and errors that quote a page, are shown with ``visible``: each control character as
its escape ("\\x1b"), the rest as it is. Newlines and tabs are kept (a summary has lines).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # tab, newline too


def visible(text: str) -> str:
    """``text`` with every control character written as its escape: "a\\x1b[2Jb" -> "a\\\\x1b[2Jb"."""
    return CONTROL.sub(_escape, text)


def has_control(text: str) -> bool:
    """Whether an id or a name holds a control character (a tab or newline included)."""
    return _ANY_CONTROL.search(text) is not None


def escaped(text: str) -> str:
    """Every control character escaped, tab and newline too: for one line naming a bad id."""
    return _ANY_CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
