"""Close names for a model name that matches nothing: what a person probably meant. Pure.

Names are compared as core/suggest.py normalises ids (lower case, maker prefix, serving suffixes and
OpenRouter tags dropped, separators unified: "Llama-3.3" and "llama-3-3" alike). A candidate is
closer the stricter the test it passes: the same normalised name; the name's words in a row among
its words ("llama 3.3" in "llama-3-3-70b-instruct", "starcoder" in "starcoder2-15b"); its words in
another order; fewer other words first; else a similar spelling (difflib).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from core.suggest import normalised

LIMIT = 5
SIMILAR = 0.75  # difflib's ratio at or above which a spelling counts as similar


def nearest(name: str, candidates: Iterable[tuple[str, str]], limit: int = LIMIT) -> list[str]:
    """The targets of the candidates (text, target) closest to ``name``, closest first, each once."""
    wanted = _words(name)
    best: dict[str, tuple] = {}
    for text, target in candidates:
        score = _score(wanted, _words(text))
        if score is not None and (target not in best or score < best[target]):
            best[target] = score
    return [target for target, _ in sorted(best.items(), key=lambda item: (item[1], item[0]))][:limit]


def _score(wanted: list[str], words: list[str]) -> tuple | None:
    if not wanted or not words:
        return None
    if words == wanted:
        return (0, 0)
    extra = len(words) - len(wanted)
    if _runs(words, len(wanted)) & {tuple(wanted)}:  # its words in a row: "llama 3.3" in llama-3-3-70b
        return (1, extra)
    if not Counter(wanted) - Counter(words):  # its words, in another order: "r1 deepseek"
        return (2, extra)
    ratio = difflib.SequenceMatcher(None, "-".join(wanted), "-".join(words)).ratio()
    return (3, -ratio) if ratio >= SIMILAR else None


def _runs(words: list[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + length]) for i in range(len(words) - length + 1)}


def _words(text: str) -> list[str]:
    return [word for word in normalised(text, "suffix").split("-") if word]
