"""A price table island's ``props`` attribute: HTML-escaped JSON in Astro's serialisation.

Each price table on the page is an ``<astro-island>``; the visible table shows only its
first rows, the full list is in ``props`` (behind an "All models" button), so that is what
we read. Astro encodes every value: ``[0, value]`` a plain value (an object's values
encoded again), ``[1, [...]]`` an array of encoded values. Floats are read as exact
Decimals, never through binary floats.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborNode

from core.errors import ParseError


def read_props(node: LexborNode, url: str) -> dict[str, Any]:
    """The island's props; floats as exact Decimals."""
    try:
        return {k: decode(v) for k, v in json.loads(html.unescape(node.attributes["props"] or ""),
                                                    parse_float=Decimal).items()}
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
        raise ParseError(f"{url}: a price table's props cannot be read ({exc})") from exc


def decode(encoded: list) -> Any:
    """Astro's serialisation: [0, plain] (an object's values encoded again), [1, [encoded, ...]]."""
    code, *rest = encoded
    if code == 1:
        return [decode(v) for v in rest[0]]
    if code != 0:
        raise ValueError(f"unexpected Astro value type {code}")
    plain = rest[0] if rest else None
    return {k: decode(v) for k, v in plain.items()} if isinstance(plain, dict) else plain
