"""JSON whose numbers are written from Decimal's exact text, never through float: 0.15 per 1M tokens
is 0.00000015 per token, written as those digits (json.dumps would need a float, which is not exact)."""

from __future__ import annotations

import json
from decimal import Decimal


def dumps(value: object, indent: int = 2) -> str:
    """``value`` (dicts, lists, str, int, bool, None and Decimal) as indented JSON text ending in a newline."""
    return _encode(value, indent, 0) + "\n"


def number(amount: Decimal) -> str:
    """A finite Decimal as a JSON number: positional digits, no exponent, no trailing zeros (3E-7 -> 0.0000003)."""
    if not amount.is_finite():
        raise ValueError(f"{amount} is not a finite number")
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _encode(value: object, indent: int, depth: int) -> str:
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dict):
        items = [f"{_string(k)}: {_encode(v, indent, depth + 1)}" for k, v in value.items()]
        return _block("{", items, "}", indent, depth)
    if isinstance(value, (list, tuple)):
        return _block("[", [_encode(v, indent, depth + 1) for v in value], "]", indent, depth)
    if isinstance(value, float):
        raise TypeError("a float in an exact export: pass a Decimal")
    return _string(value) if isinstance(value, str) else json.dumps(value)


def _block(opening: str, items: list[str], closing: str, indent: int, depth: int) -> str:
    if not items:
        return opening + closing
    inner, outer = " " * indent * (depth + 1), " " * indent * depth
    return opening + "\n" + ",\n".join(inner + item for item in items) + "\n" + outer + closing


def _string(text: object) -> str:
    return json.dumps(str(text), ensure_ascii=False)
