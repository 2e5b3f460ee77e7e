"""The limits the models page's Language tables state in prose: "1M context window", "Context Length: 200k
tokens", "Maximum Output: 128k tokens". Rounded counts are kept as written in provenance and recorded as
unknown; an exact count is read.
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.offering import LIMIT_FIELDS
from core.values import TOKENS, Provenance, Value, limit, unknown
from scrapers._base import Fetched, Page
from scrapers._markdown import cells_of, table
from scrapers.minimax.cells import plain
from scrapers.minimax.tables import find_tables

_COUNT = r"(\d[\d,]*[kM]?)"
LIMITS = (("context_window", rf"Context Length: {_COUNT} tokens"), ("context_window", rf"\b{_COUNT} context window"),
          ("max_output_tokens", rf"Maximum Output: {_COUNT} tokens"))
Limits = dict[str, dict[str, Value]]  # per model name, its limit fields


def models_limits(fetched: Fetched) -> tuple[Limits | None, str | None]:
    """Per model name, the limits the models page states; None and why when it could not be read (it is optional)."""
    if "models" not in fetched.pages:
        return None, fetched.failures.get("models", "no response")
    try:
        return _page_limits(fetched.pages["models"][0]), None
    except ParseError as exc:
        return None, str(exc)


def _page_limits(page: Page) -> Limits:
    """The limits of every row of the tables under 'Language'."""
    tables = [t for t in find_tables(page.text()) if t.section == "Language"]
    if not tables:
        raise ParseError(f"{page.url}: no table under 'Language'")
    return dict(_row_limits(cells_of(header, row, page.url, t.title), page.url)
                for t in tables for header, rows in [table(t.lines, page.url, t.title)] for row in rows)


def _row_limits(row: list[str], url: str) -> tuple[str, dict[str, Value]]:
    name, text = plain(row[0]), plain(" ".join(row))
    values = {f: unknown(Provenance(url, f"Language · {name}"), TOKENS) for f in LIMIT_FIELDS}
    for limit_field, pattern in LIMITS:
        for match in re.finditer(pattern, text):
            written = values[limit_field].provenance.raw
            if written is not None and written != match.group(1):
                raise ParseError(f"{url}: {name}: two different {limit_field} values")
            values[limit_field] = _limit(match.group(1), Provenance(url, f"Language · {name}", raw=match.group(1)))
    return name, values


def _limit(written: str, source: Provenance) -> Value:
    # "200k", "1M" are rounded by the page (MiniMax-M2's "200k" is 196,608 tokens on other routes):
    # kept as written in provenance, the exact count unknown, as for Public AI and DeepSeek.
    if written[-1] in "kM":
        return unknown(source, TOKENS)
    return limit(int(written.replace(",", "")), source)
