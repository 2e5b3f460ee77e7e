"""Groq's Supported Models page (Markdown): every row of the real capture read cell by cell; layout changes fail."""

import re
from decimal import Decimal

import pytest

import scrapers.groq as groq
from core.errors import ParseError
from core.values import Status
from tests.conftest import captured_page, parse_page

CAPTURE = "groq/2026"


def table_rows(text: str) -> list[list[str]]:
    """Every model row of the page, split on '|' on its own (the test's reading, not the parser's)."""
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| [![")]


def test_every_row_of_the_capture_is_read_cell_by_cell():
    page = captured_page(CAPTURE)
    result = parse_page(groq, page)
    offerings = {o.key.model: o.values for o in result.offerings}
    rows = table_rows(page.text())
    assert len(offerings) == len(rows) == 16
    for row in rows:
        model_id = next(m for m in offerings if row[0].endswith(m))
        values, cell = offerings[model_id], row[2]
        amounts = [Decimal(a) for a in re.findall(r"\$([\d.]+)", cell)]
        if "input" in cell:
            assert (values["input"].amount, values["output"].amount) == tuple(amounts), model_id
        else:
            assert {values[f].status for f in ("input", "output")} == {Status.UNKNOWN}, model_id
            others = [v.amount for k, v in values.items() if k.startswith("other:")]
            assert others == amounts, model_id  # "per hour", "per 1M characters": kept in their unit
        for column, field in ((4, "context_window"), (5, "max_output_tokens")):
            stated = row[column].replace(",", "")
            assert values[field].amount == (int(stated) if stated.isdigit() else None), (model_id, field)
    assert "llama-3.1-8b-instant" in result.warnings[0] and "ContactSales" in result.warnings[0]
    assert offerings["openai/gpt-oss-120b"]["input"].amount == Decimal("0.15")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("## [Preview Models]", "## [Beta Models]"), "table 'Preview Models' not found"),
    (lambda t: t.replace("PRICE PER 1M TOKENS", "PRICE"), "has no column 'PRICE PER 1M TOKENS'"),
    (lambda t: t.replace("$0.111 per hour", "$0.111 per minute"), "price cell '$0.111 per minute'"),
    (lambda t: t.replace("| 131,042 ", "| 131K    "), "'131K' is not a token count"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="console.groq.com/docs/models.md") as error:
        parse_page(groq, page, edit(page.text()))
    assert message in str(error.value)
