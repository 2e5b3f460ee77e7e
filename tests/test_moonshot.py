"""Moonshot's chat pricing page (Markdown DocTables): every row of the real capture read; changes fail."""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import scrapers.moonshot as moonshot
from core.errors import ParseError
from core.values import Status
from scrapers._base import Fetched, Page
from tests.conftest import capture_dir

CAPTURE = "moonshot/2026"


def pricing_page(text: str | None = None) -> Page:
    path = capture_dir(CAPTURE) / "chat.md"
    body = path.read_bytes() if text is None else text.encode()
    return Page(moonshot.PRICING_URL, 200, "text/markdown", body, datetime(2026, 9, 19, tzinfo=UTC))


def test_every_row_of_the_capture_is_read():
    page = pricing_page()
    offerings = {o.key.model: o.values for o in moonshot.parse(Fetched({"pricing": [page]})).offerings}
    text = page.text()
    tables = re.findall(r"columns=\{\[(.*?)\]\}\s+rows=\{\[(.*?)\]\}", text, re.S)
    seen = 0
    for columns, rows in tables:
        titles = re.findall(r'title: "([^"]*)"', columns)
        for line in rows.strip().splitlines():  # each row is JSON once the JSX dollar sign is plain text
            row = json.loads(re.sub(r'<>\{"\$"\}([\d.]+)</>', r'"$\1"', line.strip().rstrip(",")))
            got, seen = offerings[row[0]], seen + 1
            for title, cell in zip(titles[2:], row[2:], strict=True):
                field = moonshot.FIELDS[title]
                expected = int(cell.split()[0].replace(",", "")) if field == "context_window" else Decimal(cell[1:])
                assert got[field].amount == expected, (row[0], title)
            if "Cache Write Price (TTL 5min)" not in titles:
                assert got["cache_write"].status is Status.UNKNOWN
    assert seen == len(offerings) == 4
    assert offerings["kimi-k3"]["other:cache_write_1h"].amount == Decimal(6)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('"1M tokens", <>', '"1K tokens", <>', 1), "prices per '1K tokens'"),
    (lambda t: t.replace("Output Price", "Completion Price", 1), "unknown column 'Completion Price'"),
    (lambda t: t.replace("<DocTable", "<PriceTable"), "no <DocTable> price table found"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = pricing_page(edit(pricing_page().text()))
    with pytest.raises(ParseError, match="platform.kimi.ai/docs/pricing/chat.md") as error:
        moonshot.parse(Fetched({"pricing": [page]}))
    assert message in str(error.value)
