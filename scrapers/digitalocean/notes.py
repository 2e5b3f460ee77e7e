"""The notes above a maker's table (the paragraphs directly in its accordion), read sentence by sentence.

"GPT-5.6 Sol, Terra, and Luna support an input context window of up to 1.05M tokens": each model named gets that
context window. A short name ("Terra", "Sonnet 4.5") takes the leading words it lacks from the sentence's first
name ("GPT-5.6 Sol", "Claude Sonnet 5"); the name as written or so completed must be the id of exactly one model
of the maker's table, or the page fails naming the sentence. A rounded count ("1.05M": 1,050,000 or 1,048,576?)
is kept as written in the provenance, the count unknown, as for DeepSeek and Public AI; an exact one ("1,048,576
tokens") is a known limit. A note's other sentences are not read: the run's warning quotes them.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.values import TOKENS, Provenance, Value, limit, unknown
from scrapers._html import node_text
from scrapers.digitalocean.cells import model_id

_CONTEXT = re.compile(r"(.+) supports? an input context window of (up to ([\d.,]+[KM]?) tokens)\.")
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")  # "GPT-5.6" and "1.05M" hold dots too
_AND = re.compile(r",\s*and\s+|,\s*|\s+and\s+")
_ROUNDED = re.compile(r"\d+(?:\.\d+)?[KM]")
_EXACT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def note_sentences(details: LexborNode, group: str, url: str) -> list[str]:
    """The sentences of the paragraphs directly in a maker's accordion (not its table, not the billing notice)."""
    sentences = [s for p in details.css("details > p") for s in _SENTENCE_END.split(node_text(p))]
    # a context window stated elsewhere in the accordion would be dropped silently: fail instead
    if details.text().lower().count("context window") != sum(s.lower().count("context window") for s in sentences):
        raise ParseError(f"{url}: {group}: a context window is stated outside the notes above the table")
    return sentences


def context_windows(sentences: list[str], models: set[str], group: str, url: str) -> tuple[dict[str, Value], list[str]]:
    """{model id: its context window} from the sentences stating one, and the sentences not read."""
    windows: dict[str, Value] = {}
    unread = []
    for sentence in sentences:
        if not (stated := _CONTEXT.fullmatch(sentence)):
            if "context window" in sentence.lower():
                raise ParseError(f"{url}: {group}: a context window in {sentence!r} is not read")
            unread.append(sentence)
            continue
        names, phrase, count = stated.groups()
        window = _window(phrase, count, f"{group} · note above the table", url)
        for model in _named(names, models, f"{group}: {sentence!r}", url):
            if model in windows:
                raise ParseError(f"{url}: {group}: the context window of {model} stated twice ({sentence!r})")
            windows[model] = window
    return windows, unread


def _named(names: str, models: set[str], where: str, url: str) -> list[str]:
    """Each name's model id; "Terra" after "GPT-5.6 Sol" is "GPT-5.6 Terra"."""
    written = _AND.split(names)
    first, found = written[0].split(), []
    for name in written:
        words = name.split()
        completed = " ".join(first[:max(len(first) - len(words), 0)] + words)
        matches = {model_id(name), model_id(completed)} & models
        if len(matches) != 1:
            raise ParseError(f"{url}: {where}: {name!r} names {len(matches)} models of the table, not one "
                             f"({sorted(matches)})")
        found.append(matches.pop())
    return found


def _window(phrase: str, count: str, where: str, url: str) -> Value:
    provenance = Provenance(url, where, raw=phrase)
    if _ROUNDED.fullmatch(count):  # "1M", "1.05M": the exact count is not stated
        return unknown(provenance, TOKENS)
    if _EXACT.fullmatch(count):
        return limit(int(count.replace(",", "")), provenance)
    raise ParseError(f"{url}: {where}: {phrase!r} is not a token count")
